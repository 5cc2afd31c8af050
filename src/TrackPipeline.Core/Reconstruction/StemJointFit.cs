using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// The photon of a pair whose leptons leave the vertex as one stem and part downstream, fitted as two lines from one vertex
/// (issue 10 rounds 15-16b, docs/reconstruction.md). The fork is the first radius from the vertex where a shell holds two
/// arms that cross it, each with at least the arm charge and lying inside the stem's corridor (the shell search of
/// <c>StemFork</c>, quest14, in the history at 4dad653); beyond it every voxel belongs to the arm that reaches it first
/// (breadth-first over the 26-neighbours). Along the stem fit's axis in pitch-long bins: a bin before the fork is one
/// measurement of the leptons' equal-weight mean (both are MIPs), beyond it each lepton's own charge is one measurement of
/// that lepton. One GLS per projection with parameters (vertex, slope 1, slope 2), each lepton's own random walk in the
/// covariance (a stem bin shares half of each), so the leptons' bins beyond the fork say how much of the stem's wander was
/// the soft lepton's. The photon is the energy-weighted sum, each lepton's energy its arm's charge and half the stem's.
/// The charge centroid alone weighs the soft lepton as much as the hard one: with the Bethe-Heitler split that costs the
/// stem fit ~1.5x (round 15).
/// </summary>
public static class StemJointFit
{
    /// <summary>
    /// The fork the finder found: its radius from the vertex (m) and each voxel's arm beyond it (1 the heavier arm's, 2 the
    /// other's, 0 neither or before the fork).
    /// </summary>
    public sealed record Fork(double RadiusM, byte[] Owner);

    /// <param name="cluster">The vertex cluster's charge at the pixel pitch, with its 26-neighbour adjacency.</param>
    /// <param name="axis">The stem fit's direction (unit, into the event): the bins lie along it.</param>
    /// <param name="mipElectronsPerMm">Charge of one minimum-ionising track per mm (Topology:VertexMipElectronsPerMm).</param>
    /// <param name="eventKev">The whole event's charge, as energy: the stem's two leptons carry half each (as the stem fit).</param>
    /// <returns>The photon's line, or null where no fork is found or a lepton has fewer than two bins beyond it (keep the stem fit).</returns>
    public static PhotonLine? Fit(VoxelAdjacency cluster, Vec3 vertex, Vec3 axis, double keVPerElectron, double mipElectronsPerMm,
        double eventKev, double pointSigmaM, ReconstructionSettings settings, ScatteringLimit scattering)
    {
        var grid = cluster.Grid;
        double lengthM = settings.LeptonScatteringFitLengthMm * 1e-3;
        if (grid.Count < 3 || axis == Vec3.Zero || !(lengthM > 0) || !(settings.JointForkToMm > 0)) return null;
        double stemK = StemScatteringPerLength(eventKev, settings, scattering);
        if (FindFork(cluster, vertex, axis, stemK, mipElectronsPerMm, settings) is not { } fork) return null;
        return FitAtFork(grid, vertex, axis, fork, keVPerElectron, stemK, pointSigmaM, settings, scattering);
    }

    /// <summary>The joint fit at a fork found by <see cref="FindFork"/>, the energies from the charge (<see cref="ChargeEnergiesMeV"/>).</summary>
    public static PhotonLine? FitAtFork(VoxelGrid grid, Vec3 vertex, Vec3 axis, Fork fork, double keVPerElectron, double stemK,
        double pointSigmaM, ReconstructionSettings settings, ScatteringLimit scattering)
    {
        var kind = Kinds(grid, vertex, fork);
        var (energyA, energyB) = ChargeEnergiesMeV(grid, kind, keVPerElectron);
        return FitSplit(grid, vertex, axis, kind, energyA, energyB, stemK, pointSigmaM, settings, scattering);
    }

    /// <summary>The stem's scattering angle variance per unit path: two leptons of half the event's energy each, averaged (as the stem fit).</summary>
    public static double StemScatteringPerLength(double eventKev, ReconstructionSettings settings, ScatteringLimit scattering) =>
        PerLength(0.5 * eventKev * 1e-3, 2, settings.LeptonScatteringFitLengthMm * 1e-3, scattering);

    /// <summary>
    /// The fork: the first radius from the vertex where a shell of the cluster holds two arms that cross it, each with the arm
    /// charge, ahead of the vertex and inside the stem's corridor. Beyond it each voxel belongs to the arm that reaches it first
    /// (breadth-first over the 26-neighbours). Null without a fork.
    /// </summary>
    /// <param name="stemK">The stem's scattering variance per unit path (<see cref="StemScatteringPerLength"/>): the corridor's width.</param>
    public static Fork? FindFork(VoxelAdjacency cluster, Vec3 vertex, Vec3 axis, double stemK, double mipElectronsPerMm,
        ReconstructionSettings settings)
    {
        var grid = cluster.Grid;
        int n = grid.Count;
        double pitchM = grid.VoxelSizeM;
        if (n < 3 || axis == Vec3.Zero || !(settings.JointForkToMm > 0)) return null;
        var corridor = settings.Corridor();
        var distance = Distances(grid, vertex);
        var piece = new int[n];
        var queue = new int[n];
        var pieceCharge = new List<double>(); var pieceNear = new List<double>(); var pieceFar = new List<double>(); var pieceMoment = new List<Vec3>();
        double shell = settings.JointForkShellMm * 1e-3, step = settings.JointForkStepMm * 1e-3, edge = 2 * pitchM;
        double minArm = settings.JointForkMinArmMips * mipElectronsPerMm * settings.JointForkShellMm;
        double fork = double.NaN;
        int armA = -1, armB = -1;
        for (double r = settings.JointForkFromMm * 1e-3; r <= settings.JointForkToMm * 1e-3 + 1e-12 && double.IsNaN(fork); r += step)
        {
            // Pieces of the shell r < d <= r + shell, connected within it.
            Array.Fill(piece, -1);
            pieceCharge.Clear(); pieceNear.Clear(); pieceFar.Clear(); pieceMoment.Clear();
            for (int seed = 0; seed < n; seed++)
            {
                if (piece[seed] >= 0 || !InShell(seed, r)) continue;
                int id = pieceCharge.Count, head = 0, tail = 0;
                double q = 0, near = double.MaxValue, far = 0;
                var moment = Vec3.Zero;
                piece[seed] = id;
                queue[tail++] = seed;
                while (head < tail)
                {
                    int v = queue[head++];
                    q += grid.Charge(v);
                    moment += grid.Charge(v) * grid.Centroid(v);
                    near = Math.Min(near, distance[v]); far = Math.Max(far, distance[v]);
                    foreach (var u in cluster.Of(v))
                    {
                        if (piece[u] >= 0 || !InShell(u, r)) continue;
                        piece[u] = id;
                        queue[tail++] = u;
                    }
                }
                pieceCharge.Add(q); pieceNear.Add(near); pieceFar.Add(far); pieceMoment.Add(moment);
            }
            // Arms: pieces crossing the whole shell, ahead of the vertex inside the stem's corridor, with the arm charge.
            int first = -1, second = -1;
            for (int p = 0; p < pieceCharge.Count; p++)
            {
                if (pieceNear[p] > r + edge || pieceFar[p] < r + shell - edge || pieceCharge[p] < minArm) continue;
                var d = (1 / pieceCharge[p]) * pieceMoment[p] - vertex;
                double along = d.Dot(axis);
                if (!(along > 0)) continue;
                var lateral = d - along * axis;
                if (!corridor.Contains(lateral.Dot(lateral), Math.Sqrt(stemK * along * along * along / 3))) continue;
                if (first < 0 || pieceCharge[p] > pieceCharge[first]) { second = first; first = p; }
                else if (second < 0 || pieceCharge[p] > pieceCharge[second]) second = p;
            }
            if (second >= 0) { fork = r; armA = first; armB = second; }
        }
        if (double.IsNaN(fork)) return null;

        // Beyond the fork each voxel belongs to the arm that reaches it first; the stem's charge is shared.
        var owner = new byte[n];
        {
            int head = 0, tail = 0;
            for (int v = 0; v < n; v++)
            {
                if (!InShell(v, fork)) continue;
                if (piece[v] == armA) { owner[v] = 1; queue[tail++] = v; }
                else if (piece[v] == armB) { owner[v] = 2; queue[tail++] = v; }
            }
            while (head < tail)
            {
                int v = queue[head++];
                foreach (var u in cluster.Of(v))
                {
                    if (owner[u] != 0 || distance[u] <= fork) continue;
                    owner[u] = owner[v];
                    queue[tail++] = u;
                }
            }
        }
        return new Fork(fork, owner);

        bool InShell(int v, double r) => distance[v] > r && distance[v] <= r + shell;
    }

    /// <summary>Each voxel's kind for <see cref="FitSplit"/>: 0 the stem (within the fork's radius), 1 and 2 the arms beyond it, -1 neither.</summary>
    public static sbyte[] Kinds(VoxelGrid grid, Vec3 vertex, Fork fork)
    {
        var kind = new sbyte[grid.Count];
        for (int v = 0; v < kind.Length; v++)
            kind[v] = (sbyte)((grid.Centroid(v) - vertex).Length <= fork.RadiusM ? 0 : fork.Owner[v] == 1 ? 1 : fork.Owner[v] == 2 ? 2 : -1);
        return kind;
    }

    /// <summary>Each lepton's energy from the charge (MeV): its arm's and half the stem's.</summary>
    public static (double A, double B) ChargeEnergiesMeV(VoxelGrid grid, ReadOnlySpan<sbyte> kind, double keVPerElectron)
    {
        double stemQ = 0, qA = 0, qB = 0;
        for (int v = 0; v < grid.Count; v++)
        {
            if (kind[v] == 0) stemQ += grid.Charge(v);
            else if (kind[v] == 1) qA += grid.Charge(v);
            else if (kind[v] == 2) qB += grid.Charge(v);
        }
        return ((qA + 0.5 * stemQ) * keVPerElectron * 1e-3, (qB + 0.5 * stemQ) * keVPerElectron * 1e-3);
    }

    /// <summary>
    /// The joint fit for a given split of the voxels (<paramref name="kind"/>, as <see cref="Kinds"/>) and the leptons' energies:
    /// pitch-long bins along <paramref name="axis"/>, one GLS per projection of two lines from the vertex, the photon their
    /// energy-weighted sum. Null with fewer than two bins of a lepton beyond the fork (the stem fit stands).
    /// </summary>
    public static PhotonLine? FitSplit(VoxelGrid grid, Vec3 vertex, Vec3 axis, ReadOnlySpan<sbyte> kind, double energyA, double energyB,
        double stemK, double pointSigmaM, ReconstructionSettings settings, ScatteringLimit scattering)
    {
        int n = grid.Count;
        double lengthM = settings.LeptonScatteringFitLengthMm * 1e-3, pitchM = grid.VoxelSizeM;
        if (!(energyA > 0 && energyB > 0)) return null;
        var corridor = settings.Corridor();
        double kA = PerLength(energyA, 1, lengthM, scattering), kB = PerLength(energyB, 1, lengthM, scattering);

        // Pitch-long bins along the axis: kind 1 the stem (before the fork), 2 lepton A, 3 lepton B.
        int bins = (int)Math.Ceiling(lengthM / pitchM);
        var sums = new double[3 * bins * 4];
        var (e1, e2) = ScatteringCorridor.Transverse(axis);
        for (int v = 0; v < n; v++)
        {
            int kd = kind[v];
            if (kd < 0) continue;
            var d = grid.Centroid(v) - vertex;
            double along = d.Dot(axis);
            if (!(along > 0) || along >= lengthM) continue;
            double k = kd == 0 ? stemK : kd == 1 ? kA : kB;
            var lateral = d - along * axis;
            if (!corridor.Contains(lateral.Dot(lateral), Math.Sqrt(k * along * along * along / 3))) continue;
            int at = (kd * bins + (int)(along / pitchM)) * 4;
            double q = grid.Charge(v);
            sums[at] += q; sums[at + 1] += q * along; sums[at + 2] += q * d.Dot(e1); sums[at + 3] += q * d.Dot(e2);
        }
        // Measurements: the vertex, then every filled bin.
        var kinds = new List<int> { 0 }; var s = new List<double> { 0 }; var x = new List<double> { 0 }; var y = new List<double> { 0 };
        int beyondA = 0, beyondB = 0;
        for (int kd = 0; kd < 3; kd++)
            for (int b = 0; b < bins; b++)
            {
                int at = (kd * bins + b) * 4;
                double q = sums[at];
                if (!(q > 0)) continue;
                kinds.Add(kd + 1); s.Add(sums[at + 1] / q); x.Add(sums[at + 2] / q); y.Add(sums[at + 3] / q);
                if (kd == 1) beyondA++; else if (kd == 2) beyondB++;
            }
        if (beyondA < 2 || beyondB < 2) return null;
        int m = kinds.Count;
        var c = new double[m * m];
        double vertexVariance = settings.VertexSigmaMm * 1e-3 * settings.VertexSigmaMm * 1e-3, pointVariance = pointSigmaM * pointSigmaM;
        for (int i = 0; i < m; i++)
            for (int j = 0; j <= i; j++)
            {
                double lo = Math.Min(s[i], s[j]), hi = Math.Max(s[i], s[j]);
                double g = lo * lo * hi / 2 - lo * lo * lo / 6;
                var (a1, a2) = Share(kinds[i]); var (b1, b2) = Share(kinds[j]);
                double value = (a1 * b1 * kA + a2 * b2 * kB) * g;
                if (i == j) value += kinds[i] == 0 ? vertexVariance : pointVariance;
                c[i * m + j] = value; c[j * m + i] = value;
            }
        // Design columns: intercept, slope of lepton A, slope of lepton B; then the data.
        var cols = new double[5][];
        for (int p = 0; p < 5; p++) cols[p] = new double[m];
        for (int i = 0; i < m; i++)
        {
            var (u1, u2) = Share(kinds[i]);
            cols[0][i] = 1; cols[1][i] = u1 * s[i]; cols[2][i] = u2 * s[i]; cols[3][i] = x[i]; cols[4][i] = y[i];
        }
        if (!MultipleScatteringFit.Cholesky(c, m)) return null;
        foreach (var col in cols) MultipleScatteringFit.ForwardSolve(c, m, col);
        var normal = new double[3, 3]; var gx = new double[3]; var gy = new double[3];
        for (int p = 0; p < 3; p++)
        {
            for (int q = 0; q < 3; q++) for (int i = 0; i < m; i++) normal[p, q] += cols[p][i] * cols[q][i];
            for (int i = 0; i < m; i++) { gx[p] += cols[p][i] * cols[3][i]; gy[p] += cols[p][i] * cols[4][i]; }
        }
        if (Inverse3(normal) is not { } inverse) return null;
        double Slope(double[] g, int p) => inverse[p, 0] * g[0] + inverse[p, 1] * g[1] + inverse[p, 2] * g[2];
        var dirA = (axis + Slope(gx, 1) * e1 + Slope(gy, 1) * e2).Normalized();
        var dirB = (axis + Slope(gx, 2) * e1 + Slope(gy, 2) * e2).Normalized();
        // The photon's momentum is the sum of the leptons' (nuclear recoil unmeasured).
        var photon = (energyA * dirA + energyB * dirB).Normalized();
        double wA = energyA / (energyA + energyB), wB = 1 - wA;
        double variance = wA * wA * inverse[1, 1] + 2 * wA * wB * inverse[1, 2] + wB * wB * inverse[2, 2];
        return new PhotonLine(vertex, photon, Math.Sqrt(Math.Max(0, variance)) * 180 / Math.PI);
    }

    private static double[] Distances(VoxelGrid grid, Vec3 vertex)
    {
        var distance = new double[grid.Count];
        for (int v = 0; v < distance.Length; v++) distance[v] = (grid.Centroid(v) - vertex).Length;
        return distance;
    }

    /// <summary>Scattering angle variance per unit path over the fitted length (Highland's log term at that length).</summary>
    private static double PerLength(double kineticMeV, double tracks, double lengthM, ScatteringLimit scattering)
    {
        double theta0 = scattering.HighlandRad(kineticMeV, lengthM * 100);
        return theta0 * theta0 / lengthM / tracks;
    }

    /// <summary>How a measurement of each kind weighs the two leptons' lateral positions: the stem is their equal mean.</summary>
    private static (double A, double B) Share(int kind) => kind switch { 1 => (0.5, 0.5), 2 => (1, 0), 3 => (0, 1), _ => (0, 0) };

    /// <summary>The inverse of a symmetric 3 x 3 matrix by cofactors; null if singular.</summary>
    private static double[,]? Inverse3(double[,] a)
    {
        double c00 = a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1], c01 = a[1, 2] * a[2, 0] - a[1, 0] * a[2, 2], c02 = a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0];
        double det = a[0, 0] * c00 + a[0, 1] * c01 + a[0, 2] * c02;
        if (!(Math.Abs(det) > 0)) return null;
        var r = new double[3, 3];
        r[0, 0] = c00 / det; r[1, 0] = c01 / det; r[2, 0] = c02 / det;
        r[0, 1] = (a[0, 2] * a[2, 1] - a[0, 1] * a[2, 2]) / det;
        r[1, 1] = (a[0, 0] * a[2, 2] - a[0, 2] * a[2, 0]) / det;
        r[2, 1] = (a[0, 1] * a[2, 0] - a[0, 0] * a[2, 1]) / det;
        r[0, 2] = (a[0, 1] * a[1, 2] - a[0, 2] * a[1, 1]) / det;
        r[1, 2] = (a[0, 2] * a[1, 0] - a[0, 0] * a[1, 2]) / det;
        r[2, 2] = (a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]) / det;
        return r;
    }
}
