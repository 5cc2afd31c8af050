namespace TrackPipeline.Classification;

/// <summary>Which truth splits a pair into symmetric and weird (<see cref="LabelSettings.PairSplitRule"/>).</summary>
public enum PairSplitRule
{
    /// <summary>Lighter / heavier lepton kinetic energy where the truth has it (generated tracks), else the prong charges.</summary>
    LeptonEnergies,
    /// <summary>For every pair the charge symmetry of the two prongs at the truth vertex, on the raw deposits: one rule for generated and PENELOPE tracks alike.</summary>
    ProngCharges,
}

/// <summary>
/// How the simulation truth names a track's class, for training and evaluation only (configuration section
/// <c>Labels</c> in config/analysis.json; the reasons are in docs/classification.md).
/// </summary>
public sealed class LabelSettings
{
    public const string Section = "Labels";

    /// <summary>Electrons below this are millimetre blobs: single-site, not a track with a direction.</summary>
    public double MinElectronTrackKev { get; set; }
    /// <summary>Brem photons at least this energetic count (softer ones are absorbed within a few mm of the track).</summary>
    public double VisibleBremKev { get; set; }
    /// <summary>An electron is neat while its visible brem carries less than this fraction of its energy.</summary>
    public double NeatMaxBremFraction { get; set; }
    /// <summary>A pair is symmetric when the lighter lepton has at least this fraction of the heavier one's energy.</summary>
    public double SymmetricMinRatio { get; set; }
    /// <summary>What the ratio is of: the lepton energies (where known) or the prong charges at the truth vertex.</summary>
    public PairSplitRule PairSplitRule { get; set; }
    /// <summary>Compton recoils and photoabsorptions at least this energetic are sites (softer ones stay under the pixel threshold).</summary>
    public double SiteMinKev { get; set; }
    /// <summary>Two sites farther apart than this are separate (several pixel pitches and longer than a 1 MeV electron track).</summary>
    public double SiteSeparationMm { get; set; }

    public IEnumerable<string> Problems()
    {
        if (!(MinElectronTrackKev >= 0)) yield return "Labels:MinElectronTrackKev must not be negative";
        if (!(VisibleBremKev >= 0)) yield return "Labels:VisibleBremKev must not be negative";
        if (!(NeatMaxBremFraction is > 0 and < 1)) yield return "Labels:NeatMaxBremFraction must be in (0, 1)";
        if (!(SymmetricMinRatio is > 0 and < 1)) yield return "Labels:SymmetricMinRatio must be in (0, 1)";
        if (!(SiteMinKev >= 0)) yield return "Labels:SiteMinKev must not be negative";
        if (!(SiteSeparationMm > 0)) yield return "Labels:SiteSeparationMm must be positive";
    }
}
