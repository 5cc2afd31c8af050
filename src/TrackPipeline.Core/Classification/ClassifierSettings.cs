namespace TrackPipeline.Classification;

/// <summary>
/// Thresholds of the rule-based classifier (configuration section <c>Classifier</c>). Each score is a product of
/// soft ramps: <c>Ramp(x, lo, hi)</c> is 0 below lo, 1 above hi, linear between. See docs/classifier.md.
/// </summary>
public sealed class ClassifierSettings
{
    public const string Section = "Classifier";

    /// <summary>A track is a candidate for a category when its score reaches this.</summary>
    public double CandidateThreshold { get; set; }
    /// <summary>How many ranked candidates per category go into quest/candidates.parquet.</summary>
    public int QuestTopPerCategory { get; set; }
    /// <summary>Clean electron categories only from primaries at least this energetic (100 keV tracks are blobs).</summary>
    public double MinElectronEnergyKev { get; set; }
    /// <summary>Neat electron: bremsstrahlung fraction of the energy where the score starts to fall, and where it is 0.</summary>
    public double NeatBremFractionLow { get; set; }
    public double NeatBremFractionHigh { get; set; }
    /// <summary>Neat electron: main-cluster charge fraction ramp.</summary>
    public double NeatMainFractionLow { get; set; }
    public double NeatMainFractionHigh { get; set; }
    /// <summary>Neat electron: straightness ramp (end-to-end over length of the longest skeleton path).</summary>
    public double NeatStraightnessLow { get; set; }
    public double NeatStraightnessHigh { get; set; }
    /// <summary>Neat electron: skeleton length (mm) ramp of the quality term.</summary>
    public double NeatLengthLowMm { get; set; }
    public double NeatLengthHighMm { get; set; }
    /// <summary>Brem electron: number of significant detached clusters for the full spread bonus.</summary>
    public double BremDetachedClustersFull { get; set; }
    /// <summary>Brem electron: spread of the detached clusters (mm) ramp.</summary>
    public double BremSpreadLowMm { get; set; }
    public double BremSpreadHighMm { get; set; }
    /// <summary>Symmetric pair: prong-symmetry ramp.</summary>
    public double SymmetricLow { get; set; }
    public double SymmetricHigh { get; set; }
    /// <summary>Symmetric pair: prongs must separate within this radius of the vertex (mm) to count as clearly separated.</summary>
    public double SeparatedWithinMm { get; set; }
    /// <summary>Weird pair: symmetry below this counts as strongly asymmetric (score 1 at 0, ramping to 0 here).</summary>
    public double WeirdAsymmetryBelow { get; set; }

    public IEnumerable<string> Problems()
    {
        if (!(CandidateThreshold is >= 0 and <= 1)) yield return "Classifier:CandidateThreshold must be in [0, 1]";
        if (QuestTopPerCategory < 1) yield return "Classifier:QuestTopPerCategory must be at least 1";
        if (!(NeatBremFractionLow < NeatBremFractionHigh)) yield return "Classifier:NeatBremFractionLow must be below NeatBremFractionHigh";
        if (!(NeatMainFractionLow < NeatMainFractionHigh)) yield return "Classifier:NeatMainFractionLow must be below NeatMainFractionHigh";
        if (!(NeatStraightnessLow < NeatStraightnessHigh)) yield return "Classifier:NeatStraightnessLow must be below NeatStraightnessHigh";
        if (!(BremSpreadLowMm < BremSpreadHighMm)) yield return "Classifier:BremSpreadLowMm must be below BremSpreadHighMm";
        if (!(SymmetricLow < SymmetricHigh)) yield return "Classifier:SymmetricLow must be below SymmetricHigh";
        if (!(BremDetachedClustersFull > 3)) yield return "Classifier:BremDetachedClustersFull must be above 3";
        if (!(NeatLengthLowMm < NeatLengthHighMm)) yield return "Classifier:NeatLengthLowMm must be below NeatLengthHighMm";
    }
}
