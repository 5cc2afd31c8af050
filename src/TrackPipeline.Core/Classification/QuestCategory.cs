namespace TrackPipeline.Classification;

/// <summary>
/// The classes a physicist sorts tracks into, as seen in the charge alone (docs/classification.md), and the four
/// quest exemplars among them.
/// </summary>
public static class QuestCategory
{
    /// <summary>One electron track, no detached sub-tracks worth the name.</summary>
    public const string NeatElectron = "neat_electron";
    /// <summary>An electron track with bremsstrahlung photons converting or scattering away from it.</summary>
    public const string BremElectron = "brem_electron";
    /// <summary>A pair conversion whose two leptons share the energy evenly (the lighter one has at least half the heavier's).</summary>
    public const string SymmetricPair = "symmetric_pair";
    /// <summary>A pair conversion that is asymmetric or otherwise odd (one lepton takes nearly everything, extra prongs).</summary>
    public const string WeirdPair = "weird_pair";
    /// <summary>A photon that Compton-scatters and deposits at separate sites, with no pair conversion.</summary>
    public const string MultiSiteCompton = "multi_site_compton";
    /// <summary>All the charge at one site: a photoabsorption, or a Compton electron whose photon deposits nearby.</summary>
    public const string SingleSite = "single_site";
    /// <summary>Nothing of the above: e.g. no charge at all.</summary>
    public const string Other = "other";

    /// <summary>The quest categories, in the order they are reported.</summary>
    public static readonly string[] Quest = [NeatElectron, BremElectron, SymmetricPair, WeirdPair];

    /// <summary>Every class, in the model's output order (the model's key i+1 is <c>All[i]</c>).</summary>
    public static readonly string[] All = [NeatElectron, BremElectron, SymmetricPair, WeirdPair, MultiSiteCompton, SingleSite, Other];

    public static int IndexOf(string name) => Array.IndexOf(All, name);

    /// <summary>The classes an electron (or positron) primary falls in; the others are photon classes.</summary>
    public static bool IsElectronClass(string name) => name is NeatElectron or BremElectron;

    public static bool IsPairClass(string name) => name is SymmetricPair or WeirdPair;

    /// <summary>
    /// The family of class <paramref name="index"/>: the electron classes, the pair classes, and each other class
    /// alone. The decision picks the family first (its probabilities summed), then the class within it, so a clear
    /// pair of unclear symmetry is not outvoted by a third class.
    /// </summary>
    private const int PairFamily = 1;

    public static int FamilyOf(int index) => All[index] switch
    {
        NeatElectron or BremElectron => 0,
        SymmetricPair or WeirdPair => 1,
        _ => 2 + index,
    };

    /// <summary>
    /// The predicted class: the most probable class of the pair family when the pair classes together reach
    /// <paramref name="pairMinProbability"/>, else of the most probable family. The model is trained on a sample where
    /// pairs are a sixth of the tracks and a missed V leaves them looking like brem electrons, so its pair probability
    /// is low for most pairs it misses (median 0.12 over 5-fold cross-validation): a threshold below one half calls
    /// more of them pairs, at no cost in electron vs photon (docs/classification.md, round 6). 0.5 or more: the plain
    /// most probable family.
    /// </summary>
    public static int Decide(ReadOnlySpan<double> probabilities, double pairMinProbability)
    {
        Span<double> family = stackalloc double[2 + All.Length];
        for (int i = 0; i < probabilities.Length; i++) family[FamilyOf(i)] += probabilities[i];
        int bestFamily = 0;
        for (int f = 1; f < family.Length; f++) if (family[f] > family[bestFamily]) bestFamily = f;
        if (family[PairFamily] >= pairMinProbability) bestFamily = PairFamily;
        int best = -1;
        for (int i = 0; i < probabilities.Length; i++)
            if (FamilyOf(i) == bestFamily && (best < 0 || probabilities[i] > probabilities[best])) best = i;
        return best;
    }
}
