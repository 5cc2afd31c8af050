using System.Text;
using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

internal static partial class ReconstructionEvaluation
{
    private const double ArmShellMm = 4.0;

    /// <summary>
    /// Issue 9 round 14 (set <c>armmips</c>): a cue for a V that is not the two leptons (PENELOPE T1332284855: two branches of
    /// the hard lepton's shower over a two-MIP stem, the soft lepton still inside it). Where the shipped fit finds a V with
    /// split >= 0.5 over a two-MIP stem (the symmetric quest's configuration), the pixels in the 4 mm shell just beyond its split
    /// sphere are cut into connected pieces (pixel neighbours), and the two heaviest are read in MIPs (charge / 4 mm / one MIP per
    /// mm): a true V's arms read about one each, an arm still carrying both leptons about two. Generated photons whose first
    /// interaction is a pair, 20 and 50 MeV, by the truth's lepton energy ratio (read only to score); then the named PENELOPE
    /// tracks at the ten detector seeds.
    /// </summary>
    private static void ArmMipsStudy(StringBuilder md, string configDir, ReconstructionSettings settings, TrackGenerator generator, string tracksRoot,
        int count, string[] penelopeNames)
    {
        md.AppendLine(string.Create(Ic, $"### Issue 9 round 14: the two heaviest pieces of the {ArmShellMm} mm shell beyond the split sphere, in MIPs; V with split >= 0.5 over a stem >= 1.5 MIPs"));
        md.AppendLine();
        md.AppendLine("| E (MeV) | truth E_soft / E_hard | such Vs | wider than 90 deg | heaviest piece >= 1.5 MIPs | of those wider than 90 deg | heaviest piece MIPs median | second piece MIPs median |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        var chain = new Chain(configDir, settings);
        foreach (int e in new[] { 20000, 50000 })
        {
            var rows = new[] { (Name: "< 0.5", Max: new List<double>(), Second: new List<double>(), Wide: new List<bool>()),
                (Name: ">= 0.5", Max: new List<double>(), Second: new List<double>(), Wide: new List<bool>()) };
            foreach (var item in Generate(generator, Particle.Photon, e, count, "armmips"))
            {
                var truth = item.RequireTrack().RequireTruth();
                if (truth.FirstInteraction != "pair" || truth.PairLeptons.Count == 0) continue;
                chain.Run(item);
                if (ShellPieces(chain, item) is not { } arms) continue;
                var l = truth.PairLeptons[0];
                double ratio = Math.Min(l.ElectronEnergyKev, l.PositronEnergyKev) / Math.Max(l.ElectronEnergyKev, l.PositronEnergyKev);
                var row = rows[ratio >= 0.5 ? 1 : 0];
                row.Max.Add(arms.First);
                row.Second.Add(arms.Second);
                row.Wide.Add(arms.OpeningDeg > 90);
            }
            foreach (var row in rows)
            {
                int wide = 0, heavy = 0, both = 0;
                for (int i = 0; i < row.Max.Count; i++)
                {
                    if (row.Wide[i]) wide++;
                    if (row.Max[i] >= 1.5) { heavy++; if (row.Wide[i]) both++; }
                }
                md.AppendLine(string.Create(Ic, $"| {e / 1000} | {row.Name} | {row.Max.Count} | {wide} | {heavy} | {both} | {F(Quantile(row.Max, 0.5), 2)} | {F(Quantile(row.Second, 0.5), 2)} |"));
            }
        }
        md.AppendLine();
        md.AppendLine("PENELOPE tracks at the ten detector seeds (the V's opening and split; the shell's two heaviest pieces in MIPs):");
        md.AppendLine();
        md.AppendLine("| track | seed | stem MIPs | V: split radius (mm) / opening / split | pieces (MIPs) |");
        md.AppendLine("|---|---|---|---|---|");
        var sources = DatasetDiscovery.Discover(tracksRoot).Where(s => penelopeNames.Any(n => s.Name.Contains(n, StringComparison.Ordinal))).OrderBy(s => s.Name).ToList();
        foreach (ulong seed in new ulong[] { Seed, 1, 2, 3, 4, 5, 6, 7, 8, 9 })
        {
            var at = new Chain(configDir, settings, seed);
            foreach (var s in sources)
            {
                var item = new TrackItem(s) { Track = TrackReader.Read(s) };
                at.Run(item);
                var pair = item.Reconstruction?.Pair;
                var stem = item.Topology?.Pixels?.AtPairVertex;
                var arms = ShellPieces(at, item, gate: false);
                string v = pair is null ? "none" : string.Create(Ic, $"{F(pair.SplitRadiusMm)} / {F(pair.OpeningAngleDeg)} / {F(pair.EnergySplit, 2)}");
                string a = arms is null ? "" : string.Create(Ic, $"{F(arms.Value.First, 2)} / {F(arms.Value.Second, 2)}");
                md.AppendLine(string.Create(Ic, $"| {s.Name} | {seed} | {F(stem?.StemMips ?? double.NaN, 2)} | {v} | {a} |"));
            }
        }
        md.AppendLine();
    }

    /// <summary>
    /// The two heaviest connected pieces (pixel neighbours: within one pitch on every axis) of the shell beyond the split sphere, in
    /// MIPs, where a V was fitted (with split >= 0.5 over a two-MIP stem when <paramref name="gate"/>). Study code: quadratic in the
    /// shell's pixels, which are tens to hundreds.
    /// </summary>
    private static (double First, double Second, double OpeningDeg)? ShellPieces(Chain chain, TrackItem item, bool gate = true)
    {
        if (item.Reconstruction?.Pair is not { } pair) return null;
        if (gate && (pair.EnergySplit < 0.5 || !(item.Topology?.Pixels?.AtPairVertex?.StemMips >= 1.5))) return null;
        if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch)) return null;
        double from = pair.SplitRadiusMm * 1e-3, to = from + ArmShellMm * 1e-3, link = 1.01 * pitch;
        var shell = new List<int>();
        for (int i = 0; i < cloud.Count; i++)
        {
            double r = (new Vec3(cloud.X[i], cloud.Y[i], cloud.Z[i]) - pair.Vertex).Length;
            if (r > from && r <= to) shell.Add(i);
        }
        var piece = new int[shell.Count];
        Array.Fill(piece, -1);
        var charges = new List<double>();
        var queue = new Queue<int>();
        for (int s = 0; s < shell.Count; s++)
        {
            if (piece[s] >= 0) continue;
            int id = charges.Count;
            double q = 0;
            piece[s] = id;
            queue.Enqueue(s);
            while (queue.TryDequeue(out int a))
            {
                int i = shell[a];
                q += cloud.Charge[i];
                for (int b = 0; b < shell.Count; b++)
                {
                    int j = shell[b];
                    if (piece[b] >= 0 || Math.Abs(cloud.X[i] - cloud.X[j]) > link || Math.Abs(cloud.Y[i] - cloud.Y[j]) > link || Math.Abs(cloud.Z[i] - cloud.Z[j]) > link) continue;
                    piece[b] = id;
                    queue.Enqueue(b);
                }
            }
            charges.Add(q);
        }
        charges.Sort((x, y) => y.CompareTo(x));
        double mip = chain.Topology.VertexMipElectronsPerMm * ArmShellMm;
        return (charges.Count > 0 ? charges[0] / mip : 0, charges.Count > 1 ? charges[1] / mip : 0, pair.OpeningAngleDeg);
    }
}
