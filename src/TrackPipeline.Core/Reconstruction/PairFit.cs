using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// Pair kinematics at a vertex found from the charge. Outside the split sphere the main cluster falls into pieces;
/// the two largest that reach back to the sphere are the leptons. Each lepton's direction is the line fitted to its
/// first mm beyond the split (scattering grows along the track); when the leptons only separate beyond that length,
/// the photon direction is the line through the vertex fitted to the common stem. A lepton's energy is its prong's
/// charge, half the charge inside the sphere, and the detached clusters lying along it: a lepton's brems fly forward and convert cm away,
/// so the harder lepton loses more of its charge to them (the prong charge alone overstates the asymmetry).
/// </summary>
public static class PairFit
{
    /// <summary>The lateral error of one measured point and of the vertex, metres (<see cref="MultipleScatteringFit.Track"/>).</summary>
    public readonly record struct PointErrors(double PointSigmaM, double VertexSigmaM);

    public readonly record struct Detached(Vec3 Centroid, double Charge);

    /// <param name="main">The main cluster's charge at the vertex resolution, with its 26-neighbour adjacency.</param>
    /// <param name="detached">The other clusters of the track (centroid and charge).</param>
    /// <param name="keVPerElectron">Energy per collected electron (W / (1 - recombination)).</param>
    /// <param name="eventKev">The whole event's charge, as energy: no lepton's scattering lower bound above it is kept.</param>
    public static PairKinematics? Reconstruct(VoxelAdjacency main, Vec3 vertex, double splitRadiusM, ReadOnlySpan<Detached> detached,
        double keVPerElectron, double eventKev, double pitchM, ReconstructionSettings settings, ScatteringLimit scattering, PointErrors fit)
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

        // Directions: the line fitted to each prong's first mm beyond the sphere (its principal axis, pointing away
        // from the vertex). Not forced through the vertex: a vertex found a voxel off would tilt a chord from it.
        double fitTo = splitRadiusM + settings.LeptonFitLengthMm * 1e-3;
        var nearA = new List<int>();
        var nearB = new List<int>();
        for (int v = 0; v < n; v++)
        {
            if (distance[v] > fitTo) continue;
            if (piece[v] == first) nearA.Add(v);
            else if (piece[v] == second) nearB.Add(v);
        }
        var dirA = ProngDirection(grid, vertex, nearA);
        var dirB = ProngDirection(grid, vertex, nearB);
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
        if (settings.MeasuresScatteringMomentum)
        {
            // Each lepton's momentum from its own scattering, along its own prong from where it leaves the sphere.
            var mask = new byte[n];
            var segmentings = settings.Segmentings(pitchM, fit.PointSigmaM);
            a = WithScattering(a, first);
            b = WithScattering(b, second);

            Lepton WithScattering(Lepton lepton, int prong)
            {
                for (int v = 0; v < n; v++) mask[v] = (byte)(piece[v] == prong ? 1 : 0);
                var start = vertex + splitRadiusM * lepton.Direction;
                return MultipleScatteringMomentum.Best(grid, start, lepton.Direction, splitRadiusM, segmentings, scattering, mask) is { } m
                    && m.InformsWithin(eventKev * 1e-3)
                    ? lepton with { ScatteringKineticMeV = m.KineticMeV, ScatteringSigmaLn = m.SigmaLn } : lepton;
            }
        }
        bool fitted = false;
        if (settings.IsPhotonFit("leptons") && settings.LeptonScatteringFitLengthMm > 0)
        {
            // Each lepton refitted from the vertex with the multiple-scattering covariance at its own energy: its own
            // prong beyond the split sphere and, inside it, the charge nearer its line than the other's. (Counting the
            // charge within a pitch of both lines for both pulled each lepton's first mm towards the other and tilted
            // both outwards: a 40 deg V read 64 deg.)
            var owner = new byte[n];
            if (FitLepton(a, first, b.Direction) is { } fa && FitLepton(b, second, a.Direction) is { } fb) { a = fa; b = fb; fitted = true; }

            Lepton? FitLepton(Lepton rough, int prong, Vec3 other)
            {
                for (int v = 0; v < n; v++)
                {
                    var d = grid.Centroid(v) - vertex;
                    bool near = distance[v] <= splitRadiusM && Lateral(d, rough.Direction) <= Lateral(d, other);
                    owner[v] = (byte)(near || piece[v] == prong ? 1 : 0);
                }
                var track = new MultipleScatteringFit.Track(rough.EnergyKev * 1e-3, 1, settings.LeptonScatteringFitLengthMm * 1e-3,
                    settings.Corridor(), fit.PointSigmaM, fit.VertexSigmaM);
                if (MultipleScatteringFit.Fit(grid, vertex, rough.Direction, track, scattering, owner) is not { } r) return null;
                return rough with { Direction = r.Direction, DirectionSigmaDeg = r.SigmaRad * 180 / Math.PI };
            }
        }
        if (b.EnergyKev > a.EnergyKev) (a, b) = (b, a);
        // The photon's momentum is the sum of the leptons' (nuclear recoil unmeasured): directions weighted by energy.
        var photon = (a.EnergyKev * a.Direction + b.EnergyKev * b.Direction).Normalized();
        if (!fitted && splitRadiusM > settings.LeptonFitLengthMm * 1e-3)
        {
            // The leptons only separate beyond the fit length: their first mm is one stem, which points along the photon
            // (the V is narrower than the scattering). The stem's line through the vertex is the photon direction.
            var stem = new AnchoredLine(vertex);
            for (int v = 0; v < n; v++)
                if (distance[v] <= settings.LeptonFitLengthMm * 1e-3) stem.Add(grid.Centroid(v), grid.Charge(v));
            if (stem.Direction != Vec3.Zero) photon = stem.Direction;
        }
        return PairKinematics.Of(vertex, splitRadiusM, a, b, photon);

        static double Lateral(Vec3 d, Vec3 direction) => (d - d.Dot(direction) * direction).Length;

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

    /// <summary>A prong's direction from the vertex: its charge's principal axis, turned to point where the charge-weighted
    /// line through the vertex points (the line alone for fewer than three voxels).</summary>
    internal static Vec3 ProngDirection(VoxelGrid grid, Vec3 vertex, List<int> voxels)
    {
        var line = new AnchoredLine(vertex);
        foreach (var v in voxels) line.Add(grid.Centroid(v), grid.Charge(v));
        if (voxels.Count < 3) return line.Direction;
        var axis = PrincipalAxes.Of(grid, voxels).Axis1;
        return axis.Dot(line.Direction) >= 0 ? axis : -1 * axis;
    }
}
