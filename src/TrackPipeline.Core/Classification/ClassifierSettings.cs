namespace TrackPipeline.Classification;

/// <summary>
/// The classifier (configuration section <c>Classifier</c>): which learned model, which view of the charge, and the
/// quest thresholds. The model is trained by <c>trackpipeline train</c> (docs/classification.md).
/// </summary>
public sealed class ClassifierSettings
{
    public const string Section = "Classifier";

    /// <summary>
    /// The model, an ONNX graph (<c>classifier.onnx</c>, which <c>train</c> exports). The shipped default is relative to the
    /// program folder (where config/ is copied); a relative path the user gives (command line, environment, --config) is
    /// made absolute against the current folder when the settings are read (<c>UserModelPath</c>), as <c>--model-dir</c> is.
    /// </summary>
    public string ModelPath { get; set; } = "";
    /// <summary>What the classifier sees: <c>Pixels</c> (default, the detector's view) or <c>PerfectDetector</c> (raw deposits, studies only; needs a model trained on that view).</summary>
    public DetectorView View { get; set; }
    /// <summary>
    /// Radius (mm) of the sphere whose charge gives the charge per length at a track end, at the vertex and along the track
    /// (<see cref="ChargeProfile"/>): the first millimetre or so, where the leptons have not scattered apart yet.
    /// The model is trained with one value (its provenance records it); change it only with a retrain.
    /// </summary>
    public double EndChargeRadiusMm { get; set; }
    /// <summary>
    /// Arc-length window (mm from each end of the main track's longest path) over which <see cref="EndPlateau"/> averages
    /// the charge per length: past the end voxel, within the first centimetre where a pair's leptons still overlap.
    /// The model is trained with one window (its provenance records it); change it only with a retrain.
    /// </summary>
    public double EndPlateauFromMm { get; set; }
    /// <summary>End of that window (mm).</summary>
    public double EndPlateauToMm { get; set; }
    /// <summary>
    /// Half-angle (degrees) of the cone ahead of the main track's start in which a detached cluster counts as lying
    /// along the track (<see cref="DetachedAlignment"/>): where an electron's brem photons go. The model is trained with
    /// one value (its provenance records it); change it only with a retrain.
    /// </summary>
    public double DetachedConeDeg { get; set; }
    /// <summary>
    /// Arc-length window (mm from the reconstruction's start along the main track) over which <see cref="StartStem"/>
    /// averages the charge per length: the first centimetres, where a pair's two leptons still overlap. The model is
    /// trained with one window (its provenance records it); change it only with a retrain.
    /// </summary>
    public double StartStemFromMm { get; set; }
    /// <summary>End of that window (mm).</summary>
    public double StartStemToMm { get; set; }
    /// <summary>Skeleton junctions closer than this (mm) to the track's start count as branch points at the start (<see cref="StartStem"/>); retrain when changed.</summary>
    public double StartBranchRadiusMm { get; set; }
    /// <summary>The prong split dividing the symmetric pair quest from the weird one: the label rule's limit (<c>Labels:SymmetricMinRatio</c>, a test checks they agree).</summary>
    public double QuestSymmetricMinSplit { get; set; }
    /// <summary>Resolution of the reconstructed prong split (<c>reco_prong_split</c>) against the truth vertex's prong charges, measured on generated pairs (docs/classification.md).</summary>
    public double QuestSplitSigma { get; set; }
    /// <summary>
    /// The pair decision's operating point: a track is predicted a pair (the more probable pair class) when the two pair
    /// classes together reach this probability, else the most probable family decides (<see cref="QuestCategory.Decide"/>).
    /// Chosen by 5-fold cross-validation on the training sample (docs/classification.md); 0.5 or more: plain argmax.
    /// </summary>
    public double PairMinProbability { get; set; }
    /// <summary>The symmetric-pair quest asks the fitted V to be narrower than this (degrees): a pair's leptons leave forward (<see cref="QuestRanking"/>).</summary>
    public double QuestMaxOpeningDeg { get; set; }
    /// <summary>Softness of that limit (degrees).</summary>
    public double QuestOpeningSigmaDeg { get; set; }
    /// <summary>The symmetric-pair quest asks the stem at the pair vertex for more than this many MIPs per length (<c>pair_stem_mips</c>): two leptons leave a pair vertex, one a Compton recoil's fork (<see cref="QuestRanking"/>).</summary>
    public double QuestStemMinMips { get; set; }
    /// <summary>Softness of that limit (MIPs).</summary>
    public double QuestStemMipsSigma { get; set; }
    /// <summary>A track is a candidate for a category when its probability reaches this.</summary>
    public double CandidateThreshold { get; set; }
    /// <summary>How many ranked candidates per category go into quest/candidates.parquet.</summary>
    public int QuestTopPerCategory { get; set; }
    /// <summary>
    /// The largest <see cref="QuestTopPerCategory"/> accepted: far above any list a person reads (the shipped 20), below the
    /// sizes that cost (int.MaxValue failed "Non-negative number required" after the run; 1e9 took 7x the CPU of 1e8; breaker 17).
    /// </summary>
    public const int MaxQuestTopPerCategory = 100_000;

    public PairCriteria PairCriteria => new(QuestSymmetricMinSplit, QuestSplitSigma, PairMinProbability, QuestMaxOpeningDeg, QuestOpeningSigmaDeg, QuestStemMinMips, QuestStemMipsSigma);

    public string ResolvedModelPath => Path.IsPathRooted(ModelPath) ? ModelPath : Path.Combine(AppContext.BaseDirectory, ModelPath);

    public FeatureView FeatureView(Topology.TopologySettings topology) => new(View, topology, EndChargeRadiusMm, EndPlateauFromMm, EndPlateauToMm, DetachedConeDeg,
        StartStemFromMm, StartStemToMm, StartBranchRadiusMm);

    /// <param name="modelNeeded">Whether the run classifies (a readout is on): without one the model is never loaded, so
    /// its file is not checked (the path must still be given).</param>
    public IEnumerable<string> Problems(bool modelNeeded = true)
    {
        if (!(EndChargeRadiusMm > 0)) yield return "Classifier:EndChargeRadiusMm must be positive";
        if (!(EndPlateauFromMm >= 0 && EndPlateauToMm > EndPlateauFromMm)) yield return "Classifier:EndPlateauFromMm must be >= 0 and below Classifier:EndPlateauToMm";
        if (!(StartStemFromMm >= 0 && StartStemToMm > StartStemFromMm)) yield return "Classifier:StartStemFromMm must be >= 0 and below Classifier:StartStemToMm";
        if (!(StartBranchRadiusMm > 0)) yield return "Classifier:StartBranchRadiusMm must be positive";
        if (!(DetachedConeDeg is > 0 and < 180)) yield return "Classifier:DetachedConeDeg must be in (0, 180) degrees";
        if (!(QuestSymmetricMinSplit is > 0 and < 1)) yield return "Classifier:QuestSymmetricMinSplit must be in (0, 1)";
        if (!(QuestSplitSigma > 0)) yield return "Classifier:QuestSplitSigma must be positive";
        if (!(PairMinProbability is > 0 and <= 1)) yield return "Classifier:PairMinProbability must be in (0, 1]";
        if (!(QuestMaxOpeningDeg is > 0 and <= 180)) yield return "Classifier:QuestMaxOpeningDeg must be in (0, 180] degrees";
        if (!(QuestOpeningSigmaDeg > 0)) yield return "Classifier:QuestOpeningSigmaDeg must be positive";
        if (!(QuestStemMinMips is > 0 and < 4)) yield return "Classifier:QuestStemMinMips must be in (0, 4) MIPs";
        if (!(QuestStemMipsSigma > 0)) yield return "Classifier:QuestStemMipsSigma must be positive";
        if (!(CandidateThreshold is >= 0 and <= 1)) yield return "Classifier:CandidateThreshold must be in [0, 1]";
        if (QuestTopPerCategory < 1) yield return "Classifier:QuestTopPerCategory must be at least 1";
        else if (QuestTopPerCategory > MaxQuestTopPerCategory)
            yield return $"Classifier:QuestTopPerCategory must be at most {MaxQuestTopPerCategory} (the candidates of each category are held in memory, sorted, and drawn with --images quest)";
        if (string.IsNullOrWhiteSpace(ModelPath)) yield return "Classifier:ModelPath must name the model, classifier.onnx (trackpipeline train writes it)";
        // Until round 10 the run read ML.NET's zip; it now scores the ONNX export train writes beside it.
        else if (!modelNeeded) yield break;
        else if (ModelPath.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            yield return $"Classifier:ModelPath: {ResolvedModelPath} is ML.NET's model zip; run and evaluate score its ONNX export: point it at {Path.ChangeExtension(ResolvedModelPath, ".onnx")} (train writes both)";
        else if (Directory.Exists(ResolvedModelPath))
            yield return $"Classifier:ModelPath: {ResolvedModelPath} is a folder, not a model file: point it at the classifier.onnx inside (train writes it there)";
        // A relative path is the shipped default (a path the user gives is made absolute against the current folder when
        // the settings are read): missing, it has not been trained yet. A path the user typed that is not there is a typo
        // or the wrong folder, where "train first" would be the wrong advice.
        else if (!File.Exists(ResolvedModelPath))
            yield return Path.IsPathRooted(ModelPath)
                ? $"Classifier:ModelPath: no model at {ResolvedModelPath}: that path does not exist"
                : $"Classifier:ModelPath: no model at {ResolvedModelPath}; run 'trackpipeline train' first";
        else if (NotRegular(ResolvedModelPath) is { } why) yield return $"Classifier:ModelPath: {ResolvedModelPath} {why}";
    }

    /// <summary>
    /// Why <paramref name="path"/> is not a regular file, or null: a FIFO or a device (File.Exists is true for both) would
    /// block the model's first read for ever (breaker 6 F4b), so it is refused from its type alone, as an input is.
    /// </summary>
    private static string? NotRegular(string path)
    {
        try
        {
            Tracks.InputFile.RequireRegular(path);
            return null;
        }
        catch (Formats.TrackFormatException e)
        {
            return e.Problem;
        }
    }
}
