using System.Buffers;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// A lepton's momentum from its own track, independently of its charge: multiple Coulomb scattering (MCS). The track's
/// first centimetres are cut into segments of length L, each fitted with a straight line (charge-weighted least squares of
/// the lateral positions against the path, in the frame of the previous segment's line, which that segment is followed
/// along); the angle changes between successive segments, two projections per junction, scatter with Highland's width
/// theta0 = 13.6 MeV / (beta c p) sqrt(L / X0) (1 + 0.038 ln(L / X0)), PDG eq. 34.15, and the pixel-position error adds in
/// quadrature. The momentum is the maximum of the Gaussian likelihood of those angles with the energy falling along the
/// track by the collision stopping power (the likelihood of MicroBooNE's MCS measurement, JINST 12 (2017) P10010, with
/// Highland's constants for electrons); its error is where -ln L rises by 1/2. A straight track (angles within the pixel
/// resolution) bounds the momentum only from below: then the error is infinite and the charge decides.
/// Cost: one pass over the lepton's voxels within the fitted length per segment (a handful), plus a likelihood scan over a
/// fixed grid of energies: linear in voxels, no allocation per voxel.
/// </summary>
public static class MultipleScatteringMomentum
{
    /// <summary>How the track is cut and what the detector adds (lengths in metres).</summary>
    /// <param name="SegmentM">Segment length L.</param>
    /// <param name="LengthM">Path from the start over which segments are fitted.</param>
    /// <param name="CorridorM">Half-width around the previous segment's line in which a voxel belongs to the next segment.</param>
    /// <param name="PointSigmaM">Lateral error of one pitch-long bin's centroid (pitch / sqrt 12 with the diffusion).</param>
    /// <param name="StoppingMeVPerM">Collision energy loss per path (the kinetic energy at a junction is the start's minus this times the path).</param>
    public readonly record struct Segmenting(double SegmentM, double LengthM, double CorridorM, double PointSigmaM, double StoppingMeVPerM);

    /// <summary>The kinetic energy at the start of the fitted track, its error in ln T and the angles used; when the track is too
    /// straight to bound it from above, the error is infinite and the energy is the lower limit (-ln L up by 1/2 below its best).</summary>
    public readonly record struct Estimate(double KineticMeV, double SigmaLn, int Angles)
    {
        /// <summary>The likelihood has a maximum inside the scanned range (the track scattered more than the pixels can mimic).</summary>
        public bool Bounded => double.IsFinite(SigmaLn);

        /// <summary>
        /// Whether it says anything about a lepton of an event whose charge measures <paramref name="eventKineticMeV"/> in all:
        /// a lower bound above that (a track straighter than its pixels can tell, breaker B7: 3.8 MeV on a 3 MeV photon) bounds
        /// nothing, since no lepton carries more than the event deposits, and is dropped rather than capped (a bound at the
        /// event's energy would read as a measurement). A bounded estimate is kept: its error says how far it may be off.
        /// </summary>
        public bool InformsWithin(double eventKineticMeV) => Bounded || KineticMeV <= eventKineticMeV;
    }

    /// <summary>
    /// Variance of the angle between the least-squares directions of two adjacent segments of length L over a random walk of
    /// the direction with variance theta0(L)^2 per L: the fitted slope is the path's direction averaged with the kernel
    /// 6 s (L - s) / L^3, so the difference of two adjacent ones has variance 2 theta0^2 int_0^1 (3t^2 - 2t^3)^2 dt = (26/35) theta0^2.
    /// A derived number, not a tuned one (a test checks it on simulated random walks).
    /// </summary>
    public const double AdjacentSegmentVariance = 26.0 / 35.0;

    /// <summary>Scanned kinetic energies: 0.1 MeV to 1 GeV, far beyond what a pair of these photons can give, so the range never binds a measurement.</summary>
    private const double ScanMinMeV = 0.1, ScanMaxMeV = 1000;
    private const int ScanSteps = 161;    // 40 per decade: 6 % steps, finer than any error the angles can give
    /// <summary>Fewest voxels a segment needs for its line, and the fewest pitch-long bins it must cover.</summary>
    private const int MinVoxels = 3, MinBins = 3;

    /// <summary>
    /// The estimate with the smallest error over several segment lengths (<see cref="Fit"/> with each): a soft lepton is read
    /// best on short segments (it turns and stops within a few long ones), a hard one on long segments (over a short one its
    /// scattering hides below the pixels' direction error). Bounded estimates win over lower bounds.
    /// </summary>
    public static Estimate? Best(VoxelGrid grid, Vec3 start, Vec3 direction, double startPathM, ReadOnlySpan<Segmenting> segmentings,
        ScatteringLimit scattering, ReadOnlySpan<byte> owner = default)
    {
        Estimate? best = null;
        foreach (var seg in segmentings)
        {
            if (Fit(grid, start, direction, startPathM, seg, scattering, owner) is not { } e) continue;
            if (best is not { } b || e.SigmaLn < b.SigmaLn || (!b.Bounded && !e.Bounded && e.KineticMeV > b.KineticMeV)) best = e;
        }
        return best;
    }

    /// <param name="start">Where the track leaves (the vertex, or where its prong leaves the shared stem).</param>
    /// <param name="direction">Its direction there.</param>
    /// <param name="startPathM">Path already travelled from the vertex at <paramref name="start"/> (for the energy loss).</param>
    /// <param name="owner">Optional per-voxel mask (1 = may belong to this track).</param>
    public static Estimate? Fit(VoxelGrid grid, Vec3 start, Vec3 direction, double startPathM, in Segmenting seg, ScatteringLimit scattering,
        ReadOnlySpan<byte> owner = default)
    {
        if (direction == Vec3.Zero || !(seg.SegmentM > 0) || !(seg.LengthM >= 2 * seg.SegmentM) || grid.Count < MinVoxels) return null;
        double pitch = grid.VoxelSizeM;
        int segments = (int)Math.Floor(seg.LengthM / seg.SegmentM + 1e-9);
        int binsPerSegment = Math.Max(1, (int)Math.Round(seg.SegmentM / pitch));
        double reach = seg.LengthM + seg.CorridorM + seg.SegmentM;

        var pool = ArrayPool<int>.Shared;
        var dpool = ArrayPool<double>.Shared;
        int[] near = pool.Rent(grid.Count);
        double[] angles = dpool.Rent(2 * segments), path = dpool.Rent(2 * segments), resolution = dpool.Rent(2 * segments);
        Span<bool> occupied = binsPerSegment <= 256 ? stackalloc bool[binsPerSegment] : new bool[binsPerSegment];
        try
        {
            // The candidates once: the track's voxels within reach of the start.
            int candidates = 0;
            for (int v = 0; v < grid.Count; v++)
            {
                if (!owner.IsEmpty && owner[v] == 0) continue;
                if ((grid.Centroid(v) - start).Length <= reach) near[candidates++] = v;
            }

            var axis = direction.Normalized();
            var origin = start;
            double previousSlopeVariance = double.NaN;
            int count = 0;
            for (int k = 0; k < segments; k++)
            {
                var (e1, e2) = ScatteringCorridor.Transverse(axis);
                double q = 0, qs = 0, qss = 0, qx = 0, qy = 0, qsx = 0, qsy = 0;
                int voxels = 0;
                occupied.Clear();
                for (int i = 0; i < candidates; i++)
                {
                    int v = near[i];
                    var d = grid.Centroid(v) - origin;
                    double s = d.Dot(axis);
                    if (!(s >= 0) || s >= seg.SegmentM) continue;
                    double x = d.Dot(e1), y = d.Dot(e2);
                    if (x * x + y * y > seg.CorridorM * seg.CorridorM) continue;
                    double c = grid.Charge(v);
                    q += c; qs += c * s; qss += c * s * s; qx += c * x; qy += c * y; qsx += c * s * x; qsy += c * s * y;
                    occupied[Math.Min(binsPerSegment - 1, (int)(s / pitch))] = true;
                    voxels++;
                }
                // The segment's pitch-long bins: the lever arm its slope is measured over.
                int bins = 0;
                double sumS = 0, sumS2 = 0;
                for (int b = 0; b < binsPerSegment; b++)
                {
                    if (!occupied[b]) continue;
                    double sb = (b + 0.5) * pitch;
                    bins++; sumS += sb; sumS2 += sb * sb;
                }
                if (voxels < MinVoxels || bins < MinBins || !(q > 0)) break;     // the track ended, left the corridor or the mask
                double meanS = qs / q, varS = qss / q - meanS * meanS;
                if (!(varS > 0)) break;
                double slopeX = (qsx / q - meanS * qx / q) / varS, slopeY = (qsy / q - meanS * qy / q) / varS;
                double leverArm = sumS2 - sumS * sumS / bins;
                double slopeVariance = seg.PointSigmaM * seg.PointSigmaM / Math.Max(leverArm, pitch * pitch);
                if (k > 0)
                {
                    // The slopes against the previous segment's line are the two projected angle changes at the junction.
                    double junction = startPathM + k * seg.SegmentM;
                    double res = previousSlopeVariance + slopeVariance;
                    angles[count] = Math.Atan(slopeX); path[count] = junction; resolution[count] = res; count++;
                    angles[count] = Math.Atan(slopeY); path[count] = junction; resolution[count] = res; count++;
                }
                previousSlopeVariance = slopeVariance;
                // The next segment follows this one's line from its far end.
                var lineDirection = (axis + slopeX * e1 + slopeY * e2).Normalized();
                var centroid = origin + meanS * axis + (qx / q) * e1 + (qy / q) * e2;
                origin = centroid + (seg.SegmentM - meanS) * lineDirection;
                axis = lineDirection;
            }
            if (count < 2) return null;
            return MaximumLikelihood(angles.AsSpan(0, count), path.AsSpan(0, count), resolution.AsSpan(0, count), seg, scattering, count);
        }
        finally
        {
            pool.Return(near);
            dpool.Return(angles); dpool.Return(path); dpool.Return(resolution);
        }
    }

    /// <summary>
    /// The kinetic energy at the start maximising the Gaussian likelihood of the measured angle changes: each of width
    /// sqrt((26/35) theta0(T(s), L)^2 + resolution^2) with T(s) = T - (dE/ds) s at its junction; the scan starts above the
    /// energy the track needs to reach its last junction. The error in ln T from where -ln L rises by 1/2 on either side.
    /// </summary>
    public static Estimate? MaximumLikelihood(ReadOnlySpan<double> angles, ReadOnlySpan<double> pathM, ReadOnlySpan<double> resolutionVariance,
        in Segmenting seg, ScatteringLimit scattering, int count)
    {
        double lastPath = 0;
        for (int i = 0; i < count; i++) lastPath = Math.Max(lastPath, pathM[i]);
        double floor = seg.StoppingMeVPerM * (lastPath + seg.SegmentM);
        Span<double> nll = stackalloc double[ScanSteps];
        double step = Math.Log(ScanMaxMeV / ScanMinMeV) / (ScanSteps - 1);
        int best = -1;
        for (int j = 0; j < ScanSteps; j++)
        {
            double t0 = ScanMinMeV * Math.Exp(j * step);
            if (t0 <= floor) { nll[j] = double.PositiveInfinity; continue; }
            double sum = 0;
            for (int i = 0; i < count; i++)
            {
                double t = t0 - seg.StoppingMeVPerM * pathM[i];
                double theta0 = scattering.HighlandRad(t, seg.SegmentM * 100);
                double variance = AdjacentSegmentVariance * theta0 * theta0 + resolutionVariance[i];
                sum += 0.5 * Math.Log(variance) + 0.5 * angles[i] * angles[i] / variance;
            }
            nll[j] = sum;
            if (best < 0 || sum < nll[best]) best = j;
        }
        if (best < 0) return null;
        double lnBest = Math.Log(ScanMinMeV) + best * step;
        // Refine by a parabola through the neighbours (in ln T), where both exist.
        if (best > 0 && best < ScanSteps - 1 && double.IsFinite(nll[best - 1]))
        {
            double a = nll[best - 1], b = nll[best], c = nll[best + 1];
            double curvature = a - 2 * b + c;
            if (curvature > 0) lnBest += 0.5 * step * (a - c) / curvature;
        }
        double limit = nll[best] + 0.5;
        int lo = best, hi = best;
        while (lo > 0 && double.IsFinite(nll[lo - 1]) && nll[lo - 1] < limit) lo--;
        while (hi < ScanSteps - 1 && nll[hi + 1] < limit) hi++;
        bool upperFound = hi < ScanSteps - 1;
        double lowLn = Math.Log(ScanMinMeV) + (lo > 0 && double.IsFinite(nll[lo - 1]) ? Cross(nll, limit, lo - 1, lo, step) : lo * step);
        double highLn = Math.Log(ScanMinMeV) + (upperFound ? Cross(nll, limit, hi + 1, hi, step) : hi * step);
        if (!upperFound)
        {
            // Too straight for the pixels: only the lower limit (where -ln L has risen by 1/2 below the best) is a measurement.
            return new Estimate(Math.Exp(lowLn), double.PositiveInfinity, count);
        }
        return new Estimate(Math.Exp(lnBest), Math.Max(0.5 * (highLn - lowLn), 0.5 * step), count);

        // Where -ln L crosses the limit between grid points outer (above it) and inner (below), in ln T from the scan's start.
        static double Cross(ReadOnlySpan<double> nll, double limit, int outer, int inner, double step)
        {
            double f = (limit - nll[inner]) / (nll[outer] - nll[inner]);
            return (inner + f * (outer - inner)) * step;
        }
    }
}
