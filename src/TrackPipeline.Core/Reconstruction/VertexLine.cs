using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// The photon direction from a pair vertex: the principal axis of the charge within a short length of the vertex,
/// pointing away from it. Above ~10 MeV the two leptons leave within a few degrees of each other and of the photon
/// (opening angle ~ m_e / E), so their common first mm is the photon's line; a free axis (not forced through the vertex)
/// because the vertex is known only to a pixel or two, which would tilt a line through it by pitch / (L / 2).
/// </summary>
public static class VertexLine
{
    /// <param name="energyKev">The pair's energy from the charge, for the scattering error (each lepton ~ half of it).</param>
    public static PhotonLine? Fit(VoxelGrid main, Vec3 vertex, double lengthM, double energyKev, double pitchM, ScatteringLimit scattering)
    {
        var near = new List<int>();
        var outward = Vec3.Zero;
        for (int v = 0; v < main.Count; v++)
        {
            var d = main.Centroid(v) - vertex;
            if (d.Length > lengthM) continue;
            near.Add(v);
            outward += main.Charge(v) * d;
        }
        if (near.Count < 3 || outward == Vec3.Zero) return null;
        var axis = PrincipalAxes.Of(main, near).Axis1;
        if (axis == Vec3.Zero) return null;
        var direction = axis.Dot(outward) >= 0 ? axis : -1 * axis;
        // Each lepton's line error at half the energy; the photon averages two such lines.
        double sigma = scattering.LineFitErrorRad(0.5 * energyKev * 1e-3, lengthM * 100, pitchM * 100) / Math.Sqrt(2);
        return new PhotonLine(vertex, direction, sigma * 180 / Math.PI);
    }
}
