namespace TrackPipeline.Topology;

/// <summary>
/// How track shapes are measured (configuration section <c>Topology</c>, defaults in <c>config/analysis.json</c>, the one place they live).
/// Lengths in mm. These are analysis choices, not physics constants: each default says why it was chosen.
/// </summary>
public sealed class TopologySettings
{
    public const string Section = "Topology";

    /// <summary>Voxel side for raw deposits; deposits in touching voxels are linked into one cluster.</summary>
    public double RawLinkingLengthMm { get; set; }
    /// <summary>
    /// Voxel side for the prong split at a vertex, raw deposits. Finer than the linking length: raw lepton tracks
    /// are thin lines, and two prongs 10 degrees apart stop touching after about 2 voxels / 0.17 rad.
    /// </summary>
    public double RawVertexVoxelMm { get; set; }
    /// <summary>A cluster is significant when it holds at least this many electrons ...</summary>
    public double SignificantMinElectrons { get; set; }
    /// <summary>... and at least this fraction of the track's charge.</summary>
    public double SignificantMinChargeFraction { get; set; }
    /// <summary>Skeleton twigs shorter than this, hanging off a junction, are not branches (delta rays, wiggles).</summary>
    public double PruneLengthMm { get; set; }
    /// <summary>Radii of the sphere cut around a vertex, tried in order until two prongs separate.</summary>
    public double[] ProngSearchRadiiMm { get; set; } = [];
    /// <summary>A prong must carry at least this fraction of the cluster's charge.</summary>
    public double ProngMinChargeFraction { get; set; }
    /// <summary>A prong's direction is measured over this length beyond the sphere cut.</summary>
    public double ProngDirectionLengthMm { get; set; }
    /// <summary>
    /// Arm length of the fold test that finds a pair vertex (<see cref="ShapeAnalysis"/>): long enough that the
    /// chords beat the pixel pitch and the diffusion, short enough that a 1 MeV lepton (range about 4 mm) still
    /// gives an arm and that scattering has not yet turned the leptons (docs/reconstruction.md measures the choice).
    /// </summary>
    public double VertexFoldArmMm { get; set; }
    /// <summary>
    /// A fold is a pair's V when its arms are closer than this angle. Above, the track is taken as a narrow pair
    /// (a Y) or a single electron, and the vertex is its sparsest end. Inside one lepton's track the arms are nearly
    /// back to back; 90 degrees separates the two cases.
    /// </summary>
    public double VertexFoldMaxAngleDeg { get; set; }
    public const string FoldVertex = "fold", CandidateVertex = "candidates";
    /// <summary>
    /// <c>fold</c>: the fold of the skeleton, else its sparsest end (see <see cref="ShapeAnalysis"/>).
    /// <c>candidates</c>: the earlier estimate (endpoints, junctions and apex ranked by the radius where two prongs separate),
    /// kept to compare against (docs/reconstruction.md).
    /// </summary>
    public string VertexMethod { get; set; } = "";
    /// <summary>
    /// The pair vertex the reconstruction fits at (<see cref="PairVertex"/>, the cone rule; <see cref="VertexMethod"/> is the
    /// fold estimate kept for the classifier's features). A candidate end's direction is fitted over this skeleton length. Long enough to beat the pitch
    /// and the zig-zag of a 2-3 pixel wide track, short enough that the leptons still overlap (docs/reconstruction.md).
    /// </summary>
    public double VertexStemMm { get; set; }
    /// <summary>Cone vertex: cell side of the coarse charge map the forward score runs over (cost: candidates x cells).</summary>
    public double VertexConeCellMm { get; set; }
    /// <summary>
    /// Cone vertex, cost: every skeleton end is first scored against cells of this side (the far charge needs only its
    /// direction), and only the <see cref="VertexConeRescored"/> best against the fine cells, so the score stays
    /// near-linear in points (ends and cells both grow with the track length).
    /// </summary>
    public double VertexConeCoarseCellMm { get; set; }
    /// <summary>
    /// Cone vertex: how many of the best ends on the coarse map are scored again on the fine map (and read for the
    /// two-track cue). 96, not 24: a true apex whose far charge falls in few 15 mm cells ranked below 24 far lepton ends
    /// on the coarse map and never reached the fine score (PENELOPE T1332289872; docs/vertex-finding.md: chosen on
    /// generated seed 4242). Cost: this many x (fine cells + main-cluster voxels), still linear in points.
    /// </summary>
    public int VertexConeRescored { get; set; }
    /// <summary>
    /// Cone vertex: the best end is moved back to the rearmost charge within this distance of it and
    /// <see cref="VertexRearWidthMm"/> of its axis (a zig-zag twig's end a few mm down the stem is not where the charge starts).
    /// </summary>
    public double VertexRearReachMm { get; set; }
    /// <summary>Cone vertex: half-width of the stem the rearmost charge is looked for in (two overlapping leptons, 1-2 pixels wide).</summary>
    public double VertexRearWidthMm { get; set; }
    /// <summary>
    /// Cone vertex, two-track cue (<see cref="PairVertex.TwoTrackCue"/>): the stem's charge per length is read between
    /// this distance and <see cref="VertexStemChargeToMm"/> along a candidate's axis, past the first mm where a stopping
    /// electron's Bragg blob sits (the range was chosen on generated pairs, docs/reconstruction.md).
    /// </summary>
    public double VertexStemChargeFromMm { get; set; }
    /// <summary>Cone vertex, two-track cue: the far end of the stretch of stem read (the leptons still within the radius).</summary>
    public double VertexStemChargeToMm { get; set; }
    /// <summary>Cone vertex, two-track cue: radius around the axis the stem's charge is summed in (two leptons, 2-3 pixels wide).</summary>
    public double VertexStemChargeRadiusMm { get; set; }
    /// <summary>
    /// Collected electrons per mm of one minimum-ionising track: dE/dx_min / W x (1 - recombination) of the medium preset
    /// (its source in config/analysis.json; a test checks it against the shipped medium).
    /// </summary>
    public double VertexMipElectronsPerMm { get; set; }
    /// <summary>
    /// Cone vertex: weight of the two-track cue added to the cone score (the score gains this much for a stem of two
    /// minimum-ionising tracks, half for one); chosen on generated pairs (docs/reconstruction.md).
    /// </summary>
    public double VertexTwoTrackWeight { get; set; }
    /// <summary>
    /// Cone vertex, unresolved pair (<see cref="TwoTrackStem"/>): the stem's charge per length that tells a pair whose
    /// leptons have not parted is read from this distance along the vertex's axis ...
    /// </summary>
    public double VertexPairStemFromMm { get; set; }
    /// <summary>... to this one (long enough to average the Landau fluctuations of a few mm, short enough that 10-50 MeV leptons are still together) ...</summary>
    public double VertexPairStemToMm { get; set; }
    /// <summary>... within this radius of the axis (two leptons a few pixels apart) ...</summary>
    public double VertexPairStemRadiusMm { get; set; }
    /// <summary>... and the vertex is a pair when it reads at least this many minimum-ionising tracks (1.5: halfway between one and two).</summary>
    public double VertexPairStemMinMips { get; set; }
    /// <summary>
    /// Event vertex (<see cref="EventVertex"/>): when the main cluster holds less than this share of the event's charge, the
    /// vertex is the end of any significant cluster with the most charge ahead (0: never; the cone vertex of the main cluster).
    /// </summary>
    public double VertexEventMainMaxFraction { get; set; }
    /// <summary>Event vertex: a cluster's skeleton ends are candidates when it holds at least this share of the event's charge.</summary>
    public double VertexEventClusterMinChargeFraction { get; set; }
    /// <summary>Event vertex: half-angle of the forward cone around a candidate's stem in which the event's charge is counted.</summary>
    public double VertexEventConeHalfAngleDeg { get; set; }
    /// <summary>
    /// Event vertex: how an end's view of the event is scored, one of <see cref="EventVertex.Scoring"/>: ConeShare (the share of
    /// the charge in the forward cone of <see cref="VertexEventConeHalfAngleDeg"/>) or NearMeanCosine (the mean cosine to the
    /// charge with each charge counted by L / (L + r), L = <see cref="VertexEventScoreLengthMm"/>).
    /// </summary>
    public string VertexEventScore { get; set; } = "";
    /// <summary>Event vertex: the distance scale L of NearMeanCosine, mm (unused by ConeShare).</summary>
    public double VertexEventScoreLengthMm { get; set; }
    /// <summary>
    /// Both arms of a vertex fold must be at least this straight (chord over skeleton path length): the leptons leave
    /// the vertex at their highest energy, while a slow electron's curls fold sharply but not straight.
    /// </summary>
    public double VertexArmMinStraightness { get; set; }
    /// <summary>
    /// Charge within this radius of a track end measures how dense the end is: the start (one thin straight track)
    /// holds the least, a Bragg end or a twig beside the track more (docs/reconstruction.md: start error and head/tail).
    /// </summary>
    public double StartDensityRadiusMm { get; set; }
    /// <summary>Truth bremsstrahlung photons above this energy are counted in <c>n_brem_above_kev</c>.</summary>
    public double BremCountMinKev { get; set; }

    /// <summary>A score length beyond ten metres is longer than any event: the same as no length.</summary>
    private const double MaxScoreLengthMm = 10000;

    public IEnumerable<string> Problems()
    {
        if (!(RawLinkingLengthMm > 0)) yield return "Topology:RawLinkingLengthMm must be positive";
        if (!(RawVertexVoxelMm > 0)) yield return "Topology:RawVertexVoxelMm must be positive";
        if (!(VertexFoldMaxAngleDeg is > 0 and <= 180)) yield return "Topology:VertexFoldMaxAngleDeg must be in (0, 180]";
        if (!(StartDensityRadiusMm > 0)) yield return "Topology:StartDensityRadiusMm must be positive";
        if (VertexMethod is not (FoldVertex or CandidateVertex)) yield return $"Topology:VertexMethod must be {FoldVertex} or {CandidateVertex}, not '{VertexMethod}'";
        if (!(VertexStemMm > 0)) yield return "Topology:VertexStemMm must be positive";
        if (!(VertexConeCellMm > 0)) yield return "Topology:VertexConeCellMm must be positive";
        if (!(VertexConeCoarseCellMm >= VertexConeCellMm)) yield return "Topology:VertexConeCoarseCellMm must be at least VertexConeCellMm";
        if (!(VertexConeRescored >= 1)) yield return "Topology:VertexConeRescored must be at least 1";
        if (!(VertexRearReachMm >= 0)) yield return "Topology:VertexRearReachMm must not be negative";
        if (!(VertexRearWidthMm >= 0)) yield return "Topology:VertexRearWidthMm must not be negative";
        if (!(VertexStemChargeFromMm >= 0)) yield return "Topology:VertexStemChargeFromMm must not be negative";
        if (!(VertexStemChargeToMm > VertexStemChargeFromMm)) yield return "Topology:VertexStemChargeToMm must be larger than VertexStemChargeFromMm";
        if (!(VertexStemChargeRadiusMm > 0)) yield return "Topology:VertexStemChargeRadiusMm must be positive";
        if (!(VertexMipElectronsPerMm > 0)) yield return "Topology:VertexMipElectronsPerMm must be positive";
        if (!(VertexTwoTrackWeight >= 0)) yield return "Topology:VertexTwoTrackWeight must not be negative (0 turns the cue off)";
        if (!(VertexPairStemFromMm >= 0)) yield return "Topology:VertexPairStemFromMm must not be negative";
        if (!(VertexPairStemToMm > VertexPairStemFromMm)) yield return "Topology:VertexPairStemToMm must be larger than VertexPairStemFromMm";
        if (!(VertexPairStemRadiusMm > 0)) yield return "Topology:VertexPairStemRadiusMm must be positive";
        if (!(VertexPairStemMinMips > 0)) yield return "Topology:VertexPairStemMinMips must be positive";
        if (!(VertexEventMainMaxFraction is >= 0 and <= 1)) yield return "Topology:VertexEventMainMaxFraction must be in [0, 1] (0: off)";
        if (!(VertexEventClusterMinChargeFraction is > 0 and <= 1)) yield return "Topology:VertexEventClusterMinChargeFraction must be in (0, 1]";
        if (!(VertexEventConeHalfAngleDeg is > 0 and < 180)) yield return "Topology:VertexEventConeHalfAngleDeg must be in (0, 180)";
        if (!Enum.GetNames<EventVertex.Scoring>().Contains(VertexEventScore))
            yield return $"Topology:VertexEventScore must be one of {string.Join(", ", Enum.GetNames<EventVertex.Scoring>())}, not '{VertexEventScore}'";
        // Bounded whichever score is chosen (breaker 10 F5): an unused value that passed with ConeShare (-1) refused the
        // resume of that output with the shipped one. Below one raw-vertex voxel the length is no physical scale: every
        // charge past the voxel is weighted L / (L + r) ~ L / r, the L cancels in the mean, and a tiny L (5e-324)
        // underflows the weights to 0 and moves vertices.
        if (!(VertexEventScoreLengthMm >= RawVertexVoxelMm && VertexEventScoreLengthMm <= MaxScoreLengthMm))
            yield return $"Topology:VertexEventScoreLengthMm must be a length in [{RawVertexVoxelMm}, {MaxScoreLengthMm}] mm, not {VertexEventScoreLengthMm} " +
                $"(checked whichever VertexEventScore: below one raw-vertex voxel, Topology:RawVertexVoxelMm, the weight L / (L + r) is no length scale)";
        if (!(VertexArmMinStraightness is >= 0 and <= 1)) yield return "Topology:VertexArmMinStraightness must be in [0, 1]";
        if (!(VertexFoldArmMm > 0)) yield return "Topology:VertexFoldArmMm must be positive";
        if (!(PruneLengthMm >= 0)) yield return "Topology:PruneLengthMm must not be negative";
        if (ProngSearchRadiiMm.Length == 0 || ProngSearchRadiiMm.Any(r => !(r > 0))) yield return "Topology:ProngSearchRadiiMm needs positive radii";
        // The split searches them largest first whatever the order (ProngSplit), but the run's settings record the list as
        // given: one order keeps two equal runs' settings equal (a resume compares them).
        else if (ProngSearchRadiiMm.Zip(ProngSearchRadiiMm.Skip(1)).Any(p => !(p.First < p.Second)))
            yield return $"Topology:ProngSearchRadiiMm must increase, each radius once ({string.Join(", ", ProngSearchRadiiMm.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)))} given)";
        if (!(ProngMinChargeFraction is > 0 and < 0.5)) yield return "Topology:ProngMinChargeFraction must be in (0, 0.5)";
        if (!(SignificantMinChargeFraction is >= 0 and < 1)) yield return "Topology:SignificantMinChargeFraction must be in [0, 1)";
    }
}
