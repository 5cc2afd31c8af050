namespace TrackPipeline.Classification;

/// <summary>The four exemplars the physicists look for, and the other classes a track can fall in.</summary>
public static class QuestCategory
{
    public const string NeatElectron = "neat_electron";
    public const string BremElectron = "brem_electron";
    public const string SymmetricPair = "symmetric_pair";
    public const string WeirdPair = "weird_pair";
    public const string Compton = "compton";
    public const string Photoabsorption = "photoabsorption";
    public const string Other = "other";

    /// <summary>The quest categories, in the order they are reported.</summary>
    public static readonly string[] Quest = [NeatElectron, BremElectron, SymmetricPair, WeirdPair];
}
