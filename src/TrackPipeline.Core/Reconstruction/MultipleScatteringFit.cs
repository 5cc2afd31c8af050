using System.Buffers;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// The initial direction of a track leaving a vertex, fitted with the full multiple-scattering covariance: a generalized
/// least-squares straight line x(s) = a + b s to the track's lateral positions against the path s from the vertex. Multiple
/// scattering is a random walk of the direction, so the lateral displacements it causes are correlated along the track:
/// Cov(x(s1), x(s2)) = k (s1^2 s2 / 2 - s1^3 / 6) for s1 &lt;= s2, with k = theta0(L)^2 / L the scattering angle variance per
/// unit path (Highland's theta0 over the fitted length; on the diagonal k s^3 / 3 = theta0^2 s^2 / 3, PDG eq. 34.16).
/// Each measurement adds the point error (pitch / sqrt 12 and diffusion) on the diagonal. The vertex is a measurement of
/// the intercept (x(0) = 0 within the vertex error), so a vertex found a pixel off does not tilt the line as a line
/// forced through it would. This is what a Kalman filter run back to the vertex gives for the initial direction, solved
/// directly (the GLS and the Kalman smoother are the same estimator for a linear Gaussian model; D. Bernard, NIM A 729
/// (2013) 765, sec. 3, derives the optimal resolution from it).
/// The charge is binned along s in bins of one pitch (the charge-weighted lateral mean per bin is one measurement), so the
/// covariance is at most (length / pitch + 1)^2 and the cost is linear in voxels plus that small solve. (Measuring per
/// crossing of the pixel grid instead was measured in issue 10 round 13 and removed: worse at the vertex found;
/// docs/reconstruction.md keeps the measurement.)
/// Voxels count only inside a corridor around the current line that widens with the expected scattering
/// (<see cref="ScatteringCorridor"/>), and within the owner mask when one is given; the fit is done twice, the second time
/// around the first fit's line. (A break-point test for kinks, the predicted-residual chi2 of each measurement, was
/// measured in issue 10 part 3 and removed: with the correlations in the covariance it fired only mm past a knee, where
/// the corridor already drops the turned charge, and moved no median; docs/reconstruction.md keeps the measurement.)
/// </summary>
public static class MultipleScatteringFit
{
    /// <summary>What the fit needs to know about the track and the detector (lengths in metres).</summary>
    /// <param name="KineticMeV">The track's kinetic energy (from its charge), for Highland's theta0.</param>
    /// <param name="Tracks">How many independent tracks the charge averages (2 for the common stem of a pair, whose
    /// centroid scatters by 1 / 2 of one lepton's variance; 1 for one lepton).</param>
    /// <param name="LengthM">How far along the line from the vertex the charge counts.</param>
    /// <param name="Corridor">Where around the current line the charge counts.</param>
    /// <param name="PointSigmaM">Lateral error of one bin's centroid (pitch / sqrt 12 with the diffusion).</param>
    /// <param name="VertexSigmaM">Lateral error of the vertex; infinity leaves the intercept free.</param>
    public readonly record struct Track(double KineticMeV, double Tracks, double LengthM, ScatteringCorridor Corridor, double PointSigmaM, double VertexSigmaM);

    /// <summary>The fitted direction (unit, pointing away from the vertex), its projected error (radians) and the measurements used.</summary>
    public readonly record struct Result(Vec3 Direction, double SigmaRad, int Measurements);

    /// <param name="seed">The starting direction, pointing into the event.</param>
    /// <param name="owner">Optional per-voxel mask (1 = may belong to this track); default: every voxel.</param>
    public static Result? Fit(VoxelGrid grid, Vec3 vertex, Vec3 seed, in Track track, ScatteringLimit scattering, ReadOnlySpan<byte> owner = default)
    {
        if (seed == Vec3.Zero || grid.Count < 3 || !(track.LengthM > 0) || !(track.KineticMeV > 0)) return null;
        double binM = grid.VoxelSizeM;
        int bins = (int)Math.Ceiling(track.LengthM / binM) + 1;
        // Scattering angle variance per unit path, with Highland's log term taken at the fitted length.
        double k = ScatteringPerLength(track, scattering);
        double pointVariance = track.PointSigmaM * track.PointSigmaM;
        bool withVertex = double.IsFinite(track.VertexSigmaM);

        var pool = ArrayPool<double>.Shared;
        double[] q = pool.Rent(bins), qs = pool.Rent(bins), qx = pool.Rent(bins), qy = pool.Rent(bins);
        int size = bins + 1;
        double[] cov = pool.Rent(size * size), s = pool.Rent(size), x = pool.Rent(size), y = pool.Rent(size), one = pool.Rent(size);
        try
        {
            var axis = seed.Normalized();
            var offset = Vec3.Zero;     // the current line passes through vertex + offset
            Result? result = null;
            for (int pass = 0; pass < ScatteringCorridor.Passes; pass++)
            {
                var corridor = track.Corridor;
                var (e1, e2) = ScatteringCorridor.Transverse(axis);
                Array.Clear(q, 0, bins); Array.Clear(qs, 0, bins); Array.Clear(qx, 0, bins); Array.Clear(qy, 0, bins);
                for (int v = 0; v < grid.Count; v++)
                {
                    if (!owner.IsEmpty && owner[v] == 0) continue;
                    var d = grid.Centroid(v) - vertex;
                    double along = d.Dot(axis);
                    if (!(along > 0) || along > track.LengthM) continue;
                    var lateral = d - offset - (d - offset).Dot(axis) * axis;
                    if (!corridor.Contains(lateral.Dot(lateral), Math.Sqrt(k * along * along * along / 3))) continue;
                    int b = Math.Min(bins - 1, (int)(along / binM));
                    double c = grid.Charge(v);
                    q[b] += c; qs[b] += c * along; qx[b] += c * d.Dot(e1); qy[b] += c * d.Dot(e2);
                }
                int n = 0;
                if (withVertex) { s[0] = 0; x[0] = 0; y[0] = 0; n = 1; }
                for (int b = 0; b < bins; b++)
                {
                    if (!(q[b] > 0)) continue;
                    s[n] = qs[b] / q[b]; x[n] = qx[b] / q[b]; y[n] = qy[b] / q[b]; n++;
                }
                if (n - (withVertex ? 1 : 0) < 2) return result;
                // Covariance: scattering (correlated along s) + point error; the vertex row has the vertex error only.
                for (int i = 0; i < n; i++)
                    for (int j = 0; j <= i; j++)
                    {
                        double lo = Math.Min(s[i], s[j]), hi = Math.Max(s[i], s[j]);
                        double c = k * (lo * lo * hi / 2 - lo * lo * lo / 6);
                        if (i == j) c += withVertex && i == 0 ? track.VertexSigmaM * track.VertexSigmaM : pointVariance;
                        cov[i * n + j] = c;
                    }
                if (!Cholesky(cov, n)) return result;
                // Whiten the design (1, s) and the data (x, y): L^-1 times each.
                for (int i = 0; i < n; i++) one[i] = 1;
                ForwardSolve(cov, n, one); ForwardSolve(cov, n, s); ForwardSolve(cov, n, x); ForwardSolve(cov, n, y);
                // The normal equations of the whitened problem, per transverse axis.
                double f11 = 0, f12 = 0, f22 = 0, gx1 = 0, gx2 = 0, gy1 = 0, gy2 = 0;
                for (int i = 0; i < n; i++)
                {
                    f11 += one[i] * one[i]; f12 += one[i] * s[i]; f22 += s[i] * s[i];
                    gx1 += one[i] * x[i]; gx2 += s[i] * x[i]; gy1 += one[i] * y[i]; gy2 += s[i] * y[i];
                }
                double det = f11 * f22 - f12 * f12;
                if (!(det > 0)) return result;
                double ax = (f22 * gx1 - f12 * gx2) / det, bx = (f11 * gx2 - f12 * gx1) / det;
                double ay = (f22 * gy1 - f12 * gy2) / det, by = (f11 * gy2 - f12 * gy1) / det;
                offset = ax * e1 + ay * e2;
                axis = (axis + bx * e1 + by * e2).Normalized();
                result = new Result(axis, Math.Sqrt(f11 / det), n);
            }
            return result;
        }
        finally
        {
            pool.Return(q); pool.Return(qs); pool.Return(qx); pool.Return(qy);
            pool.Return(cov); pool.Return(s); pool.Return(x); pool.Return(y); pool.Return(one);
        }
    }

    /// <summary>
    /// Scattering angle variance per unit path of what the fit follows, with Highland's log term taken at the fitted length:
    /// theta0^2 / L for one track; for the centroid of two tracks sharing 2 T evenly, theta0(T)^2 / 2 per L. (The stem's
    /// variance from the reconstructed energy split, (theta0(E_a)^2 + theta0(E_b)^2) / 4, was measured in issue 10 part 3
    /// and removed: no gain beyond the seed-to-seed scatter.)
    /// </summary>
    private static double ScatteringPerLength(in Track track, ScatteringLimit scattering)
    {
        double theta0 = scattering.HighlandRad(track.KineticMeV, track.LengthM * 100);
        return theta0 * theta0 / track.LengthM / Math.Max(1, track.Tracks);
    }

    /// <summary>In-place lower Cholesky factor of the n x n symmetric matrix (lower triangle, row-major); false if not positive definite.</summary>
    internal static bool Cholesky(double[] a, int n)
    {
        for (int j = 0; j < n; j++)
        {
            double d = a[j * n + j];
            for (int p = 0; p < j; p++) d -= a[j * n + p] * a[j * n + p];
            if (!(d > 0)) return false;
            d = Math.Sqrt(d);
            a[j * n + j] = d;
            for (int i = j + 1; i < n; i++)
            {
                double v = a[i * n + j];
                for (int p = 0; p < j; p++) v -= a[i * n + p] * a[j * n + p];
                a[i * n + j] = v / d;
            }
        }
        return true;
    }

    /// <summary>Solves L z = b in place (L the Cholesky factor).</summary>
    internal static void ForwardSolve(double[] l, int n, double[] b)
    {
        for (int i = 0; i < n; i++)
        {
            double v = b[i];
            for (int p = 0; p < i; p++) v -= l[i * n + p] * b[p];
            b[i] = v / l[i * n + i];
        }
    }
}
