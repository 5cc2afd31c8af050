using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>
/// A pair whose leptons have not parted yet. Above ~10 MeV the two leptons leave the vertex within m_e / E of each other
/// and, on 0.5 mm pixels, often stay in one connected stem for centimetres (the very asymmetric ones have a soft lepton
/// that never makes a prong of its own), so no sphere around the vertex splits them. The charge still tells: the stem
/// carries two minimum-ionising tracks per length where an electron's start carries one (the e/gamma separation of LAr
/// TPCs, dE/dx of the shower trunk: ArgoNeuT, PRD 95 (2017) 072005). So a vertex whose stem reads at least
/// <paramref name="MinMips"/> MIPs per length between <paramref name="FromM"/> and <paramref name="ToM"/> along its axis
/// (within <paramref name="RadiusM"/>) is a pair seen in the charge, even when two prongs do not separate.
/// </summary>
/// <param name="FromM">Start of the stretch read: past the vertex voxel, and past a stopping electron's Bragg blob when the vertex is a far end.</param>
/// <param name="ToM">End of the stretch: the leptons still within <paramref name="RadiusM"/> of the axis.</param>
/// <param name="MipElectronsPerM">Collected electrons per metre of one minimum-ionising track (the medium preset).</param>
/// <param name="MinMips">Between one track (1) and two (2): the midpoint, 1.5.</param>
public sealed record TwoTrackStem(double FromM, double ToM, double RadiusM, double MipElectronsPerM, double MinMips)
{
    /// <summary>Charge per length of the stem, in minimum-ionising tracks (one pass over the voxels).</summary>
    public double Mips(VoxelGrid main, Vec3 vertex, Vec3 axis) =>
        new PairVertex.TwoTrackCue(FromM, ToM, RadiusM, MipElectronsPerM, 0).StemMips(main, vertex, axis);

    public bool IsTwoTracks(double mips) => mips >= MinMips;

    /// <summary>The stem test from the settings (lengths in m, charge per m).</summary>
    public static TwoTrackStem From(TopologySettings settings) =>
        new(settings.VertexPairStemFromMm * 1e-3, settings.VertexPairStemToMm * 1e-3, settings.VertexPairStemRadiusMm * 1e-3,
            settings.VertexMipElectronsPerMm * 1e3, settings.VertexPairStemMinMips);
}
