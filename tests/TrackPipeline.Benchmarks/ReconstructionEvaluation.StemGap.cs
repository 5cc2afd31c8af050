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
    /// Issue 10 round 15 (set <c>stemgap</c>): why the stem fit at the truth vertex sits ~1.7x above Bernard's optimum even on
    /// the exact deposits. Three steps, each removing one difference between the real pair and Bernard's model:
    /// (1) a toy: straight tracks with Gaussian scattering at exactly the fit's own k (Highland without its log term, as
    /// Bernard), sampled every l with Gaussian point error sigma, fitted by <see cref="MultipleScatteringFit"/>; one track, and
    /// two independent tracks read as one centroid per bin (the stem) against the two fitted apart;
    /// (2) composed pairs (a generated e- and e+ from one vertex; each lepton's deposits known): the stem fit on both leptons'
    /// deposits against each lepton fitted alone on its own deposits (one-track covariance, its true energy), the photon their
    /// energy-weighted sum; (3) the same pairs from a generator without hard delta rays and bremsstrahlung (cuts at 1 TeV: the
    /// losses become continuous). Every fit at the true vertex, seeded along the true direction. Truth read to build and score only.
    /// </summary>
    private static void StemGap(StringBuilder md, Chain chain, string configDir, int count, double pitchM)
    {
        var settings = chain.Settings;
        double keVPerElectron = chain.Detector.Medium.KeVPerCollectedElectron;
        double vertexSigma = settings.VertexSigmaMm * 1e-3;
        double lengthM = settings.LeptonScatteringFitLengthMm * 1e-3;
        double x0Cm = settings.RadiationLengthCm;
        var noLog = new ScatteringLimit(x0Cm, settings.HighlandScaleMeV, 0);
        var shipped = ScatteringLimit.From(settings);
        var wide = new ScatteringCorridor(1.0, settings.PhotonFitCorridorSigmas);
        double pitchSigma = pitchM / Math.Sqrt(12);
        (string Name, double BinM, double SigmaM)[] samplings =
        [
            ("l = 0.5 mm, sigma = pitch / sqrt 12 (0.144 mm)", pitchM, pitchSigma),
            ("l = 0.5 mm, sigma = 0.03 mm", pitchM, 0.03e-3),
            ("l = 0.1 mm, sigma = 0.03 mm", 0.1e-3, 0.03e-3),
        ];
        int[] energies = [10000, 20000, 50000];

        md.AppendLine("### Issue 10 round 15: the stem fit against Bernard's optimum (set stemgap)");
        md.AppendLine();
        md.AppendLine("**1. Toy: Gaussian scattering at the fit's own k (Highland, no log term, as Bernard), every fit at the true vertex.** Median space angle (deg); 'Bernard' = (p / p1)^(-3/4) x 1.177 (median of a 2D Gaussian); photon = the two leptons' mean direction, Bernard's photon = one lepton's / sqrt 2.");
        md.AppendLine();
        md.AppendLine("| E (MeV) | sampling | tracks | one lepton: fit / Bernard (ratio) | one lepton, vertex free | stem (one centroid per bin, 2 tracks) | two lines apart, mean | photon Bernard |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (int e in energies)
        {
            double t = (e * 1e-3 - 2 * 0.51099895) / 2;
            double p = ScatteringLimit.MomentumMeV(t);
            foreach (var (name, bin, sigma) in samplings)
            {
                var one = new List<double>(); var free = new List<double>(); var stem = new List<double>(); var apart = new List<double>();
                double k = Square(noLog.HighlandRad(t, lengthM * 100)) / lengthM;
                for (int n = 0; n < count; n++)
                {
                    var rng = TrackRandom.For(Seed, string.Create(Ic, $"toy_{e}_{bin}_{sigma}_{n}"), "stemgap");
                    var a = ToyWalk(rng, k, lengthM, bin); var b = ToyWalk(rng, k, lengthM, bin);
                    var single = new MultipleScatteringFit.Track(t, 1, lengthM, wide, sigma, vertexSigma);
                    var da = FitToy(a, null, rng, sigma, bin, single, noLog);
                    var db = FitToy(b, null, rng, sigma, bin, single, noLog);
                    if (da is { } fa && db is { } fb)
                    {
                        one.Add(AngleDeg(fa, UnitZ));
                        apart.Add(AngleDeg(fa + fb, UnitZ));
                    }
                    if (FitToy(a, null, rng, sigma, bin, single with { VertexSigmaM = double.PositiveInfinity }, noLog) is { } ff) free.Add(AngleDeg(ff, UnitZ));
                    if (FitToy(a, b, rng, sigma, bin, new MultipleScatteringFit.Track(t, 2, lengthM, wide, sigma, vertexSigma), noLog) is { } fs)
                        stem.Add(AngleDeg(fs, UnitZ));
                }
                double bernard = noLog.BernardSingleTrackRad(p, sigma * 100, bin * 100) * MedianPerSigma * 180 / Math.PI;
                double m = Quantile(one, 0.5);
                md.AppendLine(string.Create(Ic, $"| {e / 1000} | {name} | {one.Count} | {F(m, 2)} / {F(bernard, 2)} ({m / bernard:F2}) | {F(Quantile(free, 0.5), 2)} | {F(Quantile(stem, 0.5), 2)} | {F(Quantile(apart, 0.5), 2)} | {F(bernard / Math.Sqrt(2), 2)} |"));
            }
        }
        md.AppendLine();

        md.AppendLine("**2-3. Composed pairs on the deposits (no drift, no readout), at the true vertex, seeded along the truth.** Median space angle (deg) to the true photon; the leptons' own error to their true directions beside Bernard's single-track optimum at their true momenta (median over leptons of fit / Bernard). 'stem' = both leptons' deposits, two-track covariance at half the deposits' energy; 'two lines' = each lepton on its own deposits, one-track covariance at its true energy, the photon their true-energy-weighted sum; 'kinematic floor' = the true leptons' energy-weighted direction to the photon.");
        md.AppendLine();
        md.AppendLine("| generator | E (MeV) | sampling | pairs | kinematic floor | stem | two lines | two lines to the leptons' weighted direction | lepton: fit (median) / ratio to Bernard | MS limit (docs) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        var baseGen = GeneratorSettings.Load(configDir);
        var clean = baseGen with { DeltaRayCutKev = 1e9, CoarseDeltaRayCutKev = 1e9, BremCutKev = 1e9, CoarseBremCutKev = 1e9 };
        foreach (var (genName, genSettings) in new[] { ("shipped", baseGen), ("no hard deltas / brems", clean) })
        {
            var generator = new TrackGenerator(genSettings);
            foreach (int e in energies)
            {
                var pairs = new List<(LeptonDeposits Minus, LeptonDeposits Plus, PairTruth Truth)>(count);
                for (int n = 0; n < count; n++) pairs.Add(ComposeLeptons(generator, e, n));
                foreach (var (name, bin, sigma) in samplings)
                {
                    var floor = new List<double>(); var stem = new List<double>(); var two = new List<double>(); var twoW = new List<double>(); var lepton = new List<double>(); var ratio = new List<double>();
                    foreach (var (minus, plus, truth) in pairs)
                    {
                        var weighted = truth.ElectronKev * truth.ElectronDir + truth.PositronKev * truth.PositronDir;
                        floor.Add(AngleDeg(weighted, truth.Photon));
                        var both = LeptonDeposits.Merge(minus, plus);
                        double eventKev = 0;
                        foreach (var q in both.Q) eventKev += q * keVPerElectron;
                        var stemTrack = new MultipleScatteringFit.Track(0.5 * eventKev * 1e-3, 2, lengthM, settings.Corridor(), sigma, vertexSigma);
                        if (MultipleScatteringFit.Fit(both.Grid(bin), Vec3.Zero, truth.Photon, stemTrack, shipped) is { } fs) stem.Add(AngleDeg(fs.Direction, truth.Photon));
                        Vec3? dm = FitLepton(minus, truth.ElectronKev, truth.ElectronDir), dp = FitLepton(plus, truth.PositronKev, truth.PositronDir);
                        if (dm is { } m && dp is { } pl)
                        {
                            var photon = truth.ElectronKev * m + truth.PositronKev * pl;
                            two.Add(AngleDeg(photon, truth.Photon));
                            twoW.Add(AngleDeg(photon, weighted));
                        }
                        Vec3? FitLepton(LeptonDeposits cloud, double kev, Vec3 dir)
                        {
                            if (cloud.Count < 3) return null;
                            var track = new MultipleScatteringFit.Track(kev * 1e-3, 1, lengthM, settings.Corridor(), sigma, vertexSigma);
                            if (MultipleScatteringFit.Fit(cloud.Grid(bin), Vec3.Zero, dir, track, shipped) is not { } f) return null;
                            double angle = AngleDeg(f.Direction, dir);
                            lepton.Add(angle);
                            double bernard = noLog.BernardSingleTrackRad(ScatteringLimit.MomentumMeV(kev * 1e-3), sigma * 100, bin * 100) * MedianPerSigma * 180 / Math.PI;
                            ratio.Add(angle / bernard);
                            return f.Direction;
                        }
                    }
                    md.AppendLine(string.Create(Ic, $"| {genName} | {e / 1000} | {name} | {pairs.Count} | {F(Quantile(floor, 0.5), 2)} | {F(Quantile(stem, 0.5), 2)} | {F(Quantile(two, 0.5), 2)} | {F(Quantile(twoW, 0.5), 2)} | {F(Quantile(lepton, 0.5), 2)} / {F(Quantile(ratio, 0.5), 2)} | {F(MsLimitMedianDeg(noLog, e, pitchM), 2)} |"));
                }
            }
        }
        md.AppendLine();

        // 4. The same composed pairs through drift and readout: the stem on the pair's pixels against the two lines on each
        // lepton's own pixels (each lepton drifted and read alone: the truth splits the charge, which the run cannot do before
        // the fork). An upper bound for any fit of the two leptons as two lines: if it is not below the bar here, no
        // attribution of the pixels will be.
        md.AppendLine("**4. Composed pairs on the pixels (drift 1 cm, GAMPixG), at the true vertex, seeded along the truth; shipped fit settings (20 mm, corridor, point error pitch / sqrt 12 with the diffusion).** 'two lines, truth split' = each lepton drifted and read out alone, fitted on its own pixels with the one-track covariance at its true energy, the photon their true-energy-weighted sum: the bound of a two-line fit. Median (68 %) space angle to the photon, deg.");
        md.AppendLine();
        md.AppendLine("| E (MeV) | pairs | stem (pair's pixels) | two lines, truth split | lepton alone: median / ratio to Bernard (0.144 mm, 0.5 mm) | MS limit (docs) |");
        md.AppendLine("|---|---|---|---|---|---|");
        {
            var generator = new TrackGenerator(baseGen);
            var pixelsOf = new TriggeredPixelCloud(chain.Detector.Readout);
            double diffusionM = settings.PointDiffusionMm * 1e-3;
            double pointSigma = Math.Sqrt(pitchM * pitchM / 12 + diffusionM * diffusionM);
            foreach (int e in energies)
            {
                var stem = new List<double>(); var two = new List<double>(); var lepton = new List<double>(); var ratio = new List<double>();
                for (int n = 0; n < count; n++)
                {
                    var (minus, plus, truth) = ComposeLeptons(generator, e, n);
                    string name = string.Create(Ic, $"pair_{e}_{n}");
                    var both = chain.Detect(LeptonDeposits.Merge(minus, plus).Item(name, Particle.Photon, e, truth));
                    var em = chain.Detect(minus.Item(name + "_e-", Particle.Electron, (int)truth.ElectronKev, truth));
                    var ep = chain.Detect(plus.Item(name + "_e+", Particle.Positron, (int)truth.PositronKev, truth));
                    if (pixelsOf.TryGetPixels(both, out var px, out var pitch) && px.Count >= 3)
                    {
                        double eventKev = 0;
                        foreach (var q in px.Charge) eventKev += q * keVPerElectron;
                        var track = new MultipleScatteringFit.Track(0.5 * eventKev * 1e-3, 2, lengthM, settings.Corridor(), pointSigma, vertexSigma);
                        if (MultipleScatteringFit.Fit(new VoxelGrid(px, pitch), Vec3.Zero, truth.Photon, track, shipped) is { } f) stem.Add(AngleDeg(f.Direction, truth.Photon));
                    }
                    if (FitAlone(em, truth.ElectronKev, truth.ElectronDir) is { } dm && FitAlone(ep, truth.PositronKev, truth.PositronDir) is { } dp)
                        two.Add(AngleDeg(truth.ElectronKev * dm + truth.PositronKev * dp, truth.Photon));
                }
                md.AppendLine(string.Create(Ic, $"| {e / 1000} | {stem.Count} / {two.Count} | {F(Quantile(stem, 0.5), 2)} ({F(Quantile(stem, 0.68), 2)}) | {F(Quantile(two, 0.5), 2)} ({F(Quantile(two, 0.68), 2)}) | {F(Quantile(lepton, 0.5), 2)} / {F(Quantile(ratio, 0.5), 2)} | {F(MsLimitMedianDeg(noLog, e, pitchM), 2)} |"));

                Vec3? FitAlone(TrackItem item, double kev, Vec3 dir)
                {
                    if (!pixelsOf.TryGetPixels(item, out var px, out var pitch) || px.Count < 3) return null;
                    var track = new MultipleScatteringFit.Track(kev * 1e-3, 1, lengthM, settings.Corridor(), pointSigma, vertexSigma);
                    if (MultipleScatteringFit.Fit(new VoxelGrid(px, pitch), Vec3.Zero, dir, track, shipped) is not { } f) return null;
                    double angle = AngleDeg(f.Direction, dir);
                    lepton.Add(angle);
                    ratio.Add(angle / (noLog.BernardSingleTrackRad(ScatteringLimit.MomentumMeV(kev * 1e-3), pitchSigma * 100, pitchM * 100) * MedianPerSigma * 180 / Math.PI));
                    return f.Direction;
                }
            }
        }
        md.AppendLine();

        // The generated photons' own floor: PENELOPE's lepton angles draw the two azimuths independently (the nucleus takes
        // the rest), so even the true leptons' energy-weighted direction misses the photon.
        md.AppendLine("**Kinematic floor of the generated pair photons** (the set pairkinematics / stemterms reads: same names and draws): median (68 %) angle between the true leptons' energy-weighted direction and the photon, deg.");
        md.AppendLine();
        md.AppendLine("| E (MeV) | pairs | energy-weighted leptons to photon |");
        md.AppendLine("|---|---|---|");
        var photonGenerator = new TrackGenerator(baseGen);
        foreach (int e in energies)
        {
            var floor = new List<double>();
            foreach (var item in Generate(photonGenerator, Particle.Photon, e, count, "kinematics"))
            {
                var truth = item.RequireTrack().RequireTruth();
                if (truth.FirstInteraction != "pair" || truth.PairLeptons.Count == 0) continue;
                var l = truth.PairLeptons[0];
                floor.Add(AngleDeg(l.ElectronEnergyKev * l.ElectronDirection.Normalized() + l.PositronEnergyKev * l.PositronDirection.Normalized(), truth.InitialDirection));
            }
            md.AppendLine(string.Create(Ic, $"| {e / 1000} | {floor.Count} | {F(Quantile(floor, 0.5), 2)} ({F(Quantile(floor, 0.68), 2)}) |"));
        }
        md.AppendLine();
    }

    /// <summary>
    /// Issue 10 round 15 (set <c>stemgapphotons</c>): the stem fit on the deposits of generated pair photons (the names and
    /// draws of <c>stemterms</c>) at the truth vertex, seeded along the true photon, to set the composed pairs' figures of
    /// <see cref="StemGap"/> beside the 5.5 deg round 12 read on the same photons seeded along the run's own direction.
    /// </summary>
    private static void StemGapPhotons(StringBuilder md, Chain chain, TrackGenerator generator, int count, double pitchM)
    {
        var settings = chain.Settings;
        double keVPerElectron = chain.Detector.Medium.KeVPerCollectedElectron;
        double lengthM = settings.LeptonScatteringFitLengthMm * 1e-3;
        var shipped = ScatteringLimit.From(settings);
        (string Name, double BinM, double SigmaM)[] samplings =
        [
            ("l = 0.5 mm, sigma = pitch / sqrt 12 (0.144 mm)", pitchM, pitchM / Math.Sqrt(12)),
            ("l = 0.1 mm, sigma = 0.03 mm", 0.1e-3, 0.03e-3),
        ];
        md.AppendLine("### Issue 10 round 15: the stem on the deposits of generated pair photons, truth vertex, seeded along the true photon (set stemgapphotons)");
        md.AppendLine();
        md.AppendLine("| E (MeV) | sampling | pairs | stem to photon (68 %) | stem to the leptons' energy-weighted direction | leptons' energy-weighted direction to photon |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (int e in new[] { 10000, 20000, 50000 })
        {
            var items = new List<(TrackItem Item, Vec3 Vertex, Vec3 Photon, Vec3 Weighted)>();
            foreach (var item in Generate(generator, Particle.Photon, e, count, "kinematics"))
            {
                var truth = item.RequireTrack().RequireTruth();
                if (truth.FirstInteraction != "pair" || truth.PairLeptons.Count == 0 || truth.Pair.Count == 0) continue;
                var l = truth.PairLeptons[0];
                items.Add((item, truth.Pair.Positions[0], truth.InitialDirection.Normalized(),
                    (l.ElectronEnergyKev * l.ElectronDirection.Normalized() + l.PositronEnergyKev * l.PositronDirection.Normalized()).Normalized()));
            }
            foreach (var (name, bin, sigma) in samplings)
            {
                var toPhoton = new List<double>(); var toWeighted = new List<double>(); var floor = new List<double>();
                foreach (var (item, vertex, photon, weighted) in items)
                {
                    var d = item.RequireTrack().Deposits;
                    var q = new double[d.Count];
                    double eventKev = 0;
                    for (int i = 0; i < q.Length; i++) { q[i] = d.NumElectrons[i]; eventKev += q[i] * keVPerElectron; }
                    var grid = new VoxelGrid(new ChargeCloud(d.X, d.Y, d.Z, q), bin);
                    var track = new MultipleScatteringFit.Track(0.5 * eventKev * 1e-3, 2, lengthM, settings.Corridor(), sigma, settings.VertexSigmaMm * 1e-3);
                    if (MultipleScatteringFit.Fit(grid, vertex, photon, track, shipped) is not { } f) continue;
                    toPhoton.Add(AngleDeg(f.Direction, photon)); toWeighted.Add(AngleDeg(f.Direction, weighted)); floor.Add(AngleDeg(weighted, photon));
                }
                md.AppendLine(string.Create(Ic, $"| {e / 1000} | {name} | {toPhoton.Count} | {F(Quantile(toPhoton, 0.5), 2)} ({F(Quantile(toPhoton, 0.68), 2)}) | {F(Quantile(toWeighted, 0.5), 2)} | {F(Quantile(floor, 0.5), 2)} |"));
            }
        }
        md.AppendLine();
    }

    /// <summary>
    /// Issue 10 round 15 (set <c>stemgapsplit</c>): the toy of <see cref="StemGap"/> with the pair's energy shared as
    /// Bethe-Heitler draws it (<see cref="PairProduction.SampleElectronFraction"/>), each lepton's random walk at its own energy:
    /// the stem (one centroid per bin, the two-track covariance at the mean energy, as the run) against the two lines apart
    /// (each at its own energy, the photon their energy-weighted sum) and against the equal-weight mean of the two lines.
    /// </summary>
    private static void StemGapSplit(StringBuilder md, Chain chain, int count, double pitchM)
    {
        const double me = 0.51099895;
        var settings = chain.Settings;
        double vertexSigma = settings.VertexSigmaMm * 1e-3;
        double lengthM = settings.LeptonScatteringFitLengthMm * 1e-3;
        var noLog = new ScatteringLimit(settings.RadiationLengthCm, settings.HighlandScaleMeV, 0);
        var wide = new ScatteringCorridor(1.0, settings.PhotonFitCorridorSigmas);
        double sigma = pitchM / Math.Sqrt(12);
        md.AppendLine("### Issue 10 round 15: the toy with the Bethe-Heitler energy split (set stemgapsplit; l = 0.5 mm, sigma = pitch / sqrt 12)");
        md.AppendLine();
        md.AppendLine("| E (MeV) | pairs | stem (run's model) | two lines, energy-weighted | two lines, equal weights | photon Bernard (symmetric) |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (int e in new[] { 10000, 20000, 50000 })
        {
            double eGamma = e * 1e-3;
            var stem = new List<double>(); var weighted = new List<double>(); var equal = new List<double>();
            for (int n = 0; n < count; n++)
            {
                var rng = TrackRandom.For(Seed, string.Create(Ic, $"toysplit_{e}_{n}"), "stemgap");
                double eps = PairProduction.SampleElectronFraction(eGamma, rng);
                double t1 = Math.Max(eps * eGamma - me, 0.05), t2 = Math.Max(eGamma - 2 * me - t1, 0.05);
                double k1 = Square(noLog.HighlandRad(t1, lengthM * 100)) / lengthM, k2 = Square(noLog.HighlandRad(t2, lengthM * 100)) / lengthM;
                var a = ToyWalk(rng, k1, lengthM, pitchM); var b = ToyWalk(rng, k2, lengthM, pitchM);
                if (FitToy(a, b, rng, sigma, pitchM, new MultipleScatteringFit.Track(0.5 * (t1 + t2), 2, lengthM, wide, sigma, vertexSigma), noLog) is { } fs)
                    stem.Add(AngleDeg(fs, UnitZ));
                var da = FitToy(a, null, rng, sigma, pitchM, new MultipleScatteringFit.Track(t1, 1, lengthM, wide, sigma, vertexSigma), noLog);
                var db = FitToy(b, null, rng, sigma, pitchM, new MultipleScatteringFit.Track(t2, 1, lengthM, wide, sigma, vertexSigma), noLog);
                if (da is { } fa && db is { } fb)
                {
                    weighted.Add(AngleDeg(t1 * fa + t2 * fb, UnitZ));
                    equal.Add(AngleDeg(fa + fb, UnitZ));
                }
            }
            md.AppendLine(string.Create(Ic, $"| {e / 1000} | {stem.Count} | {F(Quantile(stem, 0.5), 2)} ({F(Quantile(stem, 0.68), 2)}) | {F(Quantile(weighted, 0.5), 2)} ({F(Quantile(weighted, 0.68), 2)}) | {F(Quantile(equal, 0.5), 2)} | {F(MsLimitMedianDeg(noLog, e, pitchM), 2)} |"));
        }
        md.AppendLine();
    }

    /// <summary>
    /// Issue 10 round 15, the brief's candidate at the truth vertex (set <c>stemjoint</c>): the two leptons as two lines from one
    /// vertex, fitted jointly. Composed pairs, each lepton drifted and read out alone (the truth splits the pixels); along the
    /// true photon in pitch-long bins, a bin is the *stem* (one measurement of the leptons' mean, as the pixels give it) until
    /// the two leptons' centroids first lie more than two pitches apart (the fork), then each lepton's own measurement. One GLS
    /// per projection with parameters (vertex, direction 1, direction 2) and each lepton's own random walk in the covariance
    /// (its true energy); the photon is the energy-weighted sum. An optimistic bound of what the run could build (truth energies,
    /// truth split beyond the fork, truth axis); compared with the stem alone and the two lines split from the vertex on.
    /// </summary>
    /// <remarks>
    /// Round 16 (<paramref name="generated"/>, set <c>stemjointphotons</c>): the same on generated pair photons (the names and
    /// draws of the set <c>photons</c>), each lepton's deposits by the generator's truth tag (<see cref="PairLeptonTag"/>: the
    /// first pair's e- or e+ with its delta rays and brems), moved so the truth vertex is the origin; only photons whose
    /// first interaction is a pair. Two more columns there: the joint fit with the energies from each lepton's tagged charge
    /// (what a charge split could give at best), and the median |e- share by tagged charge - e- share by truth energy|.
    /// </remarks>
    private static void StemJoint(StringBuilder md, Chain chain, int count, double pitchM, string configDir, bool generated = false)
    {
        var settings = chain.Settings;
        double lengthM = settings.LeptonScatteringFitLengthMm * 1e-3;
        double vertexSigma = settings.VertexSigmaMm * 1e-3;
        var shipped = ScatteringLimit.From(settings);
        double diffusionM = settings.PointDiffusionMm * 1e-3;
        double point = Math.Sqrt(pitchM * pitchM / 12 + diffusionM * diffusionM);
        double keVPerElectron = chain.Detector.Medium.KeVPerCollectedElectron;
        var pixelsOf = new TriggeredPixelCloud(chain.Detector.Readout);
        var generator = new TrackGenerator(GeneratorSettings.Load(configDir));
        md.AppendLine(generated
            ? "### Issue 10 round 16: two lines from one vertex, fitted jointly, on generated pair photons (set stemjointphotons; each lepton's deposits by the generator's tag, pixels, truth vertex and axis)"
            : "### Issue 10 round 15: two lines from one vertex, fitted jointly (set stemjoint; composed pairs, pixels, truth vertex and axis)");
        md.AppendLine();
        md.AppendLine("| E (MeV) | pairs | fork (mm, median) | stem (the pair's pixels, shipped fit) | joint: stem to the fork, each lepton beyond | joint, fork not before 10 mm | two lines from the vertex (truth split) | joint, energies from the tagged charge | joint along the stem fit's direction | e- share: tagged charge - truth, median abs | MS limit |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (int e in new[] { 10000, 20000, 50000 })
        {
            var stem = new List<double>(); var joint = new List<double>(); var late = new List<double>(); var apart = new List<double>(); var forks = new List<double>();
            var byCharge = new List<double>(); var shareError = new List<double>(); var stemAxis = new List<double>();
            for (int n = 0; n < count; n++)
            {
                LeptonDeposits minus, plus; PairTruth truth; string name;
                if (generated)
                {
                    name = string.Create(Ic, $"photons_{Particle.Photon}_{e}_{n}");
                    if (TaggedLeptons(generator, e, name) is not { } tagged) continue;
                    (minus, plus, truth) = tagged;
                }
                else
                {
                    (minus, plus, truth) = ComposeLeptons(generator, e, n);
                    name = string.Create(Ic, $"pair_{e}_{n}");
                }
                double q1 = 0, q2 = 0;
                foreach (var q in minus.Q) q1 += q;
                foreach (var q in plus.Q) q2 += q;
                if (q1 + q2 > 0) shareError.Add(Math.Abs(q1 / (q1 + q2) - truth.ElectronKev / (truth.ElectronKev + truth.PositronKev)));
                (int Stem, int Joint, int Late, int Apart, int ByCharge, int StemAxis) counts = (stem.Count, joint.Count, late.Count, apart.Count, byCharge.Count, stemAxis.Count);
                Vec3? fitted = null;
                var both = chain.Detect(LeptonDeposits.Merge(minus, plus).Item(name, Particle.Photon, e, truth));
                var em = chain.Detect(minus.Item(name + "_e-", Particle.Electron, (int)truth.ElectronKev, truth));
                var ep = chain.Detect(plus.Item(name + "_e+", Particle.Positron, (int)truth.PositronKev, truth));
                var axis = truth.Photon.Normalized();
                if (pixelsOf.TryGetPixels(both, out var px, out var pitch) && px.Count >= 3)
                {
                    double eventKev = 0;
                    foreach (var q in px.Charge) eventKev += q * keVPerElectron;
                    var track = new MultipleScatteringFit.Track(0.5 * eventKev * 1e-3, 2, lengthM, settings.Corridor(), point, vertexSigma);
                    if (MultipleScatteringFit.Fit(new VoxelGrid(px, pitch), Vec3.Zero, axis, track, shipped) is { } f) { stem.Add(AngleDeg(f.Direction, axis)); fitted = f.Direction.Normalized(); }
                }
                double t1 = truth.ElectronKev * 1e-3, t2 = truth.PositronKev * 1e-3;
                double k1 = Square(shipped.HighlandRad(t1, lengthM * 100)) / lengthM, k2 = Square(shipped.HighlandRad(t2, lengthM * 100)) / lengthM;
                var b1 = Bins(em, axis, k1); var b2 = Bins(ep, axis, k2);
                if (b1 is null || b2 is null) { Row(); continue; }
                var (e1, e2) = ScatteringCorridor.Transverse(axis);
                // Joint and apart fits from the same bins.
                if (Joint(b1, b2, k1, k2, fork: true, out double forkS) is { } dj) { joint.Add(AngleDeg(t1 * Dir(dj.B1) + t2 * Dir(dj.B2), axis)); forks.Add(forkS * 1e3); }
                if (Joint(b1, b2, k1, k2, fork: true, out _, minForkM: 10e-3) is { } dl) late.Add(AngleDeg(t1 * Dir(dl.B1) + t2 * Dir(dl.B2), axis));
                if (Joint(b1, b2, k1, k2, fork: false, out _) is { } da) apart.Add(AngleDeg(t1 * Dir(da.B1) + t2 * Dir(da.B2), axis));
                if (q1 + q2 > 0 && Joint(b1, b2, k1, k2, fork: true, out _) is { } dq)
                    byCharge.Add(AngleDeg(q1 * Dir(dq.B1) + q2 * Dir(dq.B2), axis));
                // The same joint fit binned along the stem fit's direction instead of the truth's (the run has no true axis).
                if (fitted is { } own && Bins(em, own, k1) is { } o1 && Bins(ep, own, k2) is { } o2 && Joint(o1, o2, k1, k2, fork: true, out _) is { } dO)
                {
                    var (f1, f2) = ScatteringCorridor.Transverse(own);
                    stemAxis.Add(AngleDeg(t1 * (own + dO.B1.X * f1 + dO.B1.Y * f2).Normalized() + t2 * (own + dO.B2.X * f1 + dO.B2.Y * f2).Normalized(), axis));
                }
                // One CSV row per pair on stdout (generated photons), so that seeds can be pooled: the angles in the table's order.
                Row();
                void Row()
                {
                    if (generated)
                        Console.WriteLine(string.Create(Ic, $"stemjointphotons,{Seed},{e},{n},{Last(stem, counts.Stem)},{Last(joint, counts.Joint)},{Last(late, counts.Late)},{Last(apart, counts.Apart)},{Last(byCharge, counts.ByCharge)},{Last(stemAxis, counts.StemAxis)}"));
                }
                Vec3 Dir((double X, double Y) slope) => (axis + slope.X * e1 + slope.Y * e2).Normalized();
                static double Last(List<double> list, int countBefore) => list.Count > countBefore ? list[^1] : double.NaN;
            }
            md.AppendLine(string.Create(Ic, $"| {e / 1000} | {joint.Count} | {F(Quantile(forks, 0.5))} | {F(Quantile(stem, 0.5), 2)} ({F(Quantile(stem, 0.68), 2)}) | {F(Quantile(joint, 0.5), 2)} ({F(Quantile(joint, 0.68), 2)}) | {F(Quantile(late, 0.5), 2)} ({F(Quantile(late, 0.68), 2)}) | {F(Quantile(apart, 0.5), 2)} ({F(Quantile(apart, 0.68), 2)}) | {F(Quantile(byCharge, 0.5), 2)} ({F(Quantile(byCharge, 0.68), 2)}) | {F(Quantile(stemAxis, 0.5), 2)} ({F(Quantile(stemAxis, 0.68), 2)}) | {F(Quantile(shareError, 0.5), 3)} | {F(MsLimitMedianDeg(shipped, e, pitchM), 2)} |"));
        }
        md.AppendLine();

        // Per pitch-long bin along the axis: charge, charge-weighted s and lateral (x, y), inside the shipped corridor.
        double[,]? Bins(TrackItem item, Vec3 axis, double k)
        {
            if (!pixelsOf.TryGetPixels(item, out var px, out _) || px.Count < 3) return null;
            int bins = (int)Math.Ceiling(lengthM / pitchM);
            var r = new double[bins, 4];
            var (e1, e2) = ScatteringCorridor.Transverse(axis);
            var corridor = settings.Corridor();
            for (int i = 0; i < px.Count; i++)
            {
                var d = new Vec3(px.X[i], px.Y[i], px.Z[i]);
                double along = d.Dot(axis);
                if (!(along > 0) || along >= lengthM) continue;
                var lateral = d - along * axis;
                if (!corridor.Contains(lateral.Dot(lateral), Math.Sqrt(k * along * along * along / 3))) continue;
                int b = (int)(along / pitchM);
                double q = px.Charge[i];
                r[b, 0] += q; r[b, 1] += q * along; r[b, 2] += q * d.Dot(e1); r[b, 3] += q * d.Dot(e2);
            }
            return r;
        }

        ((double X, double Y) B1, (double X, double Y) B2)? Joint(double[,] l1, double[,] l2, double k1, double k2, bool fork, out double forkS, double minForkM = 0)
        {
            forkS = double.NaN;
            // Measurements: kind 0 vertex, 1 the leptons' mean (stem), 2 lepton 1, 3 lepton 2.
            var kind = new List<int> { 0 }; var sv = new List<double> { 0 }; var xv = new List<double> { 0 }; var yv = new List<double> { 0 };
            bool resolved = !fork;
            for (int b = 0; b < l1.GetLength(0); b++)
            {
                bool h1 = l1[b, 0] > 0, h2 = l2[b, 0] > 0;
                if (h1 && h2 && !resolved)
                {
                    double dx = l1[b, 2] / l1[b, 0] - l2[b, 2] / l2[b, 0], dy = l1[b, 3] / l1[b, 0] - l2[b, 3] / l2[b, 0];
                    if (Math.Sqrt(dx * dx + dy * dy) > 2 * pitchM && b * pitchM >= minForkM) { resolved = true; forkS = b * pitchM; }
                }
                if (h1 && h2 && !resolved)
                {
                    double q = l1[b, 0] + l2[b, 0];
                    kind.Add(1); sv.Add((l1[b, 1] + l2[b, 1]) / q); xv.Add((l1[b, 2] + l2[b, 2]) / q); yv.Add((l1[b, 3] + l2[b, 3]) / q);
                    continue;
                }
                if (h1) { kind.Add(2); sv.Add(l1[b, 1] / l1[b, 0]); xv.Add(l1[b, 2] / l1[b, 0]); yv.Add(l1[b, 3] / l1[b, 0]); }
                if (h2) { kind.Add(3); sv.Add(l2[b, 1] / l2[b, 0]); xv.Add(l2[b, 2] / l2[b, 0]); yv.Add(l2[b, 3] / l2[b, 0]); }
            }
            if (double.IsNaN(forkS)) forkS = lengthM;
            int n = kind.Count;
            static (double U1, double U2) U(int kd) => kd switch { 1 => (0.5, 0.5), 2 => (1, 0), 3 => (0, 1), _ => (0, 0) };
            var c = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++)
                {
                    double lo = Math.Min(sv[i], sv[j]), hi = Math.Max(sv[i], sv[j]);
                    double g = lo * lo * hi / 2 - lo * lo * lo / 6;
                    var (a1, a2) = U(kind[i]); var (c1, c2) = U(kind[j]);
                    double v = (a1 * c1 * k1 + a2 * c2 * k2) * g;
                    if (i == j) v += kind[i] == 0 ? vertexSigma * vertexSigma : point * point;
                    c[i * n + j] = v; c[j * n + i] = v;
                }
            // Design columns: intercept, slope 1, slope 2.
            var x0 = new double[n]; var x1 = new double[n]; var x2 = new double[n];
            for (int i = 0; i < n; i++)
            {
                var (u1, u2) = U(kind[i]);
                x0[i] = 1; x1[i] = kind[i] == 0 ? 0 : u1 * sv[i]; x2[i] = kind[i] == 0 ? 0 : u2 * sv[i];
            }
            if (!MultipleScatteringFit.Cholesky(c, n)) return null;
            var cols = new[] { x0, x1, x2, xv.ToArray(), yv.ToArray() };
            foreach (var col in cols) MultipleScatteringFit.ForwardSolve(c, n, col);
            var a = new double[3, 3]; var gx = new double[3]; var gy = new double[3];
            for (int p = 0; p < 3; p++)
            {
                for (int q = 0; q < 3; q++) for (int i = 0; i < n; i++) a[p, q] += cols[p][i] * cols[q][i];
                for (int i = 0; i < n; i++) { gx[p] += cols[p][i] * cols[3][i]; gy[p] += cols[p][i] * cols[4][i]; }
            }
            if (Solve3(a, gx) is not { } bx || Solve3(a, gy) is not { } by) return null;
            return ((bx[1], by[1]), (bx[2], by[2]));
        }
    }

    /// <summary>
    /// Generated photon <paramref name="name"/> (the stream of <see cref="Generate"/>) if its first interaction is a pair: each
    /// lepton's deposits by the generator's truth tag, in metres from the truth vertex, and the pair's truth. Null otherwise.
    /// </summary>
    private static (LeptonDeposits Minus, LeptonDeposits Plus, PairTruth Truth)? TaggedLeptons(TrackGenerator generator, int photonKev, string name)
    {
        var g = generator.Generate(Particle.Photon, photonKev * 1e-3, TrackRandom.For(Seed, name, "generate"));
        if (g.FirstInteraction != "pair" || g.PairLeptons.Count == 0 || g.Pair.Count == 0) return null;
        var l = g.PairLeptons.Pairs[0];
        var vertex = g.Pair.Points[0];
        return (Cloud(PairLeptonTag.Electron), Cloud(PairLeptonTag.Positron),
            new PairTruth(l.ElectronMeV * 1e3, l.PositronMeV * 1e3, l.ElectronDirection, l.PositronDirection, g.InitialDirection));

        LeptonDeposits Cloud(byte tag)
        {
            var x = new List<double>(); var y = new List<double>(); var z = new List<double>(); var q = new List<double>();
            for (int i = 0; i < g.PairLepton.Length; i++)
            {
                if (g.PairLepton[i] != tag) continue;
                x.Add((g.X[i] - vertex.X) * 1e-2); y.Add((g.Y[i] - vertex.Y) * 1e-2); z.Add((g.Z[i] - vertex.Z) * 1e-2); q.Add(g.Electrons[i]);
            }
            return new LeptonDeposits([.. x], [.. y], [.. z], [.. q]);
        }
    }

    /// <summary>Solves the 3 x 3 symmetric system by Cramer's rule; null if singular.</summary>
    private static double[]? Solve3(double[,] m, double[] g)
    {
        double Det(double[,] a) => a[0, 0] * (a[1, 1] * a[2, 2] - a[1, 2] * a[2, 1]) - a[0, 1] * (a[1, 0] * a[2, 2] - a[1, 2] * a[2, 0]) + a[0, 2] * (a[1, 0] * a[2, 1] - a[1, 1] * a[2, 0]);
        double det = Det(m);
        if (!(Math.Abs(det) > 0)) return null;
        var r = new double[3];
        for (int c = 0; c < 3; c++)
        {
            var t = (double[,])m.Clone();
            for (int i = 0; i < 3; i++) t[i, c] = g[i];
            r[c] = Det(t) / det;
        }
        return r;
    }

    private static double Square(double v) => v * v;
    private static readonly Vec3 UnitZ = new(0, 0, 1);

    /// <summary>One lepton's deposits (m, electrons), kept apart from its partner's.</summary>
    private sealed record LeptonDeposits(double[] X, double[] Y, double[] Z, double[] Q)
    {
        public int Count => Q.Length;
        public VoxelGrid Grid(double binM) => new(new ChargeCloud(X, Y, Z, Q), binM);
        /// <summary>The deposits as a track the detector chain reads (the composed pair's truth attached, vertex at the origin).</summary>
        public TrackItem Item(string name, Particle particle, int energyKev, PairTruth truth)
        {
            var pairLog = new InteractionLog();
            pairLog.Add(Vec3.Zero, energyKev * 1e-3);
            return ToItem(name, particle, energyKev, [.. X.Select(v => v * 100)], [.. Y.Select(v => v * 100)], [.. Z.Select(v => v * 100)],
                [.. Q.Select(v => (long)v)], Vec3.Zero, truth.Photon, "pair", pairLog);
        }
        public static LeptonDeposits Merge(LeptonDeposits a, LeptonDeposits b) => new([.. a.X, .. b.X], [.. a.Y, .. b.Y], [.. a.Z, .. b.Z], [.. a.Q, .. b.Q]);
    }

    /// <summary>A toy track along +z from the origin: the direction a Gaussian random walk (variance k per metre, per projection), lateral position at each bin centre (l (i + 1/2)).</summary>
    private static (double[] X, double[] Y) ToyWalk(TrackRandom rng, double k, double lengthM, double binM)
    {
        int bins = (int)Math.Ceiling(lengthM / binM);
        var x = new double[bins]; var y = new double[bins];
        const int sub = 10;
        double h = binM / sub, step = Math.Sqrt(k * h);
        double px = 0, py = 0, tx = 0, ty = 0, s = 0;
        for (int i = 0; i < bins; i++)
        {
            double target = (i + 0.5) * binM;
            while (s < target - 1e-15)
            {
                double dh = Math.Min(h, target - s);
                px += tx * dh; py += ty * dh; s += dh;
                tx += step * Math.Sqrt(dh / h) * rng.NextGaussian(); ty += step * Math.Sqrt(dh / h) * rng.NextGaussian();
            }
            x[i] = px; y[i] = py;
        }
        return (x, y);
    }

    /// <summary>Fit a toy track (or the per-bin centroid of two) measured with Gaussian point error sigma per bin.</summary>
    private static Vec3? FitToy((double[] X, double[] Y) a, (double[] X, double[] Y)? b, TrackRandom rng, double sigma, double binM,
        in MultipleScatteringFit.Track track, ScatteringLimit scattering)
    {
        int n = a.X.Length;
        var x = new double[n]; var y = new double[n]; var z = new double[n]; var q = new double[n];
        for (int i = 0; i < n; i++)
        {
            double cx = a.X[i], cy = a.Y[i];
            if (b is { } bb) { cx = 0.5 * (cx + bb.X[i]); cy = 0.5 * (cy + bb.Y[i]); }
            x[i] = cx + sigma * rng.NextGaussian(); y[i] = cy + sigma * rng.NextGaussian(); z[i] = (i + 0.5) * binM; q[i] = 1;
        }
        var grid = new VoxelGrid(new ChargeCloud(x, y, z, q), binM);
        return MultipleScatteringFit.Fit(grid, Vec3.Zero, UnitZ, track, scattering)?.Direction;
    }

    /// <summary>The composed pair of <see cref="ComposePair"/> (same names and streams), each lepton's deposits (m, electrons) kept apart.</summary>
    private static (LeptonDeposits Minus, LeptonDeposits Plus, PairTruth Truth) ComposeLeptons(TrackGenerator generator, int photonKev, int index)
    {
        var (em, ep, _, _, truth) = ComposedLeptons(generator, photonKev, index);
        return (Cloud(em, truth.ElectronDir), Cloud(ep, truth.PositronDir), truth);

        static LeptonDeposits Cloud(GeneratedTrack g, Vec3 to)
        {
            var r = Rotation(g.InitialDirection, to);
            int n = g.X.Length;
            var x = new double[n]; var y = new double[n]; var z = new double[n]; var q = new double[n];
            for (int i = 0; i < n; i++)
            {
                var p = r(new Vec3(g.X[i] - g.Origin.X, g.Y[i] - g.Origin.Y, g.Z[i] - g.Origin.Z));
                x[i] = p.X * 1e-2; y[i] = p.Y * 1e-2; z[i] = p.Z * 1e-2; q[i] = g.Electrons[i];
            }
            return new LeptonDeposits(x, y, z, q);
        }
    }
}
