using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// A pair whose leptons leave the vertex as one two-MIP stem and part only some mm downstream (at 50 MeV they open by
/// ~2-4 deg: one 0.5 mm pixel apart after ~12 mm). The sphere cut of <see cref="PairFit"/> needs the two leptons to be
/// apart everywhere beyond the sphere, which a hard pair's showers (brems converting across the other lepton) rarely
/// leave; this looks only at a shell just beyond each trial radius. The fork is the smallest radius where the shell holds
/// two arms that both cross it with at least the arm charge; the V is fitted there and its vertex stays at the stem's
/// start. A lepton's energy is the charge its arm reaches first beyond the fork (a breadth-first claim from both arms), half the
/// stem's, and the detached clusters lying along it, as in <see cref="PairFit"/>. Run only where no V was fitted and
/// the stem carries two tracks.
/// </summary>
public static class StemFork
{
    /// <param name="main">The vertex cluster's charge at the pixel pitch, with its 26-neighbour adjacency.</param>
    /// <param name="axis">The stem's direction into the event (the cone vertex's); zero: forward is not known and no fork is fitted.</param>
    /// <param name="mipElectronsPerMm">Charge of one minimum-ionising track per mm (Topology:VertexMipElectronsPerMm).</param>
    public static PairKinematics? Reconstruct(VoxelAdjacency main, Vec3 vertex, Vec3 axis, ReadOnlySpan<PairFit.Detached> detached,
        double keVPerElectron, double pitchM, double mipElectronsPerMm, ReconstructionSettings settings, ScatteringLimit scattering)
    {
        var grid = main.Grid;
        int n = grid.Count;
        if (n == 0 || axis == Vec3.Zero || !(settings.StemForkToMm > 0)) return null;
        var distance = new double[n];
        for (int v = 0; v < n; v++) distance[v] = (grid.Centroid(v) - vertex).Length;

        double shell = settings.StemForkShellMm * 1e-3, step = settings.StemForkStepMm * 1e-3, edge = 2 * grid.VoxelSizeM;
        double minArm = settings.StemForkMinArmMips * mipElectronsPerMm * settings.StemForkShellMm;
        double maxArm = settings.StemForkMaxArmMips * mipElectronsPerMm * settings.StemForkShellMm;
        var piece = new int[n];
        var queue = new int[n];
        var pieceCharge = new List<double>();
        var pieceNear = new List<double>();
        var pieceFar = new List<double>();
        var pieceMoment = new List<Vec3>();
        for (double r = settings.StemForkFromMm * 1e-3; r <= settings.StemForkToMm * 1e-3 + 1e-12; r += step)
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
                    foreach (var u in main.Of(v))
                    {
                        if (piece[u] >= 0 || !InShell(u, r)) continue;
                        piece[u] = id;
                        queue[tail++] = u;
                    }
                }
                pieceCharge.Add(q); pieceNear.Add(near); pieceFar.Add(far); pieceMoment.Add(moment);
            }
            // Arms: pieces crossing the whole shell, ahead of the vertex, with at least the arm charge.
            int first = -1, second = -1;
            for (int p = 0; p < pieceCharge.Count; p++)
            {
                if (pieceNear[p] > r + edge || pieceFar[p] < r + shell - edge || pieceCharge[p] < minArm || pieceCharge[p] > maxArm) continue;
                if (((1 / pieceCharge[p]) * pieceMoment[p] - vertex).Dot(axis) <= 0) continue;
                if (first < 0 || pieceCharge[p] > pieceCharge[first]) { second = first; first = p; }
                else if (second < 0 || pieceCharge[p] > pieceCharge[second]) second = p;
            }
            if (second >= 0) return Fit(r, first, second, detached);
        }
        return null;

        bool InShell(int v, double r) => distance[v] > r && distance[v] <= r + shell;

        PairKinematics? Fit(double r, int armA, int armB, ReadOnlySpan<PairFit.Detached> others)
        {
            var voxelsA = new List<int>();
            var voxelsB = new List<int>();
            for (int v = 0; v < n; v++)
            {
                if (piece[v] == armA && InShell(v, r)) voxelsA.Add(v);
                else if (piece[v] == armB && InShell(v, r)) voxelsB.Add(v);
            }
            var dirA = PairFit.ProngDirection(grid, vertex, voxelsA);
            var dirB = PairFit.ProngDirection(grid, vertex, voxelsB);
            if (dirA == Vec3.Zero || dirB == Vec3.Zero) return null;

            // Beyond the fork each voxel belongs to the arm that reaches it first; the stem's charge is shared.
            var owner = new sbyte[n];
            int head = 0, tail = 0;
            foreach (var v in voxelsA) { owner[v] = 1; queue[tail++] = v; }
            foreach (var v in voxelsB) { owner[v] = 2; queue[tail++] = v; }
            while (head < tail)
            {
                int v = queue[head++];
                foreach (var u in main.Of(v))
                {
                    if (owner[u] != 0 || distance[u] <= r) continue;
                    owner[u] = owner[v];
                    queue[tail++] = u;
                }
            }
            double stem = 0, qA = 0, qB = 0, bremA = 0, bremB = 0;
            double cone = Math.Cos(settings.BremConeHalfAngleDeg * Math.PI / 180);
            var photonLine = new AnchoredLine(vertex);
            for (int v = 0; v < n; v++)
            {
                if (distance[v] <= r) { stem += grid.Charge(v); photonLine.Add(grid.Centroid(v), grid.Charge(v)); }
                else if (owner[v] == 1) qA += grid.Charge(v);
                else if (owner[v] == 2) qB += grid.Charge(v);
                else Credit(grid.Centroid(v), grid.Charge(v));   // charge beyond the fork joined to neither arm: as a detached piece
            }
            foreach (var d in others) Credit(d.Centroid, d.Charge);

            var a = Lepton(dirA, qA + 0.5 * stem, bremA);
            var b = Lepton(dirB, qB + 0.5 * stem, bremB);
            if (b.EnergyKev > a.EnergyKev) (a, b) = (b, a);
            if (!(a.EnergyKev + b.EnergyKev > 0)) return null;
            // The stem is both leptons before they part: its line through the vertex is the photon's (the V is narrower than the scattering).
            var photon = photonLine.Direction != Vec3.Zero ? photonLine.Direction : (a.EnergyKev * a.Direction + b.EnergyKev * b.Direction).Normalized();
            if (photon.Dot(axis) < 0) photon = -1 * photon;
            return PairKinematics.Of(vertex, r, a, b, photon);

            void Credit(Vec3 centroid, double charge)
            {
                var u = (centroid - vertex).Normalized();
                double cosA = u.Dot(dirA), cosB = u.Dot(dirB);
                if (Math.Max(cosA, cosB) < cone) return;
                if (cosA >= cosB) bremA += charge; else bremB += charge;
            }
        }

        Lepton Lepton(Vec3 direction, double prongCharge, double bremCharge)
        {
            double energyKev = (prongCharge + bremCharge) * keVPerElectron;
            double sigma = scattering.LineFitErrorRad(energyKev * 1e-3, settings.StemForkShellMm * 0.1, pitchM * 100);
            return new Lepton(direction, sigma * 180 / Math.PI, prongCharge * keVPerElectron, bremCharge * keVPerElectron);
        }
    }
}
