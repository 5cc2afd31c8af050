using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// Pair kinematics at a vertex found from the charge. Outside the split sphere the main cluster falls into pieces;
/// the two largest that reach back to the sphere are the leptons. Each lepton's direction is the line through the
/// vertex fitted to its first mm (scattering grows along the track). Its energy is its prong's charge, half the charge
/// inside the sphere, and the detached clusters lying along it: a lepton's brems fly forward and convert cm away,
/// so the harder lepton loses more of its charge to them (the prong charge alone overstates the asymmetry).
/// </summary>
public static class PairFit
{
    public readonly record struct Detached(Vec3 Centroid, double Charge);

    /// <param name="main">The main cluster's charge at the vertex resolution, with its 26-neighbour adjacency.</param>
    /// <param name="detached">The other clusters of the track (centroid and charge).</param>
    /// <param name="keVPerElectron">Energy per collected electron (W / (1 - recombination)).</param>
    public static PairKinematics? Reconstruct(VoxelAdjacency main, Vec3 vertex, double splitRadiusM, ReadOnlySpan<Detached> detached,
        double keVPerElectron, double pitchM, ReconstructionSettings settings, ScatteringLimit scattering)
    {
        var grid = main.Grid;
        int n = grid.Count;
        if (n == 0) return null;
        var distance = new double[n];
        for (int v = 0; v < n; v++) distance[v] = (grid.Centroid(v) - vertex).Length;

        // Pieces of the cluster outside the sphere (breadth-first over the adjacency).
        var piece = new int[n];
        Array.Fill(piece, -1);
        var pieceCharge = new List<double>();
        var pieceNearest = new List<double>();
        var pieceMoment = new List<Vec3>();
        var queue = new Queue<int>();
        double insideCharge = 0;
        for (int seed = 0; seed < n; seed++)
        {
            if (distance[seed] <= splitRadiusM) { insideCharge += grid.Charge(seed); continue; }
            if (piece[seed] >= 0) continue;
            int id = pieceCharge.Count;
            double q = 0, nearest = double.MaxValue;
            var moment = Vec3.Zero;
            piece[seed] = id;
            queue.Enqueue(seed);
            while (queue.Count > 0)
            {
                int v = queue.Dequeue();
                q += grid.Charge(v);
                moment += grid.Charge(v) * grid.Centroid(v);
                nearest = Math.Min(nearest, distance[v]);
                foreach (var u in main.Of(v))
                {
                    if (piece[u] >= 0 || distance[u] <= splitRadiusM) continue;
                    piece[u] = id;
                    queue.Enqueue(u);
                }
            }
            pieceCharge.Add(q); pieceNearest.Add(nearest); pieceMoment.Add(moment);
        }

        // The two heaviest pieces that touch the sphere are the leptons (as in ProngSplit).
        double touch = splitRadiusM + 2 * grid.VoxelSizeM;
        int first = -1, second = -1;
        for (int p = 0; p < pieceCharge.Count; p++)
        {
            if (pieceNearest[p] > touch) continue;
            if (first < 0 || pieceCharge[p] > pieceCharge[first]) { second = first; first = p; }
            else if (second < 0 || pieceCharge[p] > pieceCharge[second]) second = p;
        }
        if (second < 0) return null;

        // Directions: the line through the vertex fitted to each prong's first mm beyond the sphere.
        double fitTo = splitRadiusM + settings.LeptonFitLengthMm * 1e-3;
        var lineA = new AnchoredLine(vertex);
        var lineB = new AnchoredLine(vertex);
        for (int v = 0; v < n; v++)
        {
            if (distance[v] > fitTo) continue;
            if (piece[v] == first) lineA.Add(grid.Centroid(v), grid.Charge(v));
            else if (piece[v] == second) lineB.Add(grid.Centroid(v), grid.Charge(v));
        }
        var dirA = lineA.Direction;
        var dirB = lineB.Direction;
        if (dirA == Vec3.Zero || dirB == Vec3.Zero) return null;

        // Energies: prong + half the shared charge at the vertex + the brems along each lepton.
        double qA = pieceCharge[first] + 0.5 * insideCharge, qB = pieceCharge[second] + 0.5 * insideCharge;
        double bremA = 0, bremB = 0;
        double cone = Math.Cos(settings.BremConeHalfAngleDeg * Math.PI / 180);
        for (int p = 0; p < pieceCharge.Count; p++)
        {
            if (p == first || p == second) continue;
            Credit((1 / pieceCharge[p]) * pieceMoment[p], pieceCharge[p]);
        }
        foreach (var d in detached) Credit(d.Centroid, d.Charge);

        var a = Lepton(dirA, qA, bremA);
        var b = Lepton(dirB, qB, bremB);
        if (b.EnergyKev > a.EnergyKev) (a, b) = (b, a);
        double total = a.EnergyKev + b.EnergyKev;
        double sa = a.EnergyKev * a.DirectionSigmaDeg, sb = b.EnergyKev * b.DirectionSigmaDeg;
        var photon = (a.EnergyKev * a.Direction + b.EnergyKev * b.Direction).Normalized();
        if (splitRadiusM > settings.LeptonFitLengthMm * 1e-3)
        {
            // The leptons only separate beyond the fit length: their first mm is one stem, which points along the photon
            // (the V is narrower than the scattering). The stem's line through the vertex is the photon direction.
            var stem = new AnchoredLine(vertex);
            for (int v = 0; v < n; v++)
                if (distance[v] <= settings.LeptonFitLengthMm * 1e-3) stem.Add(grid.Centroid(v), grid.Charge(v));
            if (stem.Direction != Vec3.Zero) photon = stem.Direction;
        }
        return new PairKinematics(vertex, splitRadiusM * 1e3, a, b,
            Math.Acos(Math.Clamp(a.Direction.Dot(b.Direction), -1, 1)) * 180 / Math.PI,
            a.EnergyKev > 0 ? b.EnergyKev / a.EnergyKev : 0,
            photon, Math.Sqrt(sa * sa + sb * sb) / total);

        void Credit(Vec3 centroid, double charge)
        {
            var u = (centroid - vertex).Normalized();
            double cosA = u.Dot(dirA), cosB = u.Dot(dirB);
            if (Math.Max(cosA, cosB) < cone) return;
            if (cosA >= cosB) bremA += charge; else bremB += charge;
        }

        Lepton Lepton(Vec3 direction, double prongCharge, double bremCharge)
        {
            double energyKev = (prongCharge + bremCharge) * keVPerElectron;
            double sigma = scattering.LineFitErrorRad(energyKev * 1e-3, settings.LeptonFitLengthMm * 0.1, pitchM * 100);
            return new Lepton(direction, sigma * 180 / Math.PI, prongCharge * keVPerElectron, bremCharge * keVPerElectron);
        }
    }
}
