using System.Text;
using System.Text.Json;
using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

internal static partial class ReconstructionEvaluation
{
    /// <summary>
    /// Issue 10 round 9 (set <c>stemsplit</c>, PENELOPE with <c>stemsplitpenelope</c>, looked at once after the choice): the stem
    /// fitted only out to where two prongs separate (<see cref="ReconstructionSettings.StemFitToSplit"/>) against the shipped 20 mm,
    /// at the vertex found and (diagnostic) at the truth vertex, on composed pairs and generated pair photons at 20 and 50 MeV.
    /// </summary>
    private static void StemToSplitScan(StringBuilder md, Chain chain, TrackGenerator generator, string tracksRoot, int count, bool penelope)
    {
        var shipped = chain.Settings;
        var toSplit = JsonSerializer.Deserialize<ReconstructionSettings>(JsonSerializer.Serialize(shipped))!;
        toSplit.StemFitToSplit = true;
        var scattering = ScatteringLimit.From(shipped);
        double pitchM = chain.Detector.Readout.Fine!.PitchM;
        md.AppendLine("### Issue 10 round 9: the stem fitted to where the prongs separate (photon angle median / 68 %, deg; [closer than shipped / differ])");
        md.AppendLine();
        md.AppendLine("| set | E (MeV) | tracks | two prongs | MS limit median | shipped: found | to the split: found | shipped: truth vertex | to the split: truth vertex |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var sets = new List<(string Set, int EnergyKev, IEnumerable<(TrackItem Item, Vec3 Photon)> Items)>();
        if (penelope)
            foreach (var g in DatasetDiscovery.Discover(tracksRoot).Where(s => s.Particle == "photons" && s.EnergyKev >= 10000).GroupBy(s => s.EnergyKev).OrderBy(g => g.Key))
                sets.Add(("PENELOPE", g.Key, g.Select(src => new TrackItem(src) { Track = TrackReader.Read(src) })
                    .Where(i => i.RequireTrack().Truth is { FirstInteraction: "pair" }).Select(i => (i, i.RequireTrack().RequireTruth().InitialDirection))));
        else
            foreach (var e in new[] { 20000, 50000 })
            {
                sets.Add(("composed pairs", e, Enumerable.Range(0, count).Select(t => ComposePair(generator, e, t)).Select(p => (p.Item1, p.Item2.Photon))));
                sets.Add(("generated photons", e, GenerateEach(generator, Particle.Photon, e, count, "photons")
                    .Where(i => i.RequireTrack().Truth is { FirstInteraction: "pair" } t && t.Pair.Count > 0).Select(i => (i, i.RequireTrack().RequireTruth().InitialDirection))));
            }
        foreach (var (set, e, items) in sets)
        {
            var a = new List<double>(); var b = new List<double>(); var ta = new List<double>(); var tb = new List<double>();
            int prongs = 0;
            foreach (var (item, photon) in items)
            {
                chain.Settings = shipped;
                chain.Run(item);
                if (item.Topology?.Pixels?.AtPairVertex is { SignificantProngs: >= 2 }) prongs++;
                a.Add(item.Reconstruction?.PhotonDirection is { } d0 ? AngleDeg(d0, photon) : 180);
                ta.Add(chain.AtTruthVertex(item) is { } t0 ? AngleDeg(t0, photon) : 180);
                chain.Settings = toSplit;
                chain.Reconstruct(item);
                b.Add(item.Reconstruction?.PhotonDirection is { } d1 ? AngleDeg(d1, photon) : 180);
                tb.Add(chain.AtTruthVertex(item) is { } t1 ? AngleDeg(t1, photon) : 180);
                if (penelope) Console.WriteLine(string.Create(Ic, $"stemsplit;{item.Source.Name};{e / 1000};split {item.Topology?.Pixels?.AtPairVertex?.RadiusM * 1e3:F1} mm;{a[^1]:F1} -> {b[^1]:F1} deg; truth vertex {ta[^1]:F1} -> {tb[^1]:F1}"));
            }
            chain.Settings = shipped;
            md.AppendLine(string.Create(Ic, $"| {set} | {e / 1000} | {a.Count} | {prongs} | {F(MsLimitMedianDeg(scattering, e, pitchM))} | {F(Quantile(a, 0.5))} / {F(Quantile(a, 0.68))} | {F(Quantile(b, 0.5))} / {F(Quantile(b, 0.68))} [{Closer(b, a)}] | {F(Quantile(ta, 0.5))} / {F(Quantile(ta, 0.68))} | {F(Quantile(tb, 0.5))} / {F(Quantile(tb, 0.68))} [{Closer(tb, ta)}] |"));
        }
        md.AppendLine();
    }
}
