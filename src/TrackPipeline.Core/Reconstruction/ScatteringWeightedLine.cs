using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// The photon direction from the charge ahead of a pair vertex, each voxel weighted by how well it can still point:
/// a voxel at distance s along the leptons measures their line to within the pitch (pitch / sqrt 12) and the lateral
/// displacement multiple scattering has built up by then, sigma_ms(s) = theta0(s) s / sqrt 3 (Highland's theta0 over s,
/// PDG eq. 34.15-34.16), so its weight is q / (sigma_pitch^2 + sigma_ms(s)^2). The first mm (where the leptons are one
/// stem) dominate, the centimetres after still add lever arm against the pitch while scattering is small, and beyond
/// that the weights vanish. This is a weighted straight-line fit with independent point errors, the diagonal part of a
/// Kalman fit (the correlations of the scattering along the track are neglected): the lateral offsets against the path
/// along the line, by weighted least squares.
/// Voxels count only inside a corridor around the current line that widens with the expected scattering
/// (<see cref="ScatteringCorridor"/>), so a brem or the other end of a curled lepton is left out; the fit is done twice,
/// the second time around the first fit's line.
/// </summary>
public static class ScatteringWeightedLine
{
    /// <param name="seed">The starting line's direction (pointing into the event, away from the vertex).</param>
    /// <param name="leptonKineticMeV">Each lepton's energy for the scattering (half the pair's, from the charge).</param>
    /// <param name="lengthM">How far along the line the charge counts (Reconstruction:PhotonFitLengthMm).</param>
    /// <param name="corridor">Where around the current line the charge counts.</param>
    public static PhotonLine? Fit(VoxelGrid main, Vec3 vertex, Vec3 seed, double leptonKineticMeV, double lengthM, ScatteringCorridor corridor,
        double pitchM, ScatteringLimit scattering)
    {
        if (seed == Vec3.Zero || main.Count < 3) return null;
        double pitchVariance = pitchM * pitchM / 12;
        var axis = seed.Normalized();
        double slopeVariance = double.PositiveInfinity;
        for (int pass = 0; pass < ScatteringCorridor.Passes; pass++)
        {
            // Lateral offsets (x, y) against the path s along the current axis: x = a + b s by weighted least squares,
            // per transverse axis; the slopes tilt the axis. (A principal axis would be ruled by the heavy first mm,
            // whose lateral width is comparable to their length.)
            var (e1, e2) = ScatteringCorridor.Transverse(axis);
            double w = 0, ws = 0, wss = 0, wx = 0, wxs = 0, wy = 0, wys = 0, lever = 0, mean = 0, points = 0;
            for (int v = 0; v < main.Count; v++)
            {
                var d = main.Centroid(v) - vertex;
                double s = d.Dot(axis);
                if (s < -pitchM || s > lengthM) continue;
                double msSigma = LateralSigmaM(scattering, leptonKineticMeV, s);
                double x = d.Dot(e1), y = d.Dot(e2);
                if (!corridor.Contains(x * x + y * y, msSigma)) continue;
                double variance = pitchVariance + msSigma * msSigma;
                double wv = main.Charge(v) / variance;
                w += wv; ws += wv * s; wss += wv * s * s;
                wx += wv * x; wxs += wv * x * s; wy += wv * y; wys += wv * y * s;
                // The slope's error counts each voxel as one measurement of its lepton's line.
                lever += s * s / variance; mean += s / variance; points += 1 / variance;
            }
            double det = w * wss - ws * ws;
            if (!(w > 0) || !(det > 0)) return pass == 0 ? null : new PhotonLine(vertex, axis, Math.Sqrt(slopeVariance) * 180 / Math.PI);
            double bx = (w * wxs - ws * wx) / det, by = (w * wys - ws * wy) / det;
            axis = (axis + bx * e1 + by * e2).Normalized();
            // Slope error of a straight-line fit: 1 / sum (s - s_mean)^2 / sigma^2.
            double spread = lever - mean * mean / points;
            slopeVariance = spread > 0 ? 1 / spread : double.PositiveInfinity;
        }
        return new PhotonLine(vertex, axis, Math.Sqrt(slopeVariance) * 180 / Math.PI);
    }

    /// <summary>Projected lateral rms displacement after a path s (m): theta0 s / sqrt 3 (PDG eq. 34.16).</summary>
    private static double LateralSigmaM(ScatteringLimit scattering, double kineticMeV, double s) =>
        s > 0 ? scattering.HighlandRad(kineticMeV, s * 100) * s / Math.Sqrt(3) : 0;
}
