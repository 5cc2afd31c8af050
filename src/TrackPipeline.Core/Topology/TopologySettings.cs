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
    /// <summary>Truth bremsstrahlung photons above this energy are counted in <c>n_brem_above_kev</c>.</summary>
    public double BremCountMinKev { get; set; }

    public IEnumerable<string> Problems()
    {
        if (!(RawLinkingLengthMm > 0)) yield return "Topology:RawLinkingLengthMm must be positive";
        if (!(RawVertexVoxelMm > 0)) yield return "Topology:RawVertexVoxelMm must be positive";
        if (!(PruneLengthMm >= 0)) yield return "Topology:PruneLengthMm must not be negative";
        if (ProngSearchRadiiMm.Length == 0 || ProngSearchRadiiMm.Any(r => !(r > 0))) yield return "Topology:ProngSearchRadiiMm needs positive radii";
        if (!(ProngMinChargeFraction is > 0 and < 0.5)) yield return "Topology:ProngMinChargeFraction must be in (0, 0.5)";
        if (!(SignificantMinChargeFraction is >= 0 and < 1)) yield return "Topology:SignificantMinChargeFraction must be in [0, 1)";
    }
}
