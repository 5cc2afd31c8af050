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
    /// <summary>
    /// Issue 10 round 9 (set <c>eventvertex</c>; <c>eventvertexpenelope</c> for the sample, looked at once after the choice): the
    /// vertex of a shower-like pair as the upstream end of the whole event (<see cref="EventVertex"/>), against the cone vertex of
    /// the main cluster (shipped), on composed pairs and generated pair photons at 20 and 50 MeV, and its side effect on
    /// generated electrons (the pair-seen cue of the classifier). Every track runs the shipped chain once; the candidate ends of
    /// every cluster above 5 % are built once per track, scored for each cone, and each variant (a gate on the main cluster's
    /// share of the charge x a cone half-angle) takes the event vertex only where the gate passes. The truth is read after.
    /// </summary>
    private static void EventVertexScan(StringBuilder md, Chain chain, TrackGenerator generator, string tracksRoot, int count, bool penelope)
    {
        double[] gates = [0.3, 0.5, 0.7, 1.0];
        double[] cones = [15, 25, 40];
        var topology = chain.Topology;
        var baseSearch = EventVertex.Search.From(topology) with { MainMaxFraction = 1 };
        var scattering = ScatteringLimit.From(chain.Settings);
        double pitchM = chain.Detector.Readout.Fine!.PitchM;

        var sets = new List<(string Set, int EnergyKev, List<Sample> Samples)>();
        if (penelope)
        {
            foreach (var g in DatasetDiscovery.Discover(tracksRoot).Where(s => s.Particle == "photons" && s.EnergyKev >= 10000).GroupBy(s => s.EnergyKev).OrderBy(g => g.Key))
            {
                var samples = new List<Sample>();
                foreach (var src in g)
                {
                    var item = new TrackItem(src) { Track = TrackReader.Read(src) };
                    if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth && truth.Pair.Count > 0)
                        samples.Add(Measure(chain.Run(item), truth.Pair.Positions[0], truth.InitialDirection));
                }
                sets.Add(("PENELOPE", g.Key, samples));
            }
        }
        else
        {
            foreach (var e in new[] { 20000, 50000 })
            {
                var pairs = new List<Sample>();
                for (int t = 0; t < count; t++) { var (item, truth) = ComposePair(generator, e, t); pairs.Add(Measure(chain.Run(item), Vec3.Zero, truth.Photon)); }
                sets.Add(("composed pairs", e, pairs));
                var photons = new List<Sample>();
                foreach (var item in GenerateEach(generator, Particle.Photon, e, count, "photons"))
                    if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth && truth.Pair.Count > 0)
                        photons.Add(Measure(chain.Run(item), truth.Pair.Positions[0], truth.InitialDirection));
                sets.Add(("generated photons", e, photons));
                Console.Error.WriteLine(string.Create(Ic, $"eventvertex: {e / 1000} MeV pairs done"));
            }
            foreach (var e in new[] { 20000, 50000 })
            {
                var electrons = new List<Sample>();
                foreach (var item in GenerateEach(generator, Particle.Electron, e, count / 2, "electrons"))
                    electrons.Add(Measure(chain.Run(item), item.RequireTrack().RequireTruth().Origin, item.RequireTrack().RequireTruth().InitialDirection));
                sets.Add(("generated electrons", e, electrons));
            }
        }

        md.AppendLine("### Issue 10 round 9: the event vertex of shower-like pairs (gate: main cluster's share of the charge below g; cone half-angle; candidates: ends of every cluster >= 5 %)");
        md.AppendLine();
        md.AppendLine("Main cluster's share of the charge (median [16 %-84 %]) by the shipped vertex's class:");
        md.AppendLine();
        md.AppendLine("| set | E (MeV) | tracks | within 3 mm | downstream > 5 mm | elsewhere |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var (set, e, samples) in sets)
        {
            if (set == "generated electrons") continue;
            string Share(int cls)
            {
                var f = samples.Where(s => s.Shipped.Class == cls).Select(s => s.MainFraction).ToList();
                return f.Count == 0 ? "-" : string.Create(Ic, $"{f.Count}: {F(Quantile(f, 0.5), 2)} [{F(Quantile(f, 0.16), 2)}-{F(Quantile(f, 0.84), 2)}]");
            }
            md.AppendLine(string.Create(Ic, $"| {set} | {e / 1000} | {samples.Count} | {Share(0)} | {Share(1)} | {Share(2)} |"));
        }
        md.AppendLine();
        md.AppendLine("Photon angle at the vertex found (median / 68 %, deg); within 3 mm / downstream / elsewhere; [tracks whose vertex the variant moves; closer to the truth than shipped / differ]; V seen; on generated electrons: V seen (false V) and vertices moved:");
        md.AppendLine();
        md.AppendLine("| set | E (MeV) | tracks | MS limit median | variant | gated | vertex classes | photon median / 68 % | median / limit | moved | closer / differ | V seen |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var variants = new List<(string Name, double Gate, int Cone, bool OutsideOnly)> { ("shipped (main cluster)", 0, 0, false) };
        foreach (var g in gates)
            for (int c = 0; c < cones.Length; c++) variants.Add((string.Create(Ic, $"g < {g}, cone {cones[c]} deg"), g, c, false));
        foreach (var g in gates) variants.Add((string.Create(Ic, $"g < {g}, cone 25 deg, only ends outside the main cluster"), g, 1, true));
        foreach (var (set, e, samples) in sets)
        {
            double limit = MsLimitMedianDeg(scattering, e, pitchM);
            var shippedAngles = samples.Select(s => s.Shipped.AngleDeg).ToList();
            foreach (var (name, gate, cone, outsideOnly) in variants)
            {
                var angles = new List<double>();
                int gated = 0, moved = 0, seen = 0;
                var classes = new int[3];
                foreach (var s in samples)
                {
                    bool applies = s.Clusters > 1 && s.MainFraction < gate && s.AtCone[cone] is { } r && (!outsideOnly || r.Cluster > 0);
                    var o = applies ? s.AtCone[cone]!.Value : s.Shipped;
                    if (applies) { gated++; if ((o.Vertex - s.Shipped.Vertex).Length > 1e-3) moved++; }
                    angles.Add(o.AngleDeg);
                    if (o.Class >= 0) classes[o.Class]++;
                    if (o.PairSeen) seen++;
                }
                md.AppendLine(string.Create(Ic, $"| {set} | {e / 1000} | {samples.Count} | {F(limit)} | {name} | {gated} | {classes[0]} / {classes[1]} / {classes[2]} | {F(Quantile(angles, 0.5))} / {F(Quantile(angles, 0.68))} | {F(Quantile(angles, 0.5) / limit)} | {moved} | {Closer(angles, shippedAngles)} | {seen} |"));
            }
            if (set == "PENELOPE")
                foreach (var s in samples)
                    Console.WriteLine(string.Create(Ic, $"eventvertex;{s.Name};{e / 1000};main {s.MainFraction:F3};clusters {s.Clusters};shipped {s.Shipped.AngleDeg:F1} deg class {s.Shipped.Class};") +
                        string.Join(";", s.AtCone.Select((r, k) => r is { } o ? string.Create(Ic, $"cone {cones[k]}: cluster {o.Cluster} {o.AngleDeg:F1} deg class {o.Class} miss {(o.Vertex - s.TruthVertex).Length * 1e3:F1} mm") : "none")));
        }
        md.AppendLine();

        Sample Measure(TrackItem item, Vec3 truthVertex, Vec3 photon)
        {
            var shipped = Outcome(item.Topology?.Pixels?.AtPairVertex, item.Reconstruction, truthVertex, photon, 0);
            if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch))
                return new Sample(item.Source.Name, truthVertex, 1, 0, shipped, new Outcome?[cones.Length]);
            var map = new int[cloud.Count];
            var grid = new VoxelGrid(cloud, pitch, map);
            var clusters = new ConnectedClusters(grid);
            double total = clusters.Charge.Sum();
            var atCone = new Outcome?[cones.Length];
            if (clusters.Count > 1)
            {
                int k = EventVertex.CandidateClusters(clusters, baseSearch);
                var grids = new VoxelGrid[k];
                for (int c = 0; c < k; c++) grids[c] = ShapeAnalysis.ClusterGrid(cloud, map, clusters, c, pitch);
                var ends = EventVertex.Ends(grids, baseSearch);
                for (int c = 0; c < cones.Length; c++)
                {
                    var search = baseSearch with { CosCone = Math.Cos(cones[c] * Math.PI / 180) };
                    if (EventVertex.Best(ends, grid, search) is not { } end) continue;
                    var split = EventVertex.Split(end, new VoxelAdjacency(grids[end.Cluster]), topology);
                    atCone[c] = Outcome(split, chain.ReconstructAt(item, split), truthVertex, photon, end.Cluster);
                }
            }
            return new Sample(item.Source.Name, truthVertex, clusters.Charge[0] / total, clusters.Count, shipped, atCone);
        }

        Outcome Outcome(ProngSplit? split, TrackReconstruction? reco, Vec3 truthVertex, Vec3 photon, int cluster)
        {
            double angle = reco?.PhotonDirection is { } d ? AngleDeg(d, photon) : 180;
            int cls = -1;
            if (split is { } v)
            {
                var miss = v.Vertex - truthVertex;
                cls = miss.Length <= 3e-3 ? 0 : miss.Dot(photon.Normalized()) > 5e-3 ? 1 : 2;
            }
            bool seen = reco?.Pair is not null || split is { TwoTrackStem: true };
            return new Outcome(split?.Vertex ?? truthVertex, cluster, angle, cls, seen);
        }
    }

    /// <summary>The tracks of <see cref="Generate"/> (same names and seeds, so the same tracks), made one at a time: a 50 MeV set held whole is gigabytes.</summary>
    private static IEnumerable<TrackItem> GenerateEach(TrackGenerator generator, Particle particle, int energyKev, int count, string set)
    {
        for (int t = 0; t < count; t++)
        {
            string name = string.Create(Ic, $"{set}_{particle}_{energyKev}_{t}");
            var g = generator.Generate(particle, energyKev * 1e-3, TrackRandom.For(Seed, name, "generate"));
            yield return ToItem(name, particle, energyKev, g.X, g.Y, g.Z, g.Electrons, g.Origin, g.InitialDirection, g.FirstInteraction, g.Pair, g.PairLeptons.Pairs);
        }
    }

    private readonly record struct Outcome(Vec3 Vertex, int Cluster, double AngleDeg, int Class, bool PairSeen);

    private sealed record Sample(string Name, Vec3 TruthVertex, double MainFraction, int Clusters, Outcome Shipped, Outcome?[] AtCone);
}
