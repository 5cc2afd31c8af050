namespace TrackPipeline.App.Hosting;

/// <summary>
/// Settings an earlier version had and this one has not: a user who gives one (an old script, a pipeline preset, a
/// <c>--config</c> file) is told it was removed and what that means for the run, not that it is unknown (a typo). One
/// row per key, with what the shipped value was and what replaced it (from the git history of the shipped JSON).
/// </summary>
public static class RemovedSettings
{
    /// <summary>One removed key: when, and what a user who still sets it should know.</summary>
    public sealed record Removed(string Key, string When, string What);

    private const string HandSetClassifier =
        "it tuned the hand-set classifier, replaced by the learned model (Classifier:ModelPath, docs/classification.md): nothing reads it; drop it";

    private const string ConeClusters =
        "it widened the cone vertex search to more clusters, shipped off (1 cluster) and measured no gain (docs/vertex-finding.md): this version searches the main cluster only, as with the shipped value; drop it";

    private const string FarField =
        "it combined the photon line with the event's far-field charge, shipped off (scale 0) and measured no gain (docs/reconstruction.md, round 7): this version uses the near fit alone, as with the shipped value; drop it";

    private const string StemFork =
        "the fork search after a two-MIP stem (StemFork), shipped off (StemForkToMm 0) and rejected by its rule on generated pairs (few forks among pairs without a V, a poor energy split; docs/reconstruction.md, issue 9 rounds 13-14): this version fits only the sphere's V, as with 0; drop it";

    public static readonly IReadOnlyList<Removed> All =
    [
        new("Reconstruction:LeptonEnergyFrom", "2026-11-28",
            "the lepton energies are the charge's (prong + credited brems), as with the shipped 'charge'; the split from the multiple scattering ('scattering', 'combined') was measured worse (docs/reconstruction.md, round 8) and removed: drop it"),
        new("Reconstruction:ChargeSplitSigma", "2026-11-28",
            "it weighted the charge split against the multiple scattering's in LeptonEnergyFrom = combined, removed with it (docs/reconstruction.md, round 8): drop it"),
        new("Reconstruction:PairPhotonMaxSplitRadiusMm", "2026-11-28",
            "it was off (0) as shipped and measured no consistent gain (docs/reconstruction.md, round 8): the photon is the stem's, as with 0; the per-lepton photon stays as PhotonFit = leptons; drop it"),
        new("Training:ClassWeightPower", "2026-11-28",
            "it weighted the classes in the fit, shipped 0 (every track alike) and not better than the pair operating point by 5-fold cross-validation (docs/classification.md, round 7): this version fits as with 0; drop it (the weighted-fit benchmark still measures weights)"),
        new("Reconstruction:FitKinkChi2", "2026-11-28",
            "it was off (0) as shipped and measured no gain (docs/reconstruction.md): this version fits as with 0, nothing to do; drop it"),
        new("Reconstruction:StemScatteringFromSplit", "2026-11-28",
            "it was off (false) as shipped and measured no gain (docs/reconstruction.md): this version splits the stem's scattering evenly, as with false; drop it"),
        new("Reconstruction:FarFieldSpreadScale", "2026-11-28", FarField),
        new("Reconstruction:FarFieldMinDistanceMm", "2026-11-28", FarField),
        new("Reconstruction:FarFieldConeHalfAngleDeg", "2026-11-28", FarField),
        new("Topology:VertexConeClusters", "2026-11-28", ConeClusters),
        new("Topology:VertexConeClusterMinChargeFraction", "2026-11-28", ConeClusters),
        new("Topology:VertexConeOtherClusterMinMips", "2026-11-28", ConeClusters),
        new("Reconstruction:PhotonFitRefineCorridorMm", "2026-11-28",
            "a third pass of the stem fit in a narrower corridor, shipped off (0) and rejected by its rule at the vertex found (docs/reconstruction.md, round 12): this version fits as with 0; drop it"),
        .. ((string[])["StemForkToMm", "StemForkFromMm", "StemForkStepMm", "StemForkShellMm", "StemForkMinArmMips"])
            .Select(k => new Removed("Reconstruction:" + k, "2026-11-29", StemFork)),
        new("Topology:VertexEventGroupLinkMm", "2026-11-28",
            "it limited the event vertex to the main cluster's group of linked clusters, shipped off (0: every cluster is the event) and measured no gain (docs/reconstruction.md, round 10): this version takes every cluster, as with 0; drop it"),
        new("Images:DetachedFrameReach", "2026-11-27",
            "replaced by Images:DetachedFrameMaxGrowth (a brem electron's frame takes in its detached clusters while the primary spans at least 1/4 of it; config/pictures.json)"),
        new("Images:PairZoomMm", "2026-11-27",
            "the V frame follows the pair vertex found from the charge now (Images:PairFrameSplitRadii, PairFrameMinMm; config/pictures.json): drop it"),
        .. ((string[])["MinElectronEnergyKev", "NeatBremFractionLow", "NeatBremFractionHigh", "NeatMainFractionLow", "NeatMainFractionHigh",
            "NeatStraightnessLow", "NeatStraightnessHigh", "NeatLengthLowMm", "NeatLengthHighMm", "BremDetachedClustersFull",
            "BremSpreadLowMm", "BremSpreadHighMm", "SymmetricLow", "SymmetricHigh", "SeparatedWithinMm", "WeirdAsymmetryBelow"])
            .Select(k => new Removed("Classifier:" + k, "2026-11-27", HandSetClassifier)),
    ];

    /// <summary>The row of <paramref name="section"/>:<paramref name="key"/> (any case), or null when it was never removed.</summary>
    public static Removed? Find(string section, string key) =>
        All.FirstOrDefault(r => r.Key.Equals($"{section}:{key}", StringComparison.OrdinalIgnoreCase));

    /// <summary>The one-line problem for a removed key the user still sets.</summary>
    /// <param name="source">Where it is still set (<see cref="SettingsCatalog.SourceName"/>), so the user knows which file to drop it from.</param>
    public static string Problem(Removed removed, string source) => $"{removed.Key}: was removed in this version ({removed.When}), given in {source}; {removed.What}";
}
