using System.Text;
using TrackPipeline.Generation;
using TrackPipeline.Numerics;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

internal static partial class ReconstructionEvaluation
{
    /// <summary>The detector seeds every track of the stability sets is drifted and read out with (the run seed first).</summary>
    private static ulong[] StabilitySeeds => [Seed, 1, 2, 3, 4, 5];

    /// <summary>
    /// Issue 10 round 10 (sets <c>eventstability</c>, generated 50 MeV pairs; <c>eventstabilitypenelope</c>, the sample's pair
    /// photons >= 10 MeV, looked at after the choice): the same tracks drifted and read out with several detector seeds, and for
    /// each draw the event vertex's candidates (every end of every cluster above 5 %, the shipped cone share), so that how often
    /// the chosen end changes with the drift's draw, and why (the margin between the best two ends, the main cluster's share
    /// near the gate), is read per track. One CSV row per (track, seed) on the console; the truth is read after the run.
    /// </summary>
    /// <param name="diagnose">Round 10's dump of every draw's candidates and margins (costly); off for round 11's score comparison.</param>
    private static void EventStability(StringBuilder md, string configDir, ReconstructionSettings settings, TrackGenerator generator, string tracksRoot,
        int count, bool penelope, int[]? energiesKev = null, bool diagnose = true, ulong[]? detectorSeeds = null)
    {
        var energies = energiesKev ?? [10000, 50000];
        var seeds = detectorSeeds ?? StabilitySeeds;
        var chains = seeds.Select(d => new Chain(configDir, settings, d)).ToArray();
        var topology = chains[0].Topology;
        var search = EventVertex.Search.From(topology);
        var rows = new List<StabilityRow>();
        Console.WriteLine("stability;set;track;e;seed;main;clusters;candidates;shipped_miss_mm;cone_miss_mm;best_cluster;best_share;best_ahead;best_miss_mm;second_ahead;second_miss_mm;main_best_ahead;cone_ahead;best_gap_any_mm;best_gap_1pc_mm;second_cluster;second_share;second_gap_any_mm;second_gap_1pc_mm");

        var variants = ScoreVariants(search);
        var draws = new List<(string Set, int EnergyKev, string Name, Vec3 TruthVertex, Vec3 Photon, (Vec3? Vertex, double PhotonDeg)[] Chosen)>();
        foreach (var (set, e, first, truthVertex, photon) in Tracks())
        {
            // One track, drifted and read out once per detector seed (the deposits are shared; each draw gets its own item).
            for (int s = 0; s < seeds.Length; s++)
            {
                var item = chains[s].Run(new TrackItem(first.Source) { Track = first.Track });
                if (diagnose) rows.Add(Measure(set, e, seeds[s], item, truthVertex, chains[s]));
                draws.Add((set, e, first.Source.Name, truthVertex, photon, variants.Select(v => Choose(item, chains[s], v.Search, photon)).ToArray()));
            }
        }
        md.AppendLine("### Issue 10 rounds 10-11: the event vertex's choice over detector seeds, per score (" + (penelope ? "PENELOPE" : "generated pairs") + ")");
        md.AppendLine();
        md.AppendLine(string.Create(Ic, $"Detector seeds {string.Join(", ", seeds)}; rows on the console."));
        md.AppendLine();
        StabilityTable(md, draws, seeds.Length, variants.Select(v => v.Name).ToArray());

        IEnumerable<(string Set, int EnergyKev, TrackItem Item, Vec3 TruthVertex, Vec3 Photon)> Tracks()
        {
            if (penelope)
            {
                foreach (var src in DatasetDiscovery.Discover(tracksRoot).Where(s => s.Particle == "photons" && s.EnergyKev >= 10000).OrderBy(s => s.EnergyKev).ThenBy(s => s.Name))
                {
                    var item = new TrackItem(src) { Track = TrackReader.Read(src) };
                    if (item.RequireTrack().Truth is { FirstInteraction: "pair" } t && t.Pair.Count > 0) yield return ("PENELOPE", src.EnergyKev, item, t.Pair.Positions[0], t.InitialDirection);
                }
                yield break;
            }
            foreach (int e in energies)
            {
                for (int t = 0; t < count; t++) { var (item, truth) = ComposePair(generator, e, t); yield return ("composed pairs", e, item, Vec3.Zero, truth.Photon); }
                foreach (var item in GenerateEach(generator, Particle.Photon, e, count, "photons"))
                    if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth && truth.Pair.Count > 0)
                        yield return ("generated photons", e, item, truth.Pair.Positions[0], truth.InitialDirection);
                Console.Error.WriteLine(string.Create(Ic, $"eventstability: {e / 1000} MeV done"));
            }
        }

        // The vertex (and its photon's angle to the truth) the run would take with the event vertex scored by this variant;
        // a draw the gate does not take keeps the run's own vertex (the main cluster's cone vertex, the same for every score).
        (Vec3? Vertex, double PhotonDeg) Choose(TrackItem item, Chain chain, EventVertex.Search s, Vec3 photon)
        {
            var shipped = (item.Topology?.Pixels?.AtPairVertex?.Vertex,
                item.Reconstruction?.PhotonDirection is { } d ? AngleDeg(d, photon) : double.NaN);
            if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch)) return shipped;
            var map = new int[cloud.Count];
            var grid = new VoxelGrid(cloud, pitch, map);
            var clusters = new ConnectedClusters(grid);
            if (!s.Applies(clusters)) return shipped;
            var mainCluster = new VoxelAdjacency(ShapeAnalysis.MainClusterGrid(cloud, map, clusters, pitch));
            if (ShapeAnalysis.AtEventVertex(cloud, map, grid, mainCluster, clusters, s, topology) is not { } at) return shipped;
            var reco = chain.ReconstructAt(item, at);
            Console.WriteLine(string.Create(Ic, $"chosen;{item.Source.Name};{s.Score};{s.ScaleM * 1e3};cluster {at.Cluster};share {clusters.Charge[at.Cluster] / clusters.Charge.Sum():F3}"));
            return (at.Vertex, reco?.PhotonDirection is { } p ? AngleDeg(p, photon) : double.NaN);
        }

        // The main cluster's cone vertex candidates on the fine map (as PairVertex.Find scores its rescored ends): the best end,
        // the best end more than 5 mm from it, and the best end within 3 mm of the truth vertex (the apex), with their scores.
        void ConeMargin(string name, int e, ulong seed, ChargeCloud cloud, int[] map, ConnectedClusters clusters, double pitch, Vec3 truthVertex)
        {
            var main = ShapeAnalysis.MainClusterGrid(cloud, map, clusters, pitch);
            if (main.Count < 3) return;
            var all = PairVertex.Score(main, new Skeleton(main, Enumerable.Range(0, main.Count).ToArray(), 0), clusters, topology.VertexStemMm * 1e-3,
                topology.VertexConeCellMm * 1e-3, ShapeAnalysis.TwoTrackCue(topology)).OrderByDescending(c => c.Score).ToList();
            if (all.Count == 0) return;
            var best = all[0];
            var other = all.FirstOrDefault(c => (c.Position - best.Position).Length > 5e-3);
            var apex = all.FirstOrDefault(c => (c.Position - truthVertex).Length <= 3e-3);
            bool hasApex = (apex.Position - truthVertex).Length <= 3e-3;
            // What the pixels show at each end (item 2 of the brief): the charge per length at the end itself (-1 to 1.5 mm
            // along the stem: a stopping lepton's Bragg blob) and further on (4.5 to 10 mm: one track or two), in MIPs, 1.5 mm radius.
            double mip = topology.VertexMipElectronsPerMm * 1e3;
            var blob = new PairVertex.TwoTrackCue(-1e-3, 1.5e-3, 1.5e-3, mip, 0);
            var far = new PairVertex.TwoTrackCue(4.5e-3, 10e-3, 1.5e-3, mip, 0);
            string Pixels(PairVertex.Candidate c) => string.Create(Ic, $"blob {blob.StemMips(main, c.Position, c.Direction):F2} far {far.StemMips(main, c.Position, c.Direction):F2}");
            Console.WriteLine(string.Create(Ic, $"cone;{name};{e / 1000};{seed};best {best.Score:F3} fwd {best.Forward:F3} mips {best.StemMips:F2} miss {(best.Position - truthVertex).Length * 1e3:F1} {Pixels(best)};other {other.Score:F3} fwd {other.Forward:F3} mips {other.StemMips:F2} miss {(other.Position - truthVertex).Length * 1e3:F1} {Pixels(other)};apex {(hasApex ? apex.Score : double.NaN):F3} fwd {(hasApex ? apex.Forward : double.NaN):F3} mips {(hasApex ? apex.StemMips : double.NaN):F2} {(hasApex ? Pixels(apex) : "blob NaN far NaN")}"));
        }

        StabilityRow Measure(string set, int e, ulong seed, TrackItem item, Vec3 truthVertex, Chain chain)
        {
            double shippedMiss = item.Topology?.Pixels?.AtPairVertex is { } at ? (at.Vertex - truthVertex).Length * 1e3 : double.NaN;
            if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch))
                return new StabilityRow(set, item.Source.Name, e, seed, 1, 0, shippedMiss, double.NaN, []);
            var map = new int[cloud.Count];
            var grid = new VoxelGrid(cloud, pitch, map);
            var clusters = new ConnectedClusters(grid);
            double total = clusters.Charge.Sum();
            double share = clusters.Charge[0] / total;
            if (e <= 20000) ConeMargin(item.Source.Name, e, seed, cloud, map, clusters, pitch, truthVertex);
            // The candidates' margins are read only where the gate is near (the dump is for the shower-like events).
            if (!(share < 0.5)) return new StabilityRow(set, item.Source.Name, e, seed, share, clusters.Count, shippedMiss, double.NaN, []);
            int k = EventVertex.CandidateClusters(clusters, search);
            var grids = new VoxelGrid[k];
            for (int c = 0; c < k; c++) grids[c] = ShapeAnalysis.ClusterGrid(cloud, map, clusters, c, pitch);
            var ends = EventVertex.Ends(grids, search);
            // Every end on the fine map (no coarse filter: the diagnosis wants every margin).
            EventVertex.ScoreAhead(ends, grid, search.CellM, search);
            var ranked = ends.Select(x => new StabilityEnd(x.Cluster, clusters.Charge[x.Cluster] / total, x.Ahead, (x.Position - truthVertex).Length * 1e3, x.Position, x.Direction))
                .OrderByDescending(x => x.Ahead).ToList();
            // The main cluster's cone vertex, as the run finds it without the event gate, and its own cone share.
            double coneMiss = double.NaN, coneAhead = double.NaN;
            var main = grids[0];
            if (main.Count >= 3 && PairVertex.Find(main, new Skeleton(main, Enumerable.Range(0, main.Count).ToArray(), 0), clusters, topology.VertexStemMm * 1e-3,
                    topology.VertexConeCellMm * 1e-3, topology.VertexConeCoarseCellMm * 1e-3, topology.VertexConeRescored, ShapeAnalysis.TwoTrackCue(topology)) is { } apex)
            {
                coneMiss = (apex.Position - truthVertex).Length * 1e3;
                var one = new List<EventVertex.End> { new(0, apex.Position, apex.Direction, 0) };
                EventVertex.ScoreAhead(one, grid, search.CellM, search);
                coneAhead = one[0].Ahead;
            }
            var row = new StabilityRow(set, item.Source.Name, e, seed, share, clusters.Count, shippedMiss, coneMiss, ranked) { ConeAhead = coneAhead };
            var b = ranked.Count > 0 ? ranked[0] : default;
            var s2 = ranked.Count > 1 ? ranked[1] : default;
            double mainBest = ranked.Where(x => x.Cluster == 0).Select(x => x.Ahead).DefaultIfEmpty(double.NaN).First();
            var gapAny = ClusterGaps(grid, clusters, k, 0);
            var gap1 = ClusterGaps(grid, clusters, k, 0.01);
            Console.WriteLine(string.Create(Ic, $"stability;{set};{item.Source.Name};{e / 1000};{seed};{share:F3};{clusters.Count};{ranked.Count};{shippedMiss:F1};{coneMiss:F1};{b.Cluster};{b.Share:F3};{b.Ahead:F3};{b.MissMm:F1};{s2.Ahead:F3};{s2.MissMm:F1};{mainBest:F3};{coneAhead:F3};{gapAny[b.Cluster]:F0};{gap1[b.Cluster]:F0};{s2.Cluster};{s2.Share:F3};{gapAny[s2.Cluster]:F0};{gap1[s2.Cluster]:F0}"));
            return row;
        }
    }

    /// <summary>Diagnostic: for each of the first <paramref name="k"/> clusters, the distance (mm, 5 mm cells) to the nearest charge of another cluster holding at least <paramref name="minShare"/>.</summary>
    private static double[] ClusterGaps(VoxelGrid grid, ConnectedClusters clusters, int k, double minShare)
    {
        const double cell = 5e-3;
        double total = clusters.Charge.Sum();
        var seen = new HashSet<(int, int, int, int)>();
        var points = new List<(int Cluster, Vec3 P)>();
        for (int v = 0; v < grid.Count; v++)
        {
            int c = clusters.ClusterOf[v];
            if (c < 0) continue;
            var p = grid.Centroid(v);
            if (seen.Add(((int)Math.Floor(p.X / cell), (int)Math.Floor(p.Y / cell), (int)Math.Floor(p.Z / cell), c))) points.Add((c, p));
        }
        var gaps = new double[k];
        for (int c = 0; c < k; c++)
        {
            double best = double.PositiveInfinity;
            foreach (var a in points)
            {
                if (a.Cluster != c) continue;
                foreach (var b in points)
                    if (b.Cluster != c && clusters.Charge[b.Cluster] >= minShare * total) best = Math.Min(best, (a.P - b.P).Length);
            }
            gaps[c] = best * 1e3;
        }
        return gaps;
    }

    /// <summary>
    /// The event vertex's scores compared (round 11; round 10's group link was removed): the shipped one first, then the cone
    /// share and the near mean cosine (L / (L + r): L = 140 mm, liquid argon's radiation length, over which a shower's charge
    /// develops, and half and twice it), each at the shipped gate and at a main-cluster share below 0.5. Round 11 also measured
    /// the plain mean cosine and a cone narrowing to a cylinder of 45 / 90 / 180 mm (removed: docs/reconstruction.md).
    /// </summary>
    private static List<(string Name, EventVertex.Search Search)> ScoreVariants(EventVertex.Search shipped)
    {
        var list = new List<(string, EventVertex.Search)> { ("shipped", shipped) };
        foreach (double gate in new[] { shipped.MainMaxFraction, 0.5 })
        {
            var g = shipped with { MainMaxFraction = gate };
            string at = string.Create(Ic, $"g < {gate:G2}");
            list.Add(($"{at}, cone share", g with { Score = EventVertex.Scoring.ConeShare, ScaleM = 0 }));
            foreach (double l in new[] { 70, 140, 280 })
                list.Add((string.Create(Ic, $"{at}, near mean cosine L = {l} mm"), g with { Score = EventVertex.Scoring.NearMeanCosine, ScaleM = l * 1e-3 }));
        }
        return list;
    }

    /// <summary>
    /// Per set, energy and score variant: the vertex classes over every draw (within 3 mm / downstream > 5 mm / elsewhere), the
    /// photon's median angle over the draws, and how stable the choice is: a track's draws are compared with its modal vertex
    /// (the one with the most draws within 5 mm of it); a draw more than 5 mm from it is a changed choice.
    /// </summary>
    private static void StabilityTable(StringBuilder md, List<(string Set, int EnergyKev, string Name, Vec3 TruthVertex, Vec3 Photon, (Vec3? Vertex, double PhotonDeg)[] Chosen)> draws,
        int seeds, string[] variants)
    {
        md.AppendLine("| set | E (MeV) | tracks | score | draws within 3 mm / downstream / elsewhere | photon median (deg) | tracks whose choice changes | draws off the modal vertex |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var g in draws.GroupBy(d => (d.Set, d.EnergyKev)))
            for (int l = 0; l < variants.Length; l++)
            {
                var classes = new int[3];
                int changed = 0, off = 0;
                var tracks = g.GroupBy(d => d.Name).ToList();
                var angles = new List<double>();
                foreach (var t in tracks)
                {
                    var v = t.Select(d => d.Chosen[l].Vertex).ToList();
                    foreach (var d in t)
                    {
                        if (!double.IsNaN(d.Chosen[l].PhotonDeg)) angles.Add(d.Chosen[l].PhotonDeg);
                        if (d.Chosen[l].Vertex is { } c)
                        {
                            var miss = c - d.TruthVertex;
                            classes[miss.Length <= 3e-3 ? 0 : miss.Dot(d.Photon.Normalized()) > 5e-3 ? 1 : 2]++;
                        }
                    }
                    int Near(Vec3? a) => v.Count(b => a is { } x && b is { } y && (x - y).Length <= 5e-3);
                    var modal = v.OrderByDescending(Near).First();
                    int agree = Near(modal);
                    if (agree < v.Count) { changed++; off += v.Count - agree; }
                }
                angles.Sort();
                double median = angles.Count == 0 ? double.NaN : angles.Count % 2 == 1 ? angles[angles.Count / 2] : (angles[angles.Count / 2 - 1] + angles[angles.Count / 2]) / 2;
                md.AppendLine(string.Create(Ic, $"| {g.Key.Set} | {g.Key.EnergyKev / 1000} | {tracks.Count} | {variants[l]} | {classes[0]} / {classes[1]} / {classes[2]} | {median:F1} | {changed} | {off} of {tracks.Count * seeds} |"));
            }
        md.AppendLine();
    }

    private readonly record struct StabilityEnd(int Cluster, double Share, double Ahead, double MissMm, Vec3 Position, Vec3 Direction);

    private sealed record StabilityRow(string Set, string Name, int EnergyKev, ulong Seed, double MainShare, int Clusters, double ShippedMissMm, double ConeMissMm,
        List<StabilityEnd> Ends)
    {
        public double ConeAhead { get; init; }
    }
}
