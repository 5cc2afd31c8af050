using System.Text;
using System.Text.Json;
using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

internal static partial class ReconstructionEvaluation
{
    /// <summary>
    /// Issue 10 round 8 (set <c>mcs</c>; <c>mcspenelope</c> for the sample, looked at once after the choices): the lepton energies
    /// from the charge, from each lepton's multiple scattering and from both, and the photon of a V resolved at the vertex
    /// as the energy-weighted sum of its leptons, against today's stem, on composed pairs (exact lepton truth) and generated
    /// pair photons (the generator's e+/e- truth). Every track runs the chain once; each variant only re-runs the reconstruction.
    /// </summary>
    /// <summary>
    /// The scattering momentum on generated electrons of known energy (the generator's own scattering, brems and delta rays),
    /// read from the triggered pixels of the main cluster from the true start along the true direction (a diagnostic of the
    /// estimator alone): the ratio to the truth per segment length and for the shipped choice among them.
    /// </summary>
    private static void MomentumOnElectrons(StringBuilder md, Chain chain, TrackGenerator generator, int count)
    {
        var shipped = chain.Settings;
        var scattering = ScatteringLimit.From(shipped);
        double pitchM = chain.Detector.Readout.Fine!.PitchM;
        double point = Math.Sqrt(pitchM * pitchM / 12 + shipped.PointDiffusionMm * shipped.PointDiffusionMm * 1e-6);
        var choices = shipped.MomentumSegmentsMm.Select(l => (Name: string.Create(Ic, $"{l} mm"), Segs: new[] { new MultipleScatteringMomentum.Segmenting(l * 1e-3, shipped.MomentumFitLengthMm * 1e-3, shipped.MomentumCorridorMm * 1e-3, point, shipped.CollisionStoppingMeVPerCm * 100) }))
            .Append((Name: "shipped (smallest error of " + string.Join(", ", shipped.MomentumSegmentsMm.Select(l => l.ToString(Ic))) + " mm)", Segs: shipped.Segmentings(pitchM, point))).ToList();
        md.AppendLine("### Issue 10 round 8: the scattering momentum on generated electrons (from the true start; T_mcs / T_true median [16 %-84 %], bounded / measured / tracks)");
        md.AppendLine();
        md.AppendLine("| T (MeV) | " + string.Join(" | ", choices.Select(c => c.Name)) + " |");
        md.AppendLine("|---|" + string.Concat(choices.Select(_ => "---|")));
        foreach (var e in new[] { 2000, 3000, 5000, 10000, 20000, 40000 })
        {
            var ratios = choices.Select(_ => new List<double>()).ToArray();
            var bounded = new int[choices.Count];
            int n = 0;
            foreach (var item in Generate(generator, Particle.Electron, e, count, "mcs"))
            {
                chain.Run(item);
                n++;
                if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch)) continue;
                var (_, main, _) = MainClusterSkeleton(cloud, pitch);
                var truth = item.RequireTrack().RequireTruth();
                for (int k = 0; k < choices.Count; k++)
                {
                    if (MultipleScatteringMomentum.Best(main, truth.Origin, truth.InitialDirection, 0, choices[k].Segs, scattering) is not { } m) continue;
                    ratios[k].Add(m.KineticMeV / (e * 1e-3));
                    if (m.Bounded) bounded[k]++;
                }
            }
            md.AppendLine(string.Create(Ic, $"| {e / 1000} | ") + string.Join(" | ", ratios.Select((r, k) => string.Create(Ic, $"{F(Quantile(r, 0.5), 2)} [{F(Quantile(r, 0.16), 2)}-{F(Quantile(r, 0.84), 2)}], {bounded[k]} / {r.Count} / {n}"))) + " |");
        }
        md.AppendLine();
    }

    private static void MomentumScan(StringBuilder md, Chain chain, TrackGenerator generator, string tracksRoot, int count, bool penelope)
    {
        var shipped = chain.Settings;
        var variants = new List<(string Name, ReconstructionSettings Settings, bool Truth)>
        {
            ("today: charge, stem", With("charge", 0, []), true),
            ("combined, stem", With("combined", 0, shipped.MomentumSegmentsMm), false),
            ("charge, V <= 4 mm", With("charge", 4, []), false),
            ("scattering, V <= 4 mm", With("scattering", 4, shipped.MomentumSegmentsMm), false),
            ("combined, V <= 2 mm", With("combined", 2, shipped.MomentumSegmentsMm), false),
            ("combined, V <= 4 mm", With("combined", 4, shipped.MomentumSegmentsMm), true),
            ("combined, V <= 7 mm", With("combined", 7, shipped.MomentumSegmentsMm), false),
            ("combined 5 mm only, V <= 4 mm", With("combined", 4, [5]), false),
        };
        // One set and energy at a time, run and scored, then dropped: the tracks with their pixels are held only that long.
        var sets = new List<(string Set, int EnergyKev, Func<List<(TrackItem Item, Vec3 Photon, double XSoft)>> Items)>();
        if (!penelope)
        {
            foreach (var e in new[] { 10000, 20000, 50000 })
            {
                sets.Add(("composed pairs", e, () =>
                {
                    var pairs = new List<(TrackItem, Vec3, double)>();
                    for (int t = 0; t < count; t++)
                    {
                        var (item, truth) = ComposePair(generator, e, t);
                        pairs.Add((chain.Run(item), truth.Photon, Math.Min(truth.ElectronKev, truth.PositronKev) / (truth.ElectronKev + truth.PositronKev)));
                    }
                    return pairs;
                }));
                sets.Add(("generated photons", e, () =>
                {
                    var photons = new List<(TrackItem, Vec3, double)>();
                    foreach (var item in Generate(generator, Particle.Photon, e, count, "photons"))
                        if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth && truth.Pair.Count > 0)
                        {
                            double x = truth.PairLeptons.Count > 0
                                ? Math.Min(truth.PairLeptons[0].ElectronEnergyKev, truth.PairLeptons[0].PositronEnergyKev) / (truth.PairLeptons[0].ElectronEnergyKev + truth.PairLeptons[0].PositronEnergyKev)
                                : double.NaN;
                            photons.Add((chain.Run(item), truth.InitialDirection, x));
                        }
                    return photons;
                }));
            }
        }
        else
        {
            foreach (var g in DatasetDiscovery.Discover(tracksRoot).Where(s => s.Particle == "photons" && s.EnergyKev >= 10000).GroupBy(s => s.EnergyKev).OrderBy(g => g.Key))
            {
                sets.Add(("PENELOPE", g.Key, () =>
                {
                    var items = new List<(TrackItem, Vec3, double)>();
                    foreach (var src in g)
                    {
                        var item = new TrackItem(src) { Track = TrackReader.Read(src) };
                        if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth && truth.Pair.Count > 0) items.Add((chain.Run(item), truth.InitialDirection, double.NaN));
                    }
                    return items;
                }));
            }
        }

        md.AppendLine(penelope ? "### Issue 10 round 8: PENELOPE pair photons, the resolved V and the scattering momentum (evaluated once, after the choices)"
            : "### Issue 10 round 8: lepton energies from multiple scattering, and the photon of a V resolved at the vertex");
        md.AppendLine();
        md.AppendLine("Photon angle median / 68 % (deg) at the found vertex (and at the truth vertex where given); |x_soft error| median / 68 % where two prongs");
        md.AppendLine("separate (x_soft = E_soft / (E_a + E_b)); V = tracks whose two prongs separate within the radius (the photon from the leptons there);");
        md.AppendLine("in brackets: tracks brought closer than today / tracks changed.");
        md.AppendLine();
        md.AppendLine("| set | E (MeV) | tracks | MS limit median / 68 % | two prongs | both leptons' scattering bounded | " + string.Join(" | ", variants.Select(v => v.Name + (v.Truth ? ": found | truth" : ""))) + " | |x_soft error| charge | scattering | combined |");
        md.AppendLine("|---|---|---|---|---|---|" + string.Concat(variants.Select(v => v.Truth ? "---|---|" : "---|")) + "---|---|---|");
        var scattering = ScatteringLimit.From(shipped);
        double pitchM = chain.Detector.Readout.Fine!.PitchM;
        foreach (var (set, e, produce) in sets)
        {
            chain.Settings = shipped;
            var items = produce();
            var cells = new List<string>();
            List<double>? today = null;
            int prongs = 0, bothBounded = 0;
            var split = new Dictionary<string, List<double>> { ["charge"] = [], ["scattering"] = [], ["combined"] = [] };
            foreach (var (name, settings, withTruth) in variants)
            {
                chain.Settings = settings;
                var found = new List<double>(); var truth = new List<double>();
                int v = 0;
                foreach (var (item, photon, xSoft) in items)
                {
                    chain.Reconstruct(item);
                    var r = item.Reconstruction;
                    found.Add(r?.PhotonDirection is { } d ? AngleDeg(d, photon) : 180);
                    if (withTruth) truth.Add(chain.AtTruthVertexReconstruction(item)?.PhotonDirection is { } t0 ? AngleDeg(t0, photon) : 180);
                    if (r?.PhotonMethod == "pair") v++;
                    if (penelope) Console.WriteLine(string.Create(Ic, $"mcspenelope;{name};{item.Source.Name};{e / 1000};{r?.PhotonMethod};{found[^1]:F1};{r?.Pair?.SplitRadiusMm:F1};{r?.Pair?.OpeningAngleDeg:F1};{r?.Pair?.A.ChargeEnergyKev / 1000:F1};{r?.Pair?.B.ChargeEnergyKev / 1000:F1};{r?.Pair?.A.ScatteringKineticMeV:F1}+-{r?.Pair?.A.ScatteringSigmaLn:F2};{r?.Pair?.B.ScatteringKineticMeV:F1}+-{r?.Pair?.B.ScatteringSigmaLn:F2};{r?.Pair?.A.EnergyKev / 1000:F1};{r?.Pair?.B.EnergyKev / 1000:F1}"));
                    if (r?.Pair is not { } pair || double.IsNaN(xSoft)) continue;
                    double xEst = pair.B.EnergyKev / (pair.A.EnergyKev + pair.B.EnergyKev);
                    if (name == "today: charge, stem") { prongs++; split["charge"].Add(Math.Abs(xEst - xSoft)); }
                    if (name == "scattering, V <= 4 mm") split["scattering"].Add(Math.Abs(xEst - xSoft));
                    if (name == "combined, V <= 4 mm")
                    {
                        split["combined"].Add(Math.Abs(xEst - xSoft));
                        if (pair.A.ScatteringSigmaLn < double.PositiveInfinity && pair.B.ScatteringSigmaLn < double.PositiveInfinity) bothBounded++;
                    }
                }
                today ??= found;
                string cell = $"{F(Quantile(found, 0.5))} / {F(Quantile(found, 0.68))} ({Closer(found, today)}; V {v})";
                if (withTruth) cell += $" | {F(Quantile(truth, 0.5))} / {F(Quantile(truth, 0.68))}";
                cells.Add(cell);
            }
            double limit = MsLimitMedianDeg(scattering, e, pitchM);
            md.AppendLine(string.Create(Ic, $"| {set} | {e / 1000} | {items.Count} | {F(limit)} / {F(limit / MedianPerSigma * Containment68PerSigma)} | {prongs} | {bothBounded} | ") + string.Join(" | ", cells) + " | "
                + string.Join(" | ", split.Values.Select(l => $"{F(Quantile(l, 0.5), 3)} / {F(Quantile(l, 0.68), 3)}")) + " |");
        }
        chain.Settings = shipped;
        md.AppendLine();

        ReconstructionSettings With(string energy, double gateMm, double[] segmentsMm)
        {
            var c = JsonSerializer.Deserialize<ReconstructionSettings>(JsonSerializer.Serialize(shipped))!;
            c.LeptonEnergyFrom = energy;
            c.PairPhotonMaxSplitRadiusMm = gateMm;
            c.MomentumSegmentsMm = segmentsMm;
            return c;
        }

    }
}
