using System.Globalization;
using System.Text;
using TrackPipeline.Generation;
using TrackPipeline.Numerics;
using TrackPipeline.Pipeline;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

internal static partial class ReconstructionEvaluation
{
    /// <summary>
    /// Issue 10 round 18 (set <c>vertexcensus</c>): where the pair vertex found from the charge lies when it is more than 1 mm
    /// from the conversion. The generated pair photons of the set <c>photons</c> (same names and draws) at 10, 20 and 50 MeV,
    /// each run through the chain once with the config's settings. The truth (the generator's deposits with their lepton tag)
    /// only classifies the vertex found afterwards: each lepton's own path is its first run of tagged deposits, step by step
    /// (its descendants are tracked after it stops); a vertex within 1.5 mm of a lepton's path is at its far end (its last
    /// 5 mm), a few mm down it (its first 6 mm) or mid-way along it; else on a descendant's deposits (a delta ray or a brem's
    /// conversion: a branch), else nowhere near a deposit. Beside it, every end of the main cluster's unpruned skeleton scored
    /// as the cone vertex scores (fine map, two-track cue): whether an end lies within 1 mm of the conversion (the apex is a
    /// candidate) and where it ranks. One CSV row per photon on stdout (<c>vertexrow,...</c>), pooled by
    /// python/pool_vertexrows.py; photons named in VERTEXCENSUS_DUMP (SEED_EKEV_N) also print the event's voxels in the
    /// format python/render_stemjointdump.py draws (tag = nearest deposit's lepton; the finder colour marks the main cluster).
    /// </summary>
    private static void VertexCensus(StringBuilder md, Chain chain, TrackGenerator generator, int count)
    {
        string[] dump = (Environment.GetEnvironmentVariable("VERTEXCENSUS_DUMP") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var pixels = new TriggeredPixelCloud(chain.Detector.Readout);
        var cue = ShapeAnalysis.TwoTrackCue(chain.Topology);
        string[] kinds = ["far end", "near apex", "mid-arm", "branch", "no deposit"];
        md.AppendLine("### Issue 10 round 18: the vertex census (set vertexcensus; generated pair photons, vertex found > 1 mm off the conversion)");
        md.AppendLine();
        md.AppendLine("| E (MeV) | photons | within 1 mm | > 1 mm | " + string.Join(" | ", kinds) + " | of the > 1 mm: an end within 1 mm of the apex | photon median (deg) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (int e in new[] { 10000, 20000, 50000 })
        {
            int photons = 0, near = 0, far = 0, apexCandidate = 0;
            var kindCount = new int[kinds.Length];
            var angles = new List<double>();
            for (int n = 0; n < count; n++)
            {
                string name = string.Create(CultureInfo.InvariantCulture, $"photons_{Particle.Photon}_{e}_{n}");
                var g = generator.Generate(Particle.Photon, e * 1e-3, TrackRandom.For(Seed, name, "generate"));
                if (g.FirstInteraction != "pair" || g.Pair.Count == 0 || g.PairLeptons.Count == 0) continue;
                var item = ToItem(name, Particle.Photon, e, g.X, g.Y, g.Z, g.Electrons, g.Origin, g.InitialDirection, g.FirstInteraction, g.Pair, g.PairLeptons.Pairs);
                chain.Run(item);
                photons++;
                var photon = g.InitialDirection.Normalized();
                var tv = 0.01 * g.Pair.Points[0];
                var l = g.PairLeptons.Pairs[0];
                double eShare = l.ElectronMeV / (l.ElectronMeV + l.PositronMeV);
                double angle = item.Reconstruction?.PhotonDirection is { } pd ? AngleDeg(pd, photon) : double.NaN;
                angles.Add(angle);
                var found = item.Topology?.Pixels?.AtPairVertex;
                double miss = found is { } f0 ? (f0.Vertex - tv).Length * 1e3 : double.NaN;
                string kind = "";
                string lepton = "";
                double s = double.NaN, length = double.NaN;
                if (miss <= 1) near++;
                else if (found is { } f)
                {
                    far++;
                    var paths = new[] { PrimaryPath(g, PairLeptonTag.Electron), PrimaryPath(g, PairLeptonTag.Positron) };
                    int best = -1; double bestD = double.PositiveInfinity, bestS = 0;
                    for (int k = 0; k < 2; k++)
                    {
                        var (d, along) = Nearest(paths[k], f.Vertex);
                        if (d < bestD) { bestD = d; bestS = along; best = k; }
                    }
                    if (bestD <= 1.5e-3)
                    {
                        length = PathLength(paths[best]) * 1e3; s = bestS * 1e3;
                        double share = best == 0 ? eShare : 1 - eShare;
                        lepton = share < 0.5 ? "soft" : "hard";
                        kind = s >= length - 5 ? "far end" : s <= 6 ? "near apex" : "mid-arm";
                    }
                    else kind = NearestDeposit(g, f.Vertex) <= 1.5e-3 ? "branch" : "no deposit";
                    kindCount[Array.IndexOf(kinds, kind)]++;
                }
                // Every end of the main cluster's skeleton, scored as the cone vertex scores (fine map, with the cue).
                double apexEnd = double.NaN, apexScore = double.NaN, bestScore = double.NaN;
                int apexRank = -1, ends = 0, mainCluster = -1;
                if (pixels.TryGetPixels(item, out var cloud, out var pitch))
                {
                    var (clusters, mainGrid, skeleton) = MainClusterSkeleton(cloud, pitch);
                    var scored = PairVertex.Score(mainGrid, skeleton, clusters, chain.Topology.VertexStemMm * 1e-3, chain.Topology.VertexConeCellMm * 1e-3, cue);
                    ends = scored.Count;
                    if (scored.Count > 0)
                    {
                        scored.Sort((a, b) => b.Score.CompareTo(a.Score));
                        bestScore = scored[0].Score;
                        int ai = 0; double ad = double.PositiveInfinity;
                        for (int i = 0; i < scored.Count; i++)
                            if ((scored[i].Position - tv).Length is var d && d < ad) { ad = d; ai = i; }
                        apexEnd = ad * 1e3; apexScore = scored[ai].Score; apexRank = ai + 1;
                        if (miss > 1 && apexEnd <= 1) apexCandidate++;
                    }
                    double nearestVoxel = double.PositiveInfinity;
                    for (int v = 0; v < mainGrid.Count; v++) nearestVoxel = Math.Min(nearestVoxel, (mainGrid.Centroid(v) - tv).Length);
                    mainCluster = nearestVoxel <= 1.5e-3 ? 1 : 0;
                    if (dump.Contains(string.Create(CultureInfo.InvariantCulture, $"{Seed}_{e}_{n}"))) DumpEvent(g, cloud, pitch, clusters, tv, found, photon, e, n);
                }
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"vertexrow,{Seed},{e},{n},{miss:G5},{kind},{lepton},{s:G4},{length:G4},{angle:G6},{Math.Min(eShare, 1 - eShare):G4},{apexEnd:G4},{apexScore:G5},{bestScore:G5},{apexRank},{ends},{mainCluster},{found?.Cluster ?? -1},{(found is { } fv ? (fv.Vertex - tv).Dot(photon) * 1e3 : double.NaN):G4}"));
            }
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {e / 1000} | {photons} | {near} | {far} | {string.Join(" | ", kindCount)} | {apexCandidate} | {F(Quantile(angles.Where(a => !double.IsNaN(a)).ToList(), 0.5), 2)} |"));
        }
        md.AppendLine();
    }

    /// <summary>A lepton's own path (m): its first tagged deposit and the deposits after it, step by step, until a jump (its descendants start elsewhere).</summary>
    private static List<Vec3> PrimaryPath(GeneratedTrack g, byte tag)
    {
        var path = new List<Vec3>();
        int n = g.Electrons.Length;
        for (int i = 0; i < n && i < g.PairLepton.Length; i++)
        {
            if (g.PairLepton[i] != tag) { if (path.Count > 0) break; continue; }
            var p = 0.01 * new Vec3(g.X[i], g.Y[i], g.Z[i]);
            if (path.Count > 0 && (p - path[^1]).Length > 2e-3) break;
            path.Add(p);
        }
        return path;
    }

    private static double PathLength(List<Vec3> path)
    {
        double length = 0;
        for (int i = 1; i < path.Count; i++) length += (path[i] - path[i - 1]).Length;
        return length;
    }

    /// <summary>Distance from the point to the nearest deposit of the path and the path length up to that deposit.</summary>
    private static (double Distance, double Along) Nearest(List<Vec3> path, Vec3 point)
    {
        double best = double.PositiveInfinity, along = 0, s = 0;
        for (int i = 0; i < path.Count; i++)
        {
            if (i > 0) s += (path[i] - path[i - 1]).Length;
            double d = (path[i] - point).Length;
            if (d < best) { best = d; along = s; }
        }
        return (best, along);
    }

    private static double NearestDeposit(GeneratedTrack g, Vec3 point)
    {
        double best = double.PositiveInfinity;
        for (int i = 0; i < g.Electrons.Length; i++) best = Math.Min(best, (0.01 * new Vec3(g.X[i], g.Y[i], g.Z[i]) - point).Length);
        return best;
    }

    /// <summary>The event's voxels in the stem-joint dump's format (tag by the nearest deposit; finder colour 3 = main cluster).</summary>
    private static void DumpEvent(GeneratedTrack g, ChargeCloud cloud, double pitch, ConnectedClusters clusters, Vec3 tv, ProngSplit? found, Vec3 photon, int e, int n)
    {
        var grid = new VoxelGrid(cloud, pitch, new int[cloud.Count]);
        for (int v = 0; v < grid.Count; v++)
        {
            var c = grid.Centroid(v);
            double best = double.PositiveInfinity; byte tag = 0;
            for (int i = 0; i < g.Electrons.Length; i++)
                if ((0.01 * new Vec3(g.X[i], g.Y[i], g.Z[i]) - c).Length is var d && d < best) { best = d; tag = i < g.PairLepton.Length ? g.PairLepton[i] : (byte)0; }
            var x = 1e3 * (c - tv);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stemjointdump,{Seed},{e},{n},{x.X:F2},{x.Y:F2},{x.Z:F2},{grid.Charge(v):F0},{tag},{(clusters.ClusterOf[v] == 0 ? 3 : 0)}"));
        }
        var fv = found is null ? Vec3.Zero : 1e3 * (found.Vertex - tv);
        var axis = found?.ConeAxis ?? photon;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stemjointdumpvertex,{Seed},{e},{n},{fv.X:F2},{fv.Y:F2},{fv.Z:F2},{photon.X:F4},{photon.Y:F4},{photon.Z:F4},{axis.X:F4},{axis.Y:F4},{axis.Z:F4}"));
    }
}
