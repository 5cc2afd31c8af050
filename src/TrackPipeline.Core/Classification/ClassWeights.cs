namespace TrackPipeline.Classification;

/// <summary>
/// Weights of the classes in a fit, against their frequency in the training sample: w_c = (N / (K n_c))^power, with
/// n_c the tracks of class c, N all of them and K the classes present. Power 0 weighs every track alike (the plain
/// fit); 1 makes every class weigh as much in total as any other, so a rare class (symmetric pairs are a twentieth of
/// the sample) is not traded away for the common ones. The alternative to moving the decision's operating point
/// after an unweighted fit, measured by 5-fold cross-validation (docs/classification.md, round 7) and not shipped: the
/// weighted-fit benchmark uses it; <c>train</c> fits every track alike (<c>Training:ClassWeightPower</c> was removed).
/// </summary>
public static class ClassWeights
{
    /// <summary>One weight per class of <see cref="QuestCategory.All"/> (0 for a class absent from <paramref name="classIndices"/>).</summary>
    public static float[] Of(IEnumerable<int> classIndices, double power)
    {
        var counts = new int[QuestCategory.All.Length];
        foreach (var c in classIndices) counts[c]++;
        int total = counts.Sum(), present = counts.Count(n => n > 0);
        var w = new float[counts.Length];
        for (int c = 0; c < w.Length; c++)
            w[c] = counts[c] == 0 ? 0 : (float)Math.Pow((double)total / (present * counts[c]), power);
        return w;
    }
}
