using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// The two leptons' split near the vertex without a fork (issue 10 round 19, docs/reconstruction.md; <c>PhotonFit =
/// stemmix</c>). A very asymmetric pair's soft lepton leaves the hard one within a few mm but stays joined to it in every shell,
/// so <see cref="StemJointFit"/>'s fork finder finds no fork (rounds 17b, 18). Here the cluster's voxels ahead of the vertex
/// within <c>StemMixLengthMm</c> are a mixture of two rays from the vertex: each voxel's charge is shared between the rays by a
/// Gaussian in its distance to each (the point error with one lepton's random walk as the width), each ray refitted through the
/// vertex by weighted least squares, alternated a fixed number of times (expectation-maximisation). A voxel a ray holds at
/// least <c>StemMixOwnShare</c> of is that lepton's, else the stem's (both leptons' equal mean); beyond the length each voxel
/// belongs to the ray that reaches it first. The photon is <see cref="StemJointFit.FitSplit"/>'s GLS on that split, each lepton's
/// energy its charge, half the stem's and its detached brems (as <see cref="PairFit"/> credits them). Where the weaker ray owns
/// less than <c>StemMixMinRayMm</c> of a MIP's charge the mixture has collapsed to one ray, and where the softer lepton's energy
/// share exceeds <c>StemMixMaxSoftShare</c> the pair is not the very asymmetric one the split is for (round 19b): null, the stem
/// fit stands.
/// </summary>
public static class StemMixture
{
    /// <summary>The mixture's answer: each voxel's kind for <see cref="StemJointFit.FitSplit"/> (0 the stem, 1 ray A's, 2 ray B's,
    /// -1 neither), the rays' directions and the leptons' energies (MeV).</summary>
    public sealed record Result(sbyte[] Kind, Vec3 RayA, Vec3 RayB, double EnergyA, double EnergyB)
    {
        /// <summary>The rays' own energy-weighted direction (without the GLS: the study's record).</summary>
        public Vec3 RaysPhoton => (EnergyA * RayA + EnergyB * RayB).Normalized();
    }

    /// <param name="cluster">The vertex cluster's charge at the pixel pitch, with its 26-neighbour adjacency.</param>
    /// <param name="axis">The stem fit's direction (unit, into the event): the GLS's bins lie along it, the start rays about it.</param>
    /// <param name="detached">The event's other clusters (brems converted away), credited to the ray nearest in angle.</param>
    /// <returns>The photon's line, or null where the mixture collapses to one ray or a lepton has fewer than two bins (keep the stem fit).</returns>
    public static PhotonLine? Fit(VoxelAdjacency cluster, Vec3 vertex, Vec3 axis, double keVPerElectron, double mipElectronsPerMm,
        double eventKev, ReadOnlySpan<PairFit.Detached> detached, double pointSigmaM, ReconstructionSettings settings, ScatteringLimit scattering)
    {
        if (!(settings.LeptonScatteringFitLengthMm > 0)) return null;
        double stemK = StemJointFit.StemScatteringPerLength(eventKev, settings, scattering);
        if (Mix(cluster, vertex, axis, keVPerElectron, mipElectronsPerMm, stemK, detached, pointSigmaM, settings) is not { } mix) return null;
        return StemJointFit.FitSplit(cluster.Grid, vertex, axis, mix.Kind, mix.EnergyA, mix.EnergyB, stemK, pointSigmaM, settings, scattering);
    }

    /// <summary>The mixture of two rays from the vertex and the split it gives; null where it collapses to one ray.</summary>
    /// <param name="stemK">The stem's scattering variance per unit path (<see cref="StemJointFit.StemScatteringPerLength"/>): one
    /// lepton at half the event's energy walks twice that, the rays' width.</param>
    public static Result? Mix(VoxelAdjacency cluster, Vec3 vertex, Vec3 axis, double keVPerElectron, double mipElectronsPerMm, double stemK,
        ReadOnlySpan<PairFit.Detached> detached, double pointSigmaM, ReconstructionSettings settings)
    {
        var grid = cluster.Grid;
        int n = grid.Count;
        double reach = settings.StemMixLengthMm * 1e-3;
        if (n < 3 || axis == Vec3.Zero || !(reach > 0)) return null;
        double leptonK = 2 * stemK, pointVariance = pointSigmaM * pointSigmaM;

        // The voxels ahead of the vertex within the length: offsets from the vertex and charge.
        var near = new int[n];
        int m = 0;
        var distance = new double[n];
        for (int v = 0; v < n; v++)
        {
            var d = grid.Centroid(v) - vertex;
            distance[v] = d.Length;
            if (distance[v] <= reach && d.Dot(axis) > 0) near[m++] = v;
        }
        if (m < 3) return null;

        var (rayA, rayB) = StartRays(grid, vertex, axis, near.AsSpan(0, m), cluster, stemK, mipElectronsPerMm, settings);
        Span<double> sA = stackalloc double[6], sB = stackalloc double[6];
        for (int iteration = 0; iteration < settings.StemMixIterations; iteration++)
        {
            // Each ray's share of every voxel, then each ray refitted through the vertex to its share (1 / width^2 each).
            sA.Clear(); sB.Clear();
            for (int i = 0; i < m; i++)
            {
                int v = near[i];
                var d = grid.Centroid(v) - vertex;
                var (lA, wA) = Score(d, rayA);
                var (lB, wB) = Score(d, rayB);
                // Every voxel counts for both rays by its share: a soft lepton far off both start rays still pulls the nearer one
                // (round 19 left voxels beyond the corridor's sigmas out, and a lepton leaving at 25-35 deg was nobody's).
                double a = 1 / (1 + Math.Exp(lB - lA));
                double q = grid.Charge(v);
                Accumulate(sA, d, q * a / wA);
                Accumulate(sB, d, q * (1 - a) / wB);
            }
            rayA = PrincipalThroughVertex(sA, rayA);
            rayB = PrincipalThroughVertex(sB, rayB);
        }

        // The split: a ray's own voxels within the length, the stem's where they share; beyond, the ray that reaches it first.
        var kind = new sbyte[n];
        Array.Fill(kind, (sbyte)-1);
        var queue = new int[n];
        int head = 0, tail = 0;
        double ownA = 0, ownB = 0;
        for (int i = 0; i < m; i++)
        {
            int v = near[i];
            var d = grid.Centroid(v) - vertex;
            double a = 1 / (1 + Math.Exp(Score(d, rayB).Log - Score(d, rayA).Log));
            if (a >= settings.StemMixOwnShare) { kind[v] = 1; ownA += grid.Charge(v); queue[tail++] = v; }
            else if (1 - a >= settings.StemMixOwnShare) { kind[v] = 2; ownB += grid.Charge(v); queue[tail++] = v; }
            else kind[v] = 0;
        }
        double least = settings.StemMixMinRayMm * mipElectronsPerMm;
        if (!(Math.Min(ownA, ownB) >= least)) return null;
        while (head < tail)
        {
            int v = queue[head++];
            foreach (var u in cluster.Of(v))
            {
                if (kind[u] != -1 || distance[u] <= reach) continue;
                kind[u] = kind[v];
                queue[tail++] = u;
            }
        }

        // Energies: each lepton's charge, half the stem's, and the detached brems nearest its ray in angle (PairFit's rule).
        double qA = 0, qB = 0, qStem = 0;
        for (int v = 0; v < n; v++)
        {
            if (kind[v] == 1) qA += grid.Charge(v);
            else if (kind[v] == 2) qB += grid.Charge(v);
            else if (kind[v] == 0) qStem += grid.Charge(v);
        }
        double cone = Math.Cos(settings.BremConeHalfAngleDeg * Math.PI / 180);
        foreach (var c in detached)
        {
            var u = (c.Centroid - vertex).Normalized();
            double cosA = u.Dot(rayA), cosB = u.Dot(rayB);
            if (Math.Max(cosA, cosB) < cone) continue;
            if (cosA >= cosB) qA += c.Charge; else qB += c.Charge;
        }
        double eA = (qA + 0.5 * qStem) * keVPerElectron * 1e-3, eB = (qB + 0.5 * qStem) * keVPerElectron * 1e-3;
        // Only a pair the split reads as very asymmetric: on near-symmetric pairs the tag's own split gains nothing over the
        // stem and the mixture cuts a narrow stem lengthwise (round 19).
        if (!(Math.Min(eA, eB) <= settings.StemMixMaxSoftShare * (eA + eB))) return null;
        return new Result(kind, rayA, rayB, eA, eB);

        // The log of a voxel's Gaussian density about a ray (2-D lateral, normalised) and its width^2. Along the ray the width is
        // the point error with one lepton's random walk at that path.
        (double Log, double Width2) Score(Vec3 d, Vec3 ray)
        {
            double t = Math.Max(0, d.Dot(ray));
            double lateral2 = Math.Max(0, d.Dot(d) - t * t);
            double w2 = pointVariance + leptonK * t * t * t / 3;
            return (-0.5 * lateral2 / w2 - Math.Log(w2), w2);
        }
    }

    /// <summary>
    /// The rays the mixture starts from: where the fork finder finds a fork, its arms' directions (each arm's charge within a
    /// shell of the fork); else the stem's direction +- half of <c>StemMixStartOpeningDeg</c> in the plane of the charge's largest
    /// lateral spread about it.
    /// </summary>
    private static (Vec3 A, Vec3 B) StartRays(VoxelGrid grid, Vec3 vertex, Vec3 axis, ReadOnlySpan<int> near, VoxelAdjacency cluster,
        double stemK, double mipElectronsPerMm, ReconstructionSettings settings)
    {
        if (StemJointFit.FindFork(cluster, vertex, axis, stemK, mipElectronsPerMm, settings) is { } fork)
        {
            double to = fork.RadiusM + settings.JointForkShellMm * 1e-3;
            Vec3 mA = Vec3.Zero, mB = Vec3.Zero;
            for (int v = 0; v < grid.Count; v++)
            {
                var d = grid.Centroid(v) - vertex;
                if (d.Length > to) continue;
                if (fork.Owner[v] == 1) mA += grid.Charge(v) * d;
                else if (fork.Owner[v] == 2) mB += grid.Charge(v) * d;
            }
            if (mA != Vec3.Zero && mB != Vec3.Zero) return (mA.Normalized(), mB.Normalized());
        }
        var (e1, e2) = ScatteringCorridor.Transverse(axis);
        double sxx = 0, sxy = 0, syy = 0, pitch = grid.VoxelSizeM;
        foreach (int v in near)
        {
            var d = grid.Centroid(v) - vertex;
            double t = d.Dot(axis);
            if (t <= pitch) continue;
            double x = d.Dot(e1) / t, y = d.Dot(e2) / t, q = grid.Charge(v);
            sxx += q * x * x; sxy += q * x * y; syy += q * y * y;
        }
        double phi = 0.5 * Math.Atan2(2 * sxy, sxx - syy);
        var w = Math.Cos(phi) * e1 + Math.Sin(phi) * e2;
        double half = Math.Tan(0.5 * settings.StemMixStartOpeningDeg * Math.PI / 180);
        return ((axis + half * w).Normalized(), (axis - half * w).Normalized());
    }

    /// <summary>Adds weight x d d^T to a symmetric 3 x 3 sum stored as (xx, xy, xz, yy, yz, zz).</summary>
    private static void Accumulate(Span<double> s, Vec3 d, double weight)
    {
        s[0] += weight * d.X * d.X; s[1] += weight * d.X * d.Y; s[2] += weight * d.X * d.Z;
        s[3] += weight * d.Y * d.Y; s[4] += weight * d.Y * d.Z; s[5] += weight * d.Z * d.Z;
    }

    /// <summary>
    /// The line through the vertex that the weighted offsets lie closest to: the principal axis of their second moment about the
    /// vertex (power iteration from the previous ray, which also keeps its sense). The previous ray where the sum is empty.
    /// </summary>
    private static Vec3 PrincipalThroughVertex(ReadOnlySpan<double> s, Vec3 previous)
    {
        var r = previous;
        for (int k = 0; k < 32; k++)
        {
            var next = new Vec3(s[0] * r.X + s[1] * r.Y + s[2] * r.Z, s[1] * r.X + s[3] * r.Y + s[4] * r.Z, s[2] * r.X + s[4] * r.Y + s[5] * r.Z);
            double length = next.Length;
            if (!(length > 0)) return previous;
            r = (1 / length) * next;
        }
        return r.Dot(previous) < 0 ? -1 * r : r;
    }
}
