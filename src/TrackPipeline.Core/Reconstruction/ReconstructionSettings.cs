namespace TrackPipeline.Reconstruction;

/// <summary>
/// Settings of the reconstruction stage (section <c>Reconstruction</c> of <c>config/analysis.json</c>). Lengths in mm.
/// Analysis choices, each with the measurement that chose it (docs/reconstruction.md), and the two scattering
/// constants the uncertainties and the multiple-scattering limit use, with their sources.
/// </summary>
public sealed class ReconstructionSettings
{
    public const string Section = "Reconstruction";

    /// <summary><c>pixels</c> (the triggered fine pixels, default) or <c>raw</c> (the deposits, for studies without a readout).</summary>
    public string Level { get; set; } = "";
    /// <summary>Voxel side at the raw level (the pixel level uses the pixel pitch).</summary>
    public double RawVoxelMm { get; set; }
    /// <summary>
    /// A lepton's direction is the line through the vertex fitted to its prong's charge within this distance of the
    /// vertex (beyond the split sphere). Short keeps multiple scattering small, long beats the pixel pitch: the
    /// fit-length scan of docs/reconstruction.md picks the length with the smallest median error.
    /// </summary>
    public double LeptonFitLengthMm { get; set; }
    /// <summary>
    /// A detached cluster (a converted brem photon) is credited to the prong whose direction it lies closest to,
    /// when within this half-angle of it; beyond, it is left out of the energy split (annihilation photons, strays).
    /// </summary>
    public double BremConeHalfAngleDeg { get; set; }
    /// <summary>
    /// The photon direction is the principal axis of the charge within this distance of the vertex, pointing away from it
    /// (the two leptons' common first mm; docs/reconstruction.md scans the length). A free line, not one forced through
    /// the vertex: a vertex a pixel to the side would tilt a line through it by pitch / (L / 2).
    /// </summary>
    public double PhotonLineLengthMm { get; set; }
    /// <summary>
    /// The photon direction is then refitted to the charge ahead of the vertex up to this distance, each voxel weighted by
    /// the multiple scattering expected where it lies (<see cref="ScatteringWeightedLine"/>): beyond a few cm the weights
    /// vanish, so the length only bounds the cost and keeps far brems out (the scan in docs/reconstruction.md).
    /// </summary>
    public double PhotonFitLengthMm { get; set; }
    /// <summary>Half-width of the corridor around the line at the vertex in which the refit counts charge (the stem of two leptons); it widens with the expected scattering.</summary>
    public double PhotonFitCorridorMm { get; set; }
    /// <summary>How far the corridor widens, in units of the expected lateral scattering displacement at each path (<see cref="ScatteringCorridor"/>).</summary>
    public double PhotonFitCorridorSigmas { get; set; }

    /// <summary>
    /// How the photon direction is fitted at the vertex: <c>stemmix</c> (the stem fit, then the voxels near the vertex split
    /// between two rays from it and the two leptons fitted jointly on that split, <see cref="StemMixture"/>), <c>stemjoint</c> (the stem fit, then where the stem forks into two
    /// arms the two leptons as two lines from one vertex fitted jointly, <see cref="StemJointFit"/>), <c>leptons</c> (each lepton fitted from the vertex with the full
    /// multiple-scattering covariance, <see cref="MultipleScatteringFit"/>, and the two combined by energy; the common
    /// stem fitted the same way when two prongs do not separate), <c>stem</c> (the common stem only, full covariance) or
    /// <c>diagonal</c> (the stem with independent scattering weights, <see cref="ScatteringWeightedLine"/>).
    /// </summary>
    public string PhotonFit { get; set; } = "";
    /// <summary>
    /// Length from the vertex over which the full-covariance fits (<c>leptons</c>, <c>stem</c>) count charge: with the
    /// correlated scattering in the covariance, farther charge adds little, but it brings in brems and kinks the model
    /// lacks (the scan in docs/reconstruction.md); 0 keeps the lepton directions of the short principal-axis fit.
    /// </summary>
    public double LeptonScatteringFitLengthMm { get; set; }
    /// <summary>The fork of <c>stemjoint</c>: the first shell radius tried from the vertex (StemFork's search, quest14).</summary>
    public double JointForkFromMm { get; set; }
    /// <summary>The last shell radius tried; a stem not forked by then keeps the stem fit.</summary>
    public double JointForkToMm { get; set; }
    /// <summary>Step between the shell radii tried.</summary>
    public double JointForkStepMm { get; set; }
    /// <summary>Thickness of the shell an arm must cross (softer side branches end inside it).</summary>
    public double JointForkShellMm { get; set; }
    /// <summary>The least charge of an arm in the shell, in MIPs per mm (Topology:VertexMipElectronsPerMm) over the shell.</summary>
    public double JointForkMinArmMips { get; set; }
    /// <summary><c>stemmix</c> (<see cref="StemMixture"/>): how far from the vertex the voxels are a mixture of two rays; beyond, each
    /// voxel belongs to the ray that reaches it first.</summary>
    public double StemMixLengthMm { get; set; }
    /// <summary>The opening of the two start rays about the stem's direction where the fork finder finds no fork (deg).</summary>
    public double StemMixStartOpeningDeg { get; set; }
    /// <summary>Alternations of sharing the voxels and refitting the rays (a fixed number: the same work and answer every run).</summary>
    public int StemMixIterations { get; set; }
    /// <summary>The least share of a voxel a ray must hold for the voxel to be that lepton's; below, the two leptons share it (the stem).</summary>
    public double StemMixOwnShare { get; set; }
    /// <summary>The least charge the weaker ray must own, in mm of a MIP's charge (Topology:VertexMipElectronsPerMm); less: one ray, the stem fit stands.</summary>
    public double StemMixMinRayMm { get; set; }
    /// <summary>The split is used only where the softer lepton carries at most this share of the two leptons' energy (0.5: always).</summary>
    public double StemMixMaxSoftShare { get; set; }

    /// <summary>
    /// Segment lengths of the multiple-scattering momentum (<see cref="MultipleScatteringMomentum"/>), each tried, the one whose
    /// likelihood gives the smallest error kept: a segment must be long enough that the scattering over it beats the pixels'
    /// direction error (a hard lepton needs long ones) and short enough that a soft lepton does not turn out of it or stop
    /// within two (the scan in docs/reconstruction.md); empty turns the scattering momentum off.
    /// </summary>
    public double[] MomentumSegmentsMm { get; set; } = null!;
    /// <summary>Path along each lepton's prong over which segments are fitted (its first few cm, where it still has most of its energy).</summary>
    public double MomentumFitLengthMm { get; set; }
    /// <summary>Half-width around the previous segment's line in which a voxel counts for the next segment.</summary>
    public double MomentumCorridorMm { get; set; }
    /// <summary>Collision energy loss of a lepton per cm, for its energy along the fitted segments.</summary>
    public double CollisionStoppingMeVPerCm { get; set; }
    /// <summary>Lateral diffusion of the charge at the drift depth, added to pitch / sqrt 12 as the error of one measured point.</summary>
    public double PointDiffusionMm { get; set; }
    /// <summary>Lateral error of the vertex the fits start from (a measurement of the line's intercept).</summary>
    public double VertexSigmaMm { get; set; }
    /// <summary>An electron's initial direction is fitted over this length from its start.</summary>
    public double ElectronFitLengthMm { get; set; }
    /// <summary>Skeleton twigs shorter than this are pruned before the track ends are read (delta rays).</summary>
    public double PruneLengthMm { get; set; }
    /// <summary>Radiation length of the medium, cm (LAr: 19.55 g/cm^2 / 1.396 g/cm^3 = 14.0 cm, PDG atomic and nuclear properties).</summary>
    public double RadiationLengthCm { get; set; }
    /// <summary>Highland's scale momentum, MeV/c (13.6 MeV, PDG Review of Particle Physics, "Passage of particles through matter", eq. 34.15).</summary>
    public double HighlandScaleMeV { get; set; }
    /// <summary>Coefficient of Highland's logarithmic term, 1 + c ln(x / X0) (0.038, PDG eq. 34.15).</summary>
    public double HighlandLogCoefficient { get; set; }

    /// <summary>The corridor the photon and lepton fits count charge in (lengths in m).</summary>
    public ScatteringCorridor Corridor() => new(PhotonFitCorridorMm * 1e-3, PhotonFitCorridorSigmas);

    /// <summary>The segmentings of the scattering momentum (lengths in m) at a pixel pitch and point error, one per segment length.</summary>
    public MultipleScatteringMomentum.Segmenting[] Segmentings(double pitchM, double pointSigmaM) =>
        [.. (MomentumSegmentsMm ?? []).Select(l => new MultipleScatteringMomentum.Segmenting(l * 1e-3, MomentumFitLengthMm * 1e-3, MomentumCorridorMm * 1e-3, pointSigmaM, CollisionStoppingMeVPerCm * 100))];

    /// <summary>The scattering momentum is measured (at least one segment length).</summary>
    public bool MeasuresScatteringMomentum => MomentumSegmentsMm is { Length: > 0 };

    public bool IsPhotonFit(string method) => string.Equals(PhotonFit, method, StringComparison.OrdinalIgnoreCase);

    public bool UsesPixels => string.Equals(Level, "pixels", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The widest corridor accepted, in scattering sigmas: a Gaussian's tail beyond 10 sigma is 1.5e-23, so more sigmas count
    /// no further lepton, only brems and other tracks (and 1e300 made the corridor hold every voxel: breaker 6 F6).
    /// A validity limit, not a tuned value: the setting's value lives in config/analysis.json.
    /// </summary>
    private const double MaxCorridorSigmas = 10;

    /// <summary>A bound on the mixture's alternations (cost), not a tuned value: the mixture settles within tens.</summary>
    private const int MaxStemMixIterations = 1000;

    public IEnumerable<string> Problems()
    {
        if (!UsesPixels && !string.Equals(Level, "raw", StringComparison.OrdinalIgnoreCase))
            yield return $"Reconstruction:Level must be pixels or raw, not '{Level}'";
        if (!(RawVoxelMm > 0)) yield return "Reconstruction:RawVoxelMm must be positive";
        if (!(LeptonFitLengthMm > 0)) yield return "Reconstruction:LeptonFitLengthMm must be positive";
        if (!(BremConeHalfAngleDeg is > 0 and <= 180)) yield return "Reconstruction:BremConeHalfAngleDeg must be in (0, 180]";
        if (!(PhotonLineLengthMm > 0)) yield return "Reconstruction:PhotonLineLengthMm must be positive";
        if (!(PhotonFitLengthMm >= 0)) yield return "Reconstruction:PhotonFitLengthMm must not be negative (0 keeps the short line)";
        if (!(PhotonFitCorridorMm > 0)) yield return "Reconstruction:PhotonFitCorridorMm must be positive";
        if (!(PhotonFitCorridorSigmas is > 0 and <= MaxCorridorSigmas))
            yield return $"Reconstruction:PhotonFitCorridorSigmas must be in (0, {MaxCorridorSigmas}], not {PhotonFitCorridorSigmas.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
        if (!IsPhotonFit("leptons") && !IsPhotonFit("stem") && !IsPhotonFit("stemjoint") && !IsPhotonFit("stemmix") && !IsPhotonFit("diagonal"))
            yield return $"Reconstruction:PhotonFit must be leptons, stem, stemjoint, stemmix or diagonal, not '{PhotonFit}'";
        if (!(JointForkFromMm > 0)) yield return "Reconstruction:JointForkFromMm must be positive";
        if (!(JointForkToMm >= JointForkFromMm)) yield return "Reconstruction:JointForkToMm must not be below JointForkFromMm";
        if (!(JointForkStepMm > 0)) yield return "Reconstruction:JointForkStepMm must be positive";
        if (!(JointForkShellMm > 0)) yield return "Reconstruction:JointForkShellMm must be positive";
        if (!(JointForkMinArmMips > 0)) yield return "Reconstruction:JointForkMinArmMips must be positive";
        if (!(StemMixLengthMm > 0)) yield return "Reconstruction:StemMixLengthMm must be positive";
        if (!(StemMixStartOpeningDeg is > 0 and < 180)) yield return "Reconstruction:StemMixStartOpeningDeg must be in (0, 180)";
        if (StemMixIterations is < 1 or > MaxStemMixIterations) yield return $"Reconstruction:StemMixIterations must be 1 to {MaxStemMixIterations}";
        if (!(StemMixOwnShare is > 0.5 and <= 1)) yield return "Reconstruction:StemMixOwnShare must be in (0.5, 1] (above a half: a voxel is one ray's at most)";
        if (!(StemMixMinRayMm > 0)) yield return "Reconstruction:StemMixMinRayMm must be positive";
        if (!(StemMixMaxSoftShare is > 0 and <= 0.5)) yield return "Reconstruction:StemMixMaxSoftShare must be in (0, 0.5] (0.5: every split pair)";
        if (!(LeptonScatteringFitLengthMm >= 0)) yield return "Reconstruction:LeptonScatteringFitLengthMm must not be negative (0 keeps the short lepton lines)";
        if (MomentumSegmentsMm is null) yield return "Reconstruction:MomentumSegmentsMm is missing (an empty list turns the scattering momentum off)";
        else if (MomentumSegmentsMm.Any(l => !(l > 0) || !(MomentumFitLengthMm >= 2 * l)))
            yield return "Reconstruction:MomentumSegmentsMm must be positive lengths, each fitting twice into MomentumFitLengthMm";
        // As the prong radii: one order keeps two equal runs' settings equal (a resume compares them), and a length given
        // twice would only fit the same segments twice (breaker13 item 4).
        else if (MomentumSegmentsMm.Zip(MomentumSegmentsMm.Skip(1)).Any(p => !(p.First < p.Second)))
            yield return $"Reconstruction:MomentumSegmentsMm must increase, each length once ({string.Join(", ", MomentumSegmentsMm.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)))} given)";
        if (!(MomentumCorridorMm > 0)) yield return "Reconstruction:MomentumCorridorMm must be positive";
        if (!(CollisionStoppingMeVPerCm >= 0)) yield return "Reconstruction:CollisionStoppingMeVPerCm must not be negative";
        if (!(PointDiffusionMm >= 0)) yield return "Reconstruction:PointDiffusionMm must not be negative";
        if (!(VertexSigmaMm > 0)) yield return "Reconstruction:VertexSigmaMm must be positive";
        if (!(ElectronFitLengthMm > 0)) yield return "Reconstruction:ElectronFitLengthMm must be positive";
        if (!(PruneLengthMm >= 0)) yield return "Reconstruction:PruneLengthMm must not be negative";
        if (!(RadiationLengthCm > 0)) yield return "Reconstruction:RadiationLengthCm must be positive";
        if (!(HighlandScaleMeV > 0)) yield return "Reconstruction:HighlandScaleMeV must be positive";
        if (!(HighlandLogCoefficient is >= 0 and < 1)) yield return "Reconstruction:HighlandLogCoefficient must be in [0, 1)";
    }
}
