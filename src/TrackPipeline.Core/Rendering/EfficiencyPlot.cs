using TrackPipeline.Classification;
using TrackPipeline.Output;
using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>
/// The classifier's efficiency per true class against the primary energy (the dataset's energy folder): of the tracks
/// the truth puts in a class, the fraction predicted as that class. Only tracks with a truth class and a prediction.
/// </summary>
public sealed class EfficiencyPlot : IRunPlot
{
    private readonly SortedDictionary<int, (long[] Total, long[] Correct)> _byEnergy = [];

    public string FileName => "efficiency_vs_energy.png";
    public string Caption => "Classifier efficiency per true class vs energy (tracks with truth)";
    public IReadOnlyCollection<string> Columns => [TrackColumns.TruthClass, TrackColumns.PredictedClass];

    /// <summary>Tracks with a truth class and a prediction.</summary>
    public long TracksWithTruth { get; private set; }
    public long TruthWithoutPrediction { get; private set; }
    /// <summary>Tracks with truth from an energy folder of 0 keV (<c>E0000000</c>: energy not known): no place on a log axis.</summary>
    public long UnknownEnergy { get; private set; }

    /// <summary>The energies (keV) that have tracks with truth, ascending.</summary>
    public IReadOnlyCollection<int> Energies => _byEnergy.Keys;

    public void Add(string particle, int energyKev, IReadOnlyDictionary<string, object?> row)
    {
        if (row.GetValueOrDefault(TrackColumns.TruthClass) is not string truth) return;
        if (row.GetValueOrDefault(TrackColumns.PredictedClass) is not string predicted)
        {
            TruthWithoutPrediction++;
            return;
        }
        int t = QuestCategory.IndexOf(truth);
        if (t < 0) return;   // a class this build does not know: the confusion matrix counts and names these
        if (energyKev <= 0)
        {
            UnknownEnergy++;
            return;
        }
        if (!_byEnergy.TryGetValue(energyKev, out var counts))
            _byEnergy[energyKev] = counts = (new long[QuestCategory.All.Length], new long[QuestCategory.All.Length]);
        counts.Total[t]++;
        if (predicted == truth) counts.Correct[t]++;
        TracksWithTruth++;
    }

    /// <summary>Tracks of true class <paramref name="category"/> at an energy, and how many of them were predicted as it.</summary>
    public (long Total, long Correct) At(string category, int energyKev)
    {
        int k = QuestCategory.IndexOf(category);
        return k >= 0 && _byEnergy.TryGetValue(energyKev, out var c) ? (c.Total[k], c.Correct[k]) : (0, 0);
    }

    /// <summary>
    /// The 68 % (one sigma) Wilson score interval of an efficiency of <paramref name="correct"/> out of
    /// <paramref name="total"/>: unlike the normal approximation it stays inside [0, 1] and is not zero wide at 0/n or n/n.
    /// </summary>
    public static (double Low, double High) OneSigmaInterval(long correct, long total)
    {
        if (total <= 0) return (0, 1);
        const double z = 1;   // one standard deviation
        double n = total, p = correct / n, z2 = z * z;
        double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
        double half = z / (1 + z2 / n) * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    public SKBitmap Draw(TrackRenderer renderer, int width, int height)
    {
        var bitmap = TrackRenderer.NewBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        float header = height * 0.08f;
        renderer.DrawHeader(canvas, TracksWithTruth == 0
            ? "Classifier efficiency vs energy"
            : $"Classifier efficiency per true class vs energy ({TracksWithTruth} tracks with truth" +
              (UnknownEnergy > 0 ? $"; {UnknownEnergy} of unknown energy not shown)" : ")"), width, header);
        var rect = new SKRect(0, header, width, height);
        if (TracksWithTruth == 0)
            renderer.DrawNoTruthPanel(canvas, rect, UnknownEnergy > 0
                ? $"The {UnknownEnergy} tracks with truth come from energy folders of 0 keV (energy not known): nothing to place on an energy axis."
                : ConfusionMatrixPlot.NoTruthMessage(TruthWithoutPrediction));
        else renderer.DrawEfficiency(canvas, rect, this);
        return bitmap;
    }
}
