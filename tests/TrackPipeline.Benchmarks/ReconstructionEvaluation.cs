using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TrackPipeline.Config;
using TrackPipeline.Drift;
using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Readout;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;
using TrackPipeline.Numerics;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// <c>reconstruction [tracks] [config] [out.md] [count]</c>: the reconstruction stage against the truth, written as the
/// tables of docs/reconstruction.md. Every track goes through drift (1 cm), GAMPixG readout, topology and reconstruction
/// exactly as in a run; the truth is only read afterwards to score. Sets:
///   - fit-length scan: generated electrons, the direction fitted from their true start over several lengths;
///   - composed pairs: a generated electron and positron with a Bethe-Heitler energy share, rotated to chosen
///     directions from one vertex (exact lepton truth: opening angle and energy split);
///   - generated photons whose first interaction is a pair (photon angular resolution);
///   - PENELOPE pair photons >= 10 MeV and electrons >= 1 MeV of the sample;
///   - generated electrons >= 1 MeV (start point and head/tail);
///   - by name only: mcselectrons (the scattering momentum on generated electrons, issue 10 round 8; its sets mcs and mcspenelope went
///     with the options they measured in round 9), eventvertex and eventvertexpenelope (the event vertex of shower-like pairs,
///     issue 10 round 9), eventstability, eventstability10 and eventstabilitypenelope (the same tracks through six detector seeds:
///     how often the chosen vertex changes, the cone vertex's score margins; issue 10 round 10), eventscore and eventscorepenelope
///     (the event vertex's score variants over three / ten detector seeds, issue 10 round 11), pairkinematics (the photon at the
///     truth vertex against the leptons' truth, round 11), stemterms (the stem fit at the truth vertex with one term
///     changed at a time, round 12), stemscatter (the stem's scatter per pitch-long bin about the true line, round 14), stemgap (the stem fit against Bernard's optimum: a Gaussian toy, composed pairs fitted as a stem and as two lines, round 15), stemgapphotons (the same stem on generated pair photons' deposits, round 15), stemgapsplit (the toy with the Bethe-Heitler energy split, round 15), stemjoint (the two leptons as two lines from one vertex, fitted jointly, at the truth vertex, round 15), stemjointphotons (the same on generated pair photons, each lepton's deposits by the generator's truth tag, round 16), stemjointsteps (the run's joint fit at the truth / found vertex with the fork finder's / the tag's split of the pixels, round 17b), penelopetracks (each PENELOPE pair photon at the ten detector seeds, round 12), armmips (the two heaviest pieces of the shell beyond a fitted V's split sphere, in MIPs; issue 9 round 14), falsev (what the
///     false Vs on generated electrons sit on), vertexdiag (one CSV row per rescored vertex candidate, on stdout).
/// </summary>
internal static partial class ReconstructionEvaluation
{
    /// <summary>"closer/differ": of the tracks where two methods' errors differ, in how many <paramref name="a"/> is the smaller.</summary>
    private static string Closer(List<double> a, List<double> b)
    {
        int closer = 0, differ = 0;
        for (int i = 0; i < a.Count; i++)
            if (Math.Abs(a[i] - b[i]) > 1e-9) { differ++; if (a[i] < b[i]) closer++; }
        return string.Create(Ic, $"{closer}/{differ}");
    }

    private static readonly CultureInfo Ic = CultureInfo.InvariantCulture;
    /// <summary>The run seed of the generated sets, drift and readout (20261127 unless the command line gives another, as a check).</summary>
    private static ulong Seed = 20261127;
    private const double DepthM = 0.01;

    /// <param name="detectorSeed">The drift's and readout's seed when it differs from the generation's (<see cref="Seed"/>).</param>
    private sealed class Chain(string configDir, ReconstructionSettings settings, ulong? detectorSeed = null)
    {
        private readonly DetectorChain _detector = DetectorChain.Load(configDir, depthM: DepthM, seed: detectorSeed ?? Seed);
        public DetectorConfig Detector => _detector.Config;
        public readonly TopologySettings Topology = LoadSection<TopologySettings>(configDir, TopologySettings.Section);
        public ReconstructionSettings Settings = settings;

        public TrackItem Run(TrackItem item)
        {
            // Drift, readout, topology and reconstruction as the run chains them (MeasurementChain), with this chain's settings.
            _detector.Process(item);
            foreach (var stage in _detector.Analysis(Topology, Settings)) stage.Process(item, CancellationToken.None);
            return item;
        }

        public void Reconstruct(TrackItem item) => Stage().Process(item, CancellationToken.None);

        /// <summary>Drift and readout only (the pixels), as the run makes them.</summary>
        public TrackItem Detect(TrackItem item) { _detector.Process(item); return item; }

        private ReconstructionStage Stage() =>
            new(Settings, Topology, Detector.Medium.KeVPerCollectedElectron, new TriggeredPixelCloud(Detector.Readout));

        /// <summary>Diagnostic only: the same fit at the truth pair vertex, to separate vertex finding from the fit.</summary>
        public Vec3? AtTruthVertex(TrackItem item) => AtTruthVertexReconstruction(item)?.PhotonDirection;

        /// <summary>The stage's reconstruction of the track's pixels at a given vertex (a variant's, not the run's).</summary>
        public TrackReconstruction? ReconstructAt(TrackItem item, ProngSplit split) =>
            new TriggeredPixelCloud(Detector.Readout).TryGetPixels(item, out var cloud, out var pitch) ? Stage().Reconstruct(cloud, pitch, pitch, split) : null;

        public TrackReconstruction? AtTruthVertexReconstruction(TrackItem item)
        {
            if (!new TriggeredPixelCloud(Detector.Readout).TryGetPixels(item, out var cloud, out var pitch)) return null;
            return Stage().Reconstruct(cloud, pitch, pitch, item.Topology?.Pixels?.AtTruthVertex);
        }
    }

    /// <summary>A section of config/analysis.json, as the run binds it.</summary>
    public static T LoadSection<T>(string configDir, string section)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(configDir, "analysis.json")));
        return doc.RootElement.GetProperty(section).Deserialize<T>()
            ?? throw new InvalidDataException($"analysis.json has no {section} section");
    }

    /// <summary>The set names <see cref="Run"/> knows ("all" = the first nine); a name not here was a silent empty table (breaker19 F5).</summary>
    private static readonly string[] KnownSets =
    [
        "all", "scan", "pairs", "photons", "penelope", "electrons", "vertexscan", "twotrack", "photonfit", "photondir", "vertexdiag", "falsev",
        "apexcluster", "mcselectrons", "eventvertex", "eventvertexpenelope", "eventstability", "eventstability10", "eventstabilitypenelope",
        "pairkinematics", "stemterms", "stemscatter", "armmips", "penelopetracks", "stemgap", "stemgapphotons", "stemgapsplit", "stemjoint",
        "stemjointphotons", "stemjointsteps", "vertexcensus", "eventscore", "eventscorepenelope",
    ];

    /// <summary>The sets that read the PENELOPE tracks folder (the others generate their tracks).</summary>
    private static readonly string[] SetsReadingTracks =
    [
        "all", "penelope", "photondir", "vertexdiag", "eventvertex", "eventvertexpenelope", "eventstability", "eventstability10",
        "eventstabilitypenelope", "armmips", "penelopetracks", "eventscore", "eventscorepenelope",
    ];

    public static int Run(string tracksRoot, string configDir, string outPath, int count, string sets, ulong seed = 20261127)
    {
        var unknown = sets.Split(',').Where(s => !KnownSets.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"reconstruction: unknown set {string.Join(", ", unknown.Select(s => $"'{s}'"))}; the sets are {string.Join(",", KnownSets)}");
            return 2;
        }
        if (sets.Split(',').Any(SetsReadingTracks.Contains) && !Directory.Exists(tracksRoot))
        {
            Console.Error.WriteLine($"reconstruction: tracks folder '{tracksRoot}' does not exist (give the PENELOPE Tracks folder, or set TRACKPIPELINE_DATA)");
            return 2;
        }
        Seed = seed;
        bool Wants(string set) => sets == "all" || sets.Split(',').Contains(set);
        var settings = LoadSection<ReconstructionSettings>(configDir, ReconstructionSettings.Section);
        var chain = new Chain(configDir, settings);
        var generator = new TrackGenerator(GeneratorSettings.Load(configDir));
        var scattering = ScatteringLimit.From(settings);
        double pitchM = chain.Detector.Readout.Fine!.PitchM;
        var md = new StringBuilder();
        var clock = Stopwatch.StartNew();
        md.AppendLine("<!-- generated by: dotnet run --project tests/TrackPipeline.Benchmarks -c Release -- reconstruction -->");
        md.AppendLine(string.Create(Ic, $"Seed {Seed}, {count} generated tracks per energy, GAMPixG pixels ({pitchM * 1e3:G3} mm), drift depth {DepthM * 100:G2} cm."));
        md.AppendLine(string.Create(Ic, $"Reconstruction settings {JsonSerializer.Serialize(settings)}; pair vertex (cone rule): stem {chain.Topology.VertexStemMm} mm, cell {chain.Topology.VertexConeCellMm} mm, rearmost within {chain.Topology.VertexRearReachMm} mm / {chain.Topology.VertexRearWidthMm} mm of the axis; two-track cue {chain.Topology.VertexStemChargeFromMm}-{chain.Topology.VertexStemChargeToMm} mm within {chain.Topology.VertexStemChargeRadiusMm} mm, weight {chain.Topology.VertexTwoTrackWeight}; end density radius {chain.Topology.StartDensityRadiusMm} mm."));
        md.AppendLine();

        if (Wants("scan")) FitLengthScan(md, chain, generator, count);
        if (Wants("pairs")) ComposedPairs(md, chain, generator, count, scattering, pitchM);
        if (Wants("photons")) GeneratedPhotons(md, chain, generator, count, scattering, pitchM);
        if (Wants("penelope")) Penelope(md, chain, tracksRoot, scattering, pitchM);
        if (Wants("electrons")) GeneratedElectrons(md, chain, generator, count);
        if (Wants("vertexscan")) VertexScan(md, chain, generator, count);
        if (Wants("twotrack")) TwoTrackScan(md, chain, generator, count);
        if (Wants("photonfit")) PhotonFitScan(md, chain, generator, count);
        if (Wants("photondir")) PhotonDirectionScan(md, chain, generator, tracksRoot, count);
        if (sets == "vertexdiag") VertexDiagnostic(md, chain, generator, tracksRoot, count);
        if (sets.Split(',').Contains("falsev")) FalseVees(md, chain, generator, count);
        if (sets.Split(',').Contains("apexcluster")) ApexClusters(md, chain, generator, count);
        if (sets.Split(',').Contains("mcselectrons")) MomentumOnElectrons(md, chain, generator, count);
        if (sets.Split(',').Contains("eventvertex")) EventVertexScan(md, chain, generator, tracksRoot, count, penelope: false);
        if (sets.Split(',').Contains("eventvertexpenelope")) EventVertexScan(md, chain, generator, tracksRoot, count, penelope: true);
        if (sets.Split(',').Contains("eventstability")) EventStability(md, configDir, settings, generator, tracksRoot, count, penelope: false);
        if (sets.Split(',').Contains("eventstability10")) EventStability(md, configDir, settings, generator, tracksRoot, count, penelope: false, [10000, 20000]);
        if (sets.Split(',').Contains("eventstabilitypenelope")) EventStability(md, configDir, settings, generator, tracksRoot, count, penelope: true);
        if (sets.Split(',').Contains("pairkinematics")) PairKinematics(md, chain, generator, count, scattering, pitchM);
        if (sets.Split(',').Contains("stemterms")) StemTerms(md, chain, generator, count, scattering, pitchM);
        if (sets.Split(',').Contains("stemscatter")) StemScatter(md, chain, generator, count, scattering, pitchM);
        if (sets.Split(',').Contains("armmips")) ArmMipsStudy(md, configDir, settings, generator, tracksRoot, count, ["T1332284855", "T1332161300"]);
        if (sets.Split(',').Contains("penelopetracks")) PenelopeTracks(md, configDir, settings, tracksRoot);
        if (sets.Split(',').Contains("stemgap")) StemGap(md, chain, configDir, count, pitchM);
        if (sets.Split(',').Contains("stemgapphotons")) StemGapPhotons(md, chain, generator, count, pitchM);
        if (sets.Split(',').Contains("stemgapsplit")) StemGapSplit(md, chain, count, pitchM);
        if (sets.Split(',').Contains("stemjoint")) StemJoint(md, chain, count, pitchM, configDir);
        if (sets.Split(',').Contains("stemjointphotons")) StemJoint(md, chain, count, pitchM, configDir, generated: true);
        if (sets.Split(',').Contains("stemjointsteps")) StemJointSteps(md, chain, generator, count);
        if (sets.Split(',').Contains("vertexcensus")) VertexCensus(md, chain, generator, count);
        // Round 11: the event vertex's score variants over detector seeds, without round 10's per-draw dump.
        if (sets.Split(',').Contains("eventscore")) EventStability(md, configDir, settings, generator, tracksRoot, count, penelope: false, [20000, 50000], diagnose: false, detectorSeeds: [Seed, 1, 2]);
        if (sets.Split(',').Contains("eventscorepenelope")) EventStability(md, configDir, settings, generator, tracksRoot, count, penelope: true, diagnose: false, detectorSeeds: [Seed, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        md.AppendLine(string.Create(Ic, $"Evaluation time {clock.Elapsed.TotalSeconds:F0} s (2 shared cores, under load)."));

        Console.Write(md.ToString());
        var tmp = outPath + ".tmp";
        File.WriteAllText(tmp, md.ToString());
        File.Move(tmp, outPath, overwrite: true);
        return 0;
    }

    // ---- sets -------------------------------------------------------------------------------------------------

    /// <summary>Median angle between the true initial direction and the line fitted from the true start over L, per L and energy.</summary>
    /// <summary>The pixels' clusters, the main cluster's grid at the pitch and its unpruned skeleton: what the cone vertex searches.</summary>
    private static (ConnectedClusters Clusters, VoxelGrid Main, Skeleton Skeleton) MainClusterSkeleton(ChargeCloud cloud, double pitch)
    {
        var map = new int[cloud.Count];
        var clusters = new ConnectedClusters(new VoxelGrid(cloud, pitch, map));
        var main = ShapeAnalysis.MainClusterGrid(cloud, map, clusters, pitch);
        return (clusters, main, new Skeleton(main, Enumerable.Range(0, main.Count).ToArray(), 0));
    }

    private static void FitLengthScan(StringBuilder md, Chain chain, TrackGenerator generator, int count)
    {
        double[] lengthsMm = [1, 2, 3, 4, 6, 8, 12];
        int[] energiesKev = [2500, 5000, 10000, 25000];
        md.AppendLine("### Fit-length scan (generated electrons, line through the true start, pixels)");
        md.AppendLine();
        md.AppendLine("| T (MeV) | " + string.Join(" | ", lengthsMm.Select(l => string.Create(Ic, $"L = {l} mm"))) + " |");
        md.AppendLine("|---|" + string.Concat(lengthsMm.Select(_ => "---|")));
        foreach (var e in energiesKev)
        {
            var errors = lengthsMm.Select(_ => new List<double>()).ToArray();
            foreach (var item in Generate(generator, Particle.Electron, e, count, "scan"))
            {
                chain.Run(item);
                var px = item.Readout?.Pixels;
                if (px is null || px.Count == 0) continue;
                var truth = item.RequireTrack().RequireTruth();
                for (int k = 0; k < lengthsMm.Length; k++)
                {
                    var line = new AnchoredLine(truth.Origin);
                    for (int i = 0; i < px.Count; i++)
                    {
                        var p = new Vec3(px.X[i], px.Y[i], px.Z[i]);
                        if ((p - truth.Origin).Length <= lengthsMm[k] * 1e-3) line.Add(p, px.ChargeE[i]);
                    }
                    if (line.Points > 0) errors[k].Add(AngleDeg(line.Direction, truth.InitialDirection));
                }
            }
            md.AppendLine(string.Create(Ic, $"| {e / 1000.0:G3} | ") + string.Join(" | ", errors.Select(l => F(Quantile(l, 0.5)))) + " |");
        }
        md.AppendLine();
    }

    private sealed record PairTruth(double ElectronKev, double PositronKev, Vec3 ElectronDir, Vec3 PositronDir, Vec3 Photon);

    private static void ComposedPairs(StringBuilder md, Chain chain, TrackGenerator generator, int count, ScatteringLimit scattering, double pitchM)
    {
        md.AppendLine("### Composed pairs (generated e- + e+ from one vertex; exact lepton truth)");
        md.AppendLine();
        md.AppendLine("| E_gamma (MeV) | pairs | 2 prongs found | opening angle error, median (deg) | 68 % (deg) | |x_soft error| median, prong+brem | same, prong charge only | 68 % prong+brem | photon angle median (deg) | 68 % (deg) | MS-limited median (deg) | vertex error median (mm) | vertex within 3 mm / downstream > 5 mm / elsewhere | photon angle median at the truth vertex (diagnostic) | 68 % at the truth vertex | V seen (reco_pair_found) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var e in new[] { 10000, 20000, 50000 })
        {
            var opening = new List<double>(); var split = new List<double>(); var prongOnly = new List<double>(); var photon = new List<double>();
            var vertex = new List<double>(); var atTruth = new List<double>();
            int n = 0, found = 0, near = 0, downstream = 0, elsewhere = 0, seen = 0;
            for (int t = 0; t < count; t++)
            {
                var (item, truth) = ComposePair(generator, e, t);
                chain.Run(item);
                n++;
                if (PairFound(item)) seen++;
                if (item.Topology?.Pixels?.AtPairVertex is { } at)
                {
                    if (at.Vertex.Length <= 3e-3) near++;
                    else if (at.Vertex.Dot(truth.Photon.Normalized()) > 5e-3) downstream++;
                    else elsewhere++;
                }
                var pair = item.Reconstruction?.Pair;
                if (item.Reconstruction?.PhotonDirection is { } dir) photon.Add(AngleDeg(dir, truth.Photon));
                if (chain.AtTruthVertex(item) is { } t0) atTruth.Add(AngleDeg(t0, truth.Photon));
                if (item.Topology?.Pixels?.AtPairVertex is { } v) vertex.Add(v.Vertex.Length * 1e3);   // the composed vertex is the origin
                if (pair is null) continue;
                found++;
                opening.Add(Math.Abs(pair.OpeningAngleDeg - AngleDeg(truth.ElectronDir, truth.PositronDir)));
                double xTrue = Math.Min(truth.ElectronKev, truth.PositronKev) / (truth.ElectronKev + truth.PositronKev);
                split.Add(Math.Abs(pair.B.EnergyKev / (pair.A.EnergyKev + pair.B.EnergyKev) - xTrue));
                double pa = pair.A.ProngEnergyKev, pb = pair.B.ProngEnergyKev;
                prongOnly.Add(Math.Abs(Math.Min(pa, pb) / (pa + pb) - xTrue));
            }
            md.AppendLine(string.Create(Ic, $"| {e / 1000} | {n} | {found} | {F(Quantile(opening, 0.5))} | {F(Quantile(opening, 0.68))} | {F(Quantile(split, 0.5), 3)} | {F(Quantile(prongOnly, 0.5), 3)} | {F(Quantile(split, 0.68), 3)} | {F(Quantile(photon, 0.5))} | {F(Quantile(photon, 0.68))} | {F(MsLimitMedianDeg(scattering, e, pitchM))} | {F(Quantile(vertex, 0.5))} | {near} / {downstream} / {elsewhere} | {F(Quantile(atTruth, 0.5))} | {F(Quantile(atTruth, 0.68))} | {seen} |"));
        }
        md.AppendLine();
    }

    /// <summary>
    /// Diagnostic (truth read after the run): for every pair whose cone vertex lies downstream of the truth by more than
    /// 5 mm, which pixel cluster holds the truth vertex (the cluster of the nearest pixel voxel within 3 mm), its rank by
    /// charge and its charge fraction: whether candidates from more clusters could reach the apex at all.
    /// </summary>
    private static void ApexClusters(StringBuilder md, Chain chain, TrackGenerator generator, int count)
    {
        md.AppendLine("### Far-end misses: the cluster holding the truth vertex");
        md.AppendLine();
        md.AppendLine("| set | E (MeV) | tracks | downstream > 5 mm | apex in the main cluster | in clusters 2-4 with >= 5 % | in clusters 2-4 with < 5 % | in a cluster ranked 5 or lower | no pixel within 3 mm | fractions of the apex clusters outside the main one |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var e in new[] { 20000, 50000 })
        {
            var composed = new List<(TrackItem, Vec3 Vertex, Vec3 Photon)>();
            for (int t = 0; t < count; t++) { var (item, truth) = ComposePair(generator, e, t); composed.Add((chain.Run(item), Vec3.Zero, truth.Photon)); }
            var photons = new List<(TrackItem, Vec3 Vertex, Vec3 Photon)>();
            foreach (var item in Generate(generator, Particle.Photon, e, count, "photons"))
                if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth && truth.Pair.Count > 0) photons.Add((chain.Run(item), truth.Pair.Positions[0], truth.InitialDirection));
            foreach (var (set, items) in new[] { ("composed pairs", composed), ("generated photons", photons) })
            {
                int downstream = 0, main = 0, bigOther = 0, smallOther = 0, far = 0, none = 0;
                var fractions = new List<string>();
                foreach (var (item, vertex, photon) in items)
                {
                    if (item.Topology?.Pixels?.AtPairVertex is not { } at) continue;
                    var miss = at.Vertex - vertex;
                    if (!(miss.Length > 3e-3 && miss.Dot(photon.Normalized()) > 5e-3)) continue;
                    downstream++;
                    if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch)) continue;
                    var grid = new VoxelGrid(cloud, pitch, new int[cloud.Count]);
                    var clusters = new ConnectedClusters(grid);
                    int nearest = -1; double best = 3e-3;
                    for (int v = 0; v < grid.Count; v++)
                        if ((grid.Centroid(v) - vertex).Length is var d && d < best) { best = d; nearest = v; }
                    if (nearest < 0) { none++; continue; }
                    int c = clusters.ClusterOf[nearest];
                    double fraction = clusters.Charge[c] / grid.TotalCharge();
                    if (c == 0) main++;
                    else if (c >= 4) far++;
                    else if (fraction >= 0.05) bigOther++;
                    else smallOther++;
                    if (c > 0) fractions.Add(string.Create(Ic, $"{fraction:F3} (#{c + 1})"));
                    Console.WriteLine(string.Create(Ic, $"apexcluster;{set};{e / 1000};{item.Source.Name};miss {miss.Length * 1e3:F1} mm;apex cluster #{c + 1} of {clusters.Count};fraction {fraction:F3};main {clusters.Charge[0] / grid.TotalCharge():F3}"));
                }
                md.AppendLine(string.Create(Ic, $"| {set} | {e / 1000} | {items.Count} | {downstream} | {main} | {bigOther} | {smallOther} | {far} | {none} | {string.Join(", ", fractions)} |"));
            }
        }
        md.AppendLine();
    }

    /// <summary>The classifier's <c>reco_pair_found</c>: two prongs fitted at the cone vertex or a two-track stem there.</summary>
    private static bool PairFound(TrackItem item) => item.Reconstruction?.Pair is not null || item.Topology?.Pixels?.AtPairVertex is { TwoTrackStem: true };

    private static void GeneratedPhotons(StringBuilder md, Chain chain, TrackGenerator generator, int count, ScatteringLimit scattering, double pitchM)
    {
        md.AppendLine("### Generated photons whose first interaction is a pair");
        md.AppendLine();
        PhotonTableHeader(md);
        var all = new List<TrackItem>();
        foreach (var e in new[] { 10000, 20000, 50000 })
        {
            var items = Generate(generator, Particle.Photon, e, count, "photons").Where(i => i.RequireTrack().RequireTruth().FirstInteraction == "pair").ToList();
            foreach (var item in items) chain.Run(item);
            PhotonRow(md, chain, e, items, scattering, pitchM);
            all.AddRange(items);
        }
        md.AppendLine();
        md.AppendLine("Same photons, the two leptons against the generator's truth (first pair vertex; only where two prongs were found):");
        md.AppendLine();
        md.AppendLine("| E (MeV) | pairs with 2 prongs | opening angle error median (deg) | 68 % (deg) | |x_soft error| median | 68 % | photon angle median at the truth vertex (diagnostic, deg) |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var g in all.GroupBy(i => i.Source.EnergyKev))
        {
            var opening = new List<double>(); var split = new List<double>(); var atTruth = new List<double>();
            foreach (var item in g)
            {
                var truth = item.RequireTrack().RequireTruth();
                if (chain.AtTruthVertex(item) is { } t0) atTruth.Add(AngleDeg(t0, truth.InitialDirection));
                if (item.Reconstruction?.Pair is not { } pair || truth.PairLeptons.Count == 0) continue;
                var l = truth.PairLeptons[0];
                opening.Add(Math.Abs(pair.OpeningAngleDeg - AngleDeg(l.ElectronDirection, l.PositronDirection)));
                double xTrue = Math.Min(l.ElectronEnergyKev, l.PositronEnergyKev) / (l.ElectronEnergyKev + l.PositronEnergyKev);
                split.Add(Math.Abs(pair.B.EnergyKev / (pair.A.EnergyKev + pair.B.EnergyKev) - xTrue));
            }
            md.AppendLine(string.Create(Ic, $"| {g.Key / 1000} | {opening.Count} | {F(Quantile(opening, 0.5))} | {F(Quantile(opening, 0.68))} | {F(Quantile(split, 0.5), 3)} | {F(Quantile(split, 0.68), 3)} | {F(Quantile(atTruth, 0.5))} |"));
        }
        md.AppendLine();
    }

    private static void Penelope(StringBuilder md, Chain chain, string tracksRoot, ScatteringLimit scattering, double pitchM)
    {
        var sources = DatasetDiscovery.Discover(tracksRoot).ToList();
        var photons = new List<TrackItem>();
        var electrons = new List<TrackItem>();
        foreach (var s in sources)
        {
            bool pairPhoton = s.Particle == "photons" && s.EnergyKev >= 10000;
            bool electron = s.Particle == "electrons" && s.EnergyKev >= 1000;
            if (!pairPhoton && !electron) continue;
            var item = new TrackItem(s) { Track = TrackReader.Read(s) };
            if (pairPhoton && item.RequireTrack().RequireTruth().FirstInteraction != "pair") continue;
            chain.Run(item);
            (pairPhoton ? photons : electrons).Add(item);
        }
        md.AppendLine("### PENELOPE sample: photons >= 10 MeV whose first interaction is a pair");
        md.AppendLine();
        PhotonTableHeader(md);
        foreach (var g in photons.GroupBy(i => i.Source.EnergyKev).OrderBy(g => g.Key)) PhotonRow(md, chain, g.Key, g.ToList(), scattering, pitchM);
        md.AppendLine();
        md.AppendLine("### PENELOPE sample: electrons >= 1 MeV");
        md.AppendLine();
        ElectronTable(md, electrons);
    }

    private static void GeneratedElectrons(StringBuilder md, Chain chain, TrackGenerator generator, int count)
    {
        md.AppendLine("### Generated electrons >= 1 MeV");
        md.AppendLine();
        var all = new List<TrackItem>();
        foreach (var e in new[] { 1000, 3000, 10000 })
        {
            var items = Generate(generator, Particle.Electron, e, count, "electrons");
            foreach (var item in items) chain.Run(item);
            all.AddRange(items);
        }
        ElectronTable(md, all);
    }

    /// <summary>
    /// The cone vertex's two lengths scanned on generated pairs (the tuning set; PENELOPE is never used to choose):
    /// median distance to the truth vertex and the fraction within 1 and 3 mm, per energy, against the best any
    /// skeleton end could do (the end nearest the truth vertex); then the photon line's length, fitted at the vertex the
    /// pipeline found (default settings) and, as a diagnostic, at the truth vertex.
    /// </summary>
    private static void VertexScan(StringBuilder md, Chain chain, TrackGenerator generator, int count)
    {
        double[] stems = [4, 6, 10, 15];
        double[] cellsMm = [2, 3, 5];
        double[] lines = [3, 4, 6, 10, 15];
        var lineRows = new StringBuilder();
        md.AppendLine("### Cone vertex: stem length and cell scan (composed pairs + generated pair photons; before the move to the rearmost charge)");
        md.AppendLine();
        md.AppendLine("| E (MeV) | tracks | stem (mm) | cell (mm) | vertex error median (mm) | within 1 mm | within 3 mm | nearest skeleton end to the truth vertex, median (mm) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var e in new[] { 10000, 20000, 50000 })
        {
            var items = new List<(TrackItem Item, Vec3 Vertex, Vec3 Photon)>();
            for (int t = 0; t < count; t++) { var (item, truth) = ComposePair(generator, e, t); items.Add((chain.Run(item), Vec3.Zero, truth.Photon)); }
            foreach (var item in Generate(generator, Particle.Photon, e, count, "photons"))
            {
                if (item.RequireTrack().Truth is not { FirstInteraction: "pair" } truth) continue;
                items.Add((chain.Run(item), truth.Pair.Positions[0], truth.InitialDirection));
            }
            var errors = new List<double>[stems.Length, cellsMm.Length];
            for (int a = 0; a < stems.Length; a++) for (int b = 0; b < cellsMm.Length; b++) errors[a, b] = [];
            var nearest = new List<double>(); var vertexFound = new List<double>();
            var atFound = lines.Select(_ => new List<double>()).ToArray();
            var atTruth = lines.Select(_ => new List<double>()).ToArray();
            var scattering = ScatteringLimit.From(chain.Settings);
            foreach (var (item, truthVertex, photon) in items)
            {
                if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch)) continue;
                var (clusters, main, skeleton) = MainClusterSkeleton(cloud, pitch);
                nearest.Add(skeleton.Endpoints.Count == 0 ? double.PositiveInfinity : skeleton.Endpoints.Min(n => (skeleton.Nodes[n] - truthVertex).Length) * 1e3);
                for (int a = 0; a < stems.Length; a++)
                    for (int b = 0; b < cellsMm.Length; b++)
                    {
                        var best = PairVertex.Find(main, skeleton, clusters, stems[a] * 1e-3, cellsMm[b] * 1e-3);
                        errors[a, b].Add(best is { } c ? (c.Position - truthVertex).Length * 1e3 : double.PositiveInfinity);
                    }
                var found = item.Topology?.Pixels?.AtPairVertex?.Vertex;
                vertexFound.Add(found is { } f0 ? (f0 - truthVertex).Length * 1e3 : double.PositiveInfinity);
                double energyKev = main.TotalCharge() * chain.Detector.Medium.KeVPerCollectedElectron;
                for (int k = 0; k < lines.Length; k++)
                {
                    if (found is { } f && VertexLine.Fit(main, f, lines[k] * 1e-3, energyKev, pitch, scattering) is { } lf) atFound[k].Add(AngleDeg(lf.Direction, photon));
                    else atFound[k].Add(180);
                    if (VertexLine.Fit(main, truthVertex, lines[k] * 1e-3, energyKev, pitch, scattering) is { } lt) atTruth[k].Add(AngleDeg(lt.Direction, photon));
                }
            }
            for (int a = 0; a < stems.Length; a++)
                for (int b = 0; b < cellsMm.Length; b++)
                {
                    var l = errors[a, b];
                    md.AppendLine(string.Create(Ic, $"| {e / 1000} | {l.Count} | {stems[a]} | {cellsMm[b]} | {F(Quantile(l, 0.5))} | {100.0 * l.Count(x => x <= 1) / Math.Max(1, l.Count):F0} % | {100.0 * l.Count(x => x <= 3) / Math.Max(1, l.Count):F0} % | {F(Quantile(nearest, 0.5))} |"));
                }
            lineRows.AppendLine(string.Create(Ic, $"| {e / 1000} | {vertexFound.Count} | {F(Quantile(vertexFound, 0.5))} | {100.0 * vertexFound.Count(x => x <= 3) / Math.Max(1, vertexFound.Count):F0} % | ") +
                string.Join(" | ", lines.Select((l, k) => F(Quantile(atFound[k], 0.5)))) + " | " + string.Join(" | ", lines.Select((l, k) => F(Quantile(atTruth[k], 0.5)))) + " |");
        }
        md.AppendLine();
        md.AppendLine("Photon line length (same tracks; median photon angle, deg; the pipeline's vertex with the shipped settings, then the truth vertex as a diagnostic):");
        md.AppendLine();
        md.AppendLine("| E (MeV) | tracks | vertex error median (mm) | within 3 mm | " + string.Join(" | ", lines.Select(l => string.Create(Ic, $"found, L = {l} mm"))) + " | " + string.Join(" | ", lines.Select(l => string.Create(Ic, $"truth, L = {l} mm"))) + " |");
        md.AppendLine("|---|---|---|---|" + string.Concat(lines.Select(_ => "---|---|")));
        md.Append(lineRows);
        md.AppendLine();
    }


    /// <summary>
    /// The two-track cue's weight and stretch of stem scanned on generated pairs (composed pairs + generated pair photons,
    /// the tuning set): the two-pass cone search of the pipeline with each cue (weight 0 = the cone alone), distance from
    /// the chosen end to the truth vertex (before the move to the rearmost charge).
    /// </summary>
    private static void TwoTrackScan(StringBuilder md, Chain chain, TrackGenerator generator, int count)
    {
        double[] weights = [0, 0.1, 0.2, 0.3, 0.4, 0.6];
        (double From, double To)[] stretches = [(0.5, 3.5), (1.5, 4.5), (1.5, 6.5)];
        var t = chain.Topology;
        md.AppendLine("### Two-track cue: weight and stretch of stem (composed pairs + generated pair photons; chosen end before the move to the rearmost charge)");
        md.AppendLine();
        md.AppendLine("| E (MeV) | tracks | stem stretch (mm) | " + string.Join(" | ", weights.Select(w => string.Create(Ic, $"w = {w}: median (mm) / within 3 mm"))) + " |");
        md.AppendLine("|---|---|---|" + string.Concat(weights.Select(_ => "---|")));
        foreach (var e in new[] { 10000, 20000, 50000 })
        {
            var items = new List<(TrackItem Item, Vec3 Vertex)>();
            for (int k = 0; k < count; k++) { var (item, _) = ComposePair(generator, e, k); items.Add((chain.Run(item), Vec3.Zero)); }
            foreach (var item in Generate(generator, Particle.Photon, e, count, "photons"))
                if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth) items.Add((chain.Run(item), truth.Pair.Positions[0]));
            var errors = new List<double>[stretches.Length, weights.Length];
            for (int a = 0; a < stretches.Length; a++) for (int b = 0; b < weights.Length; b++) errors[a, b] = [];
            foreach (var (item, truthVertex) in items)
            {
                if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch)) continue;
                var (clusters, main, skeleton) = MainClusterSkeleton(cloud, pitch);
                for (int a = 0; a < stretches.Length; a++)
                    for (int b = 0; b < weights.Length; b++)
                    {
                        var cue = new PairVertex.TwoTrackCue(stretches[a].From * 1e-3, stretches[a].To * 1e-3, t.VertexStemChargeRadiusMm * 1e-3, t.VertexMipElectronsPerMm * 1e3, weights[b]);
                        var best = PairVertex.Find(main, skeleton, clusters, t.VertexStemMm * 1e-3, t.VertexConeCellMm * 1e-3, t.VertexConeCoarseCellMm * 1e-3, t.VertexConeRescored, cue);
                        errors[a, b].Add(best is { } c ? (c.Position - truthVertex).Length * 1e3 : double.PositiveInfinity);
                    }
            }
            for (int a = 0; a < stretches.Length; a++)
                md.AppendLine(string.Create(Ic, $"| {e / 1000} | {errors[a, 0].Count} | {stretches[a].From}-{stretches[a].To} | ") +
                    string.Join(" | ", Enumerable.Range(0, weights.Length).Select(b => string.Create(Ic, $"{F(Quantile(errors[a, b], 0.5))} / {100.0 * errors[a, b].Count(x => x <= 3) / Math.Max(1, errors[a, b].Count):F0} %"))) + " |");
        }
        md.AppendLine();
    }

    /// <summary>
    /// The photon refit's length and corridor scanned on generated pairs (composed pairs + generated pair photons, the
    /// tuning set): median photon angle at the vertex the pipeline found and, as a diagnostic, at the truth vertex, for the
    /// short line alone (length 0) and the scattering-weighted refit over each length.
    /// </summary>
    private static void PhotonFitScan(StringBuilder md, Chain chain, TrackGenerator generator, int count)
    {
        double[] lengths = [0, 10, 20, 30, 50];
        double[] corridors = [1.0, 1.5, 2.5];
        var baseSettings = chain.Settings;
        md.AppendLine("### Photon refit: length and corridor scan (composed pairs + generated pair photons; median photon angle, deg)");
        md.AppendLine();
        md.AppendLine("| E (MeV) | tracks | corridor (mm) | " + string.Join(" | ", lengths.Select(l => l == 0 ? "found, 6 mm line only" : string.Create(Ic, $"found, L = {l} mm"))) + " | " +
            string.Join(" | ", lengths.Select(l => l == 0 ? "truth, 6 mm line only" : string.Create(Ic, $"truth, L = {l} mm"))) + " |");
        md.AppendLine("|---|---|---|" + string.Concat(lengths.Select(_ => "---|---|")));
        foreach (var e in new[] { 10000, 20000, 50000 })
        {
            var items = new List<(TrackItem Item, Vec3 Photon)>();
            for (int t = 0; t < count; t++) { var (item, truth) = ComposePair(generator, e, t); items.Add((chain.Run(item), truth.Photon)); }
            foreach (var item in Generate(generator, Particle.Photon, e, count, "photons"))
                if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth) items.Add((chain.Run(item), truth.InitialDirection));
            foreach (var corridor in corridors)
            {
                var found = lengths.Select(_ => new List<double>()).ToArray();
                var atTruth = lengths.Select(_ => new List<double>()).ToArray();
                for (int k = 0; k < lengths.Length; k++)
                {
                    chain.Settings = Clone(baseSettings, lengths[k], corridor);
                    foreach (var (item, photon) in items)
                    {
                        chain.Reconstruct(item);
                        found[k].Add(item.Reconstruction?.PhotonDirection is { } d ? AngleDeg(d, photon) : 180);
                        if (chain.AtTruthVertex(item) is { } t0) atTruth[k].Add(AngleDeg(t0, photon));
                    }
                }
                md.AppendLine(string.Create(Ic, $"| {e / 1000} | {items.Count} | {corridor} | ") + string.Join(" | ", found.Select(l => F(Quantile(l, 0.5)))) + " | " +
                    string.Join(" | ", atTruth.Select(l => F(Quantile(l, 0.5)))) + " |");
            }
        }
        chain.Settings = baseSettings;
        md.AppendLine();

        static ReconstructionSettings Clone(ReconstructionSettings s, double length, double corridor)
        {
            var c = JsonSerializer.Deserialize<ReconstructionSettings>(JsonSerializer.Serialize(s))!;
            c.PhotonFitLengthMm = length;
            c.PhotonFitCorridorMm = corridor;
            c.PhotonFit = "diagonal";    // this scan is the diagonal fit's
            return c;
        }
    }

    /// <summary>
    /// The photon estimators at a given vertex (issue 10): the stem with diagonal scattering weights (the earlier shipped
    /// fit), the stem with the full scattering covariance, and each lepton fitted with the full covariance and combined by
    /// energy, over several fitted lengths and vertex errors; median and 68 % photon angle at the vertex found and at the
    /// truth vertex, for composed pairs, generated pair photons (the tuning sets) and PENELOPE pair photons (evaluated only).
    /// The PENELOPE tracks are also listed one by one on the console.
    /// </summary>
    private static void PhotonDirectionScan(StringBuilder md, Chain chain, TrackGenerator generator, string tracksRoot, int count)
    {
        var baseSettings = chain.Settings;
        var variants = new List<(string Name, ReconstructionSettings Settings)>();
        variants.Add(("diagonal stem (20 mm)", With("diagonal", 0, 0.5)));
        foreach (var l in new double[] { 5, 10, 20, 40 }) variants.Add((string.Create(Ic, $"stem, L = {l} mm"), With("stem", l, 0.5)));
        foreach (var v in new double[] { 0.25, 1.0, 1e9 }) variants.Add((string.Create(Ic, $"stem, L = 20 mm, vertex sigma {(v > 1e6 ? "free" : v.ToString(Ic))} mm"), With("stem", 20, v)));
        foreach (var l in new double[] { 5, 20 }) variants.Add((string.Create(Ic, $"leptons, L = {l} mm"), With("leptons", l, 0.5)));
        variants.Add(("leptons, L = 20 mm, vertex sigma 1 mm", With("leptons", 20, 1.0)));

        var sets = new List<(string Set, int EnergyKev, List<(TrackItem Item, Vec3 Photon)> Items)>();
        foreach (var e in new[] { 10000, 20000, 50000 })
        {
            var pairs = new List<(TrackItem, Vec3)>();
            for (int t = 0; t < count; t++) { var (item, truth) = ComposePair(generator, e, t); pairs.Add((chain.Run(item), truth.Photon)); }
            sets.Add(("composed pairs", e, pairs));
            var photons = new List<(TrackItem, Vec3)>();
            foreach (var item in Generate(generator, Particle.Photon, e, count, "photons"))
                if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth) photons.Add((chain.Run(item), truth.InitialDirection));
            sets.Add(("generated photons", e, photons));
        }
        foreach (var g in DatasetDiscovery.Discover(tracksRoot).Where(s => s.Particle == "photons" && s.EnergyKev >= 10000).GroupBy(s => s.EnergyKev).OrderBy(g => g.Key))
        {
            var items = new List<(TrackItem, Vec3)>();
            foreach (var src in g)
            {
                var item = new TrackItem(src) { Track = TrackReader.Read(src) };
                if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth) items.Add((chain.Run(item), truth.InitialDirection));
            }
            sets.Add(("PENELOPE", g.Key, items));
        }

        md.AppendLine("### Photon direction at a given vertex: estimators (median / 68 % photon angle, deg; found vertex, then truth vertex; in brackets: tracks brought closer to the truth than by the diagonal stem / tracks changed)");
        md.AppendLine();
        md.AppendLine("| set | E (MeV) | tracks | MS-limited median / 68 % | " + string.Join(" | ", variants.Select(v => v.Name + ": found | truth")) + " |");
        md.AppendLine("|---|---|---|---|" + string.Concat(variants.Select(_ => "---|---|")));
        var scattering = ScatteringLimit.From(baseSettings);
        double pitchM = chain.Detector.Readout.Fine!.PitchM;
        foreach (var (set, e, items) in sets)
        {
            var cells = new List<string>();
            List<double>? baseFound = null, baseTruth = null;
            foreach (var (name, settings) in variants)
            {
                chain.Settings = settings;
                var found = new List<double>(); var truth = new List<double>();
                foreach (var (item, photon) in items)
                {
                    chain.Reconstruct(item);
                    double a = item.Reconstruction?.PhotonDirection is { } d ? AngleDeg(d, photon) : 180;
                    var atTruth = chain.AtTruthVertexReconstruction(item);
                    double t = atTruth?.PhotonDirection is { } t0 ? AngleDeg(t0, photon) : 180;
                    found.Add(a); truth.Add(t);
                    if (set == "PENELOPE")
                        Console.WriteLine(string.Create(Ic, $"penelope;{name};{item.Source.Name};{e / 1000};{item.Reconstruction?.PhotonMethod};{atTruth?.PhotonMethod};{a:F1};{t:F1};{VertexError(item):F1}"));
                }
                baseFound ??= found; baseTruth ??= truth;
                // Paired with the first variant (the diagonal stem): the share of tracks this one brings closer.
                cells.Add($"{F(Quantile(found, 0.5))} / {F(Quantile(found, 0.68))} ({Closer(found, baseFound)}) | {F(Quantile(truth, 0.5))} / {F(Quantile(truth, 0.68))} ({Closer(truth, baseTruth)})");
            }
            double limit = MsLimitMedianDeg(scattering, e, pitchM);
            md.AppendLine(string.Create(Ic, $"| {set} | {e / 1000} | {items.Count} | {F(limit)} / {F(limit / MedianPerSigma * Containment68PerSigma)} | ") + string.Join(" | ", cells) + " |");
        }
        chain.Settings = baseSettings;
        md.AppendLine();

        ReconstructionSettings With(string method, double lengthMm, double vertexSigmaMm)
        {
            var c = JsonSerializer.Deserialize<ReconstructionSettings>(JsonSerializer.Serialize(baseSettings))!;
            c.PhotonFit = method;
            c.LeptonScatteringFitLengthMm = lengthMm;
            c.VertexSigmaMm = vertexSigmaMm;
            return c;
        }


        static double VertexError(TrackItem item) =>
            item.Topology?.Pixels?.AtPairVertex is { } v && item.RequireTrack().RequireTruth().Pair.Count > 0
                ? (v.Vertex - item.RequireTrack().RequireTruth().Pair.Positions[0]).Length * 1e3 : double.NaN;
    }

    /// <summary>
    /// Per-candidate dump of the cone vertex (CSV on the console, for studies): for generated pair photons, composed pairs
    /// and PENELOPE pair photons, the 24 ends the two-pass search rescores, with their fine cone score, distance to the
    /// truth vertex and the charge per mm along their stem (1 mm bins, cylinder of 1.5 mm, in MIP units).
    /// </summary>
    private static void VertexDiagnostic(StringBuilder md, Chain chain, TrackGenerator generator, string tracksRoot, int count)
    {
        var items = new List<(string Set, TrackItem Item, Vec3 Vertex, Vec3 Photon)>();
        foreach (var s in DatasetDiscovery.Discover(tracksRoot))
        {
            if (s.Particle != "photons" || s.EnergyKev < 10000) continue;
            var item = new TrackItem(s) { Track = TrackReader.Read(s) };
            var truth = item.RequireTrack().RequireTruth();
            if (truth.FirstInteraction != "pair") continue;
            items.Add(("penelope", item, truth.Pair.Positions[0], truth.InitialDirection));
        }
        foreach (var e in new[] { 10000, 20000, 50000 })
        {
            foreach (var item in Generate(generator, Particle.Photon, e, count, "photons"))
                if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth) items.Add(("photons", item, truth.Pair.Positions[0], truth.InitialDirection));
            for (int t = 0; t < count; t++) { var (item, truth) = ComposePair(generator, e, t); items.Add(("pairs", item, Vec3.Zero, truth.Photon)); }
        }
        double mipPerMm = 212.0 / chain.Detector.Medium.KeVPerCollectedElectron;   // 2.12 MeV/cm
        Console.WriteLine("set,name,e,node,coarse,fine,d_mm,stem_angle,chosen_err_mm,chosen_along_mm,along_mm,lateral_rms_mm,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9");
        foreach (var (set, item, tv, photon) in items)
        {
            chain.Run(item);
            if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch)) continue;
            var (clusters, main, skeleton) = MainClusterSkeleton(cloud, pitch);
            var coarse = PairVertex.Score(main, skeleton, clusters, chain.Topology.VertexStemMm * 1e-3, chain.Topology.VertexConeCoarseCellMm * 1e-3)
                .OrderByDescending(c => c.Forward).Take(chain.Topology.VertexConeRescored).ToList();
            var fine = PairVertex.Score(main, skeleton, clusters, chain.Topology.VertexStemMm * 1e-3, chain.Topology.VertexConeCellMm * 1e-3).ToDictionary(c => c.Node);
            var found = item.Topology?.Pixels?.AtPairVertex?.Vertex;
            double chosen = found is { } f ? (f - tv).Length * 1e3 : -1;
            double chosenAlong = found is { } g ? (g - tv).Dot(photon.Normalized()) * 1e3 : double.NaN;
            foreach (var c in coarse)
                Console.WriteLine(string.Create(Ic, $"{set},{item.Source.Name},{item.Source.EnergyKev / 1000},{c.Node},{c.Forward:F4},{fine[c.Node].Forward:F4},{(c.Position - tv).Length * 1e3:F2},{AngleDeg(c.Direction, photon):F1},{chosen:F2},{chosenAlong:F2},{(c.Position - tv).Dot(photon.Normalized()) * 1e3:F2},{LateralRmsMm(main, c.Position, c.Direction):F3},") + Profile(main, c.Position, c.Direction, mipPerMm).Replace(' ', ','));
        }
        md.AppendLine();
    }

    /// <summary>
    /// What the false Vs on electrons are: generated electrons (no pair at the start), each through the chain; where the
    /// cone vertex sees a pair (<see cref="ProngSplit.PairSeen"/>), by which cue (two prongs or the two-track stem only), where
    /// the vertex sits (the electron's start, a brem photon's conversion, a brem's emission point, elsewhere) and how far.
    /// </summary>
    private static void FalseVees(StringBuilder md, Chain chain, TrackGenerator generator, int count)
    {
        md.AppendLine("### False V on generated electrons: what the vertex sits on");
        md.AppendLine();
        md.AppendLine("| T (MeV) | electrons | V seen | by two prongs | by the two-track stem only | vertex within 5 mm of a brem photon's pair conversion | within 3 mm of the start | within 3 mm of a brem emission (>= 1 MeV) | elsewhere |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var e in new[] { 1000, 3000, 10000, 20000, 50000 })
        {
            int n = 0, seen = 0, prongs = 0, stemOnly = 0, conversion = 0, start = 0, brem = 0, elsewhere = 0;
            foreach (var item in Generate(generator, Particle.Electron, e, count, "falsev"))
            {
                chain.Run(item);
                n++;
                if (item.Topology?.Pixels?.AtPairVertex is not { PairSeen: true } split) continue;
                seen++;
                if (split.SignificantProngs >= 2) prongs++; else stemOnly++;
                var truth = item.RequireTrack().RequireTruth();
                double Nearest(InteractionPoints points, double minKev)
                {
                    double best = double.PositiveInfinity;
                    for (int i = 0; i < points.Positions.Length; i++)
                        if (points.EnergiesKev[i] >= minKev) best = Math.Min(best, (points.Positions[i] - split.Vertex).Length);
                    return best;
                }
                if (Nearest(truth.Pair, 0) <= 5e-3) conversion++;
                else if ((truth.Origin - split.Vertex).Length <= 3e-3) start++;
                else if (Nearest(truth.Brem, 1000) <= 3e-3) brem++;
                else elsewhere++;
                Console.WriteLine(string.Create(Ic, $"falsev;{e / 1000};{item.Source.Name};prongs {split.SignificantProngs};stem {split.TwoTrackStem};start {(truth.Origin - split.Vertex).Length * 1e3:F1} mm;pair conv {Nearest(truth.Pair, 0) * 1e3:F1} mm;brem>=1MeV {Nearest(truth.Brem, 1000) * 1e3:F1} mm;brems {truth.Brem.Positions.Length}"));
            }
            md.AppendLine(string.Create(Ic, $"| {e / 1000} | {n} | {seen} | {prongs} | {stemOnly} | {conversion} | {start} | {brem} | {elsewhere} |"));
        }
        md.AppendLine();
    }

    /// <summary>Diagnostic: the charge-weighted rms distance of the charge from the end's axis over its first 10 mm (within 3 mm of it): a straight stem reads the pitch, a scattering stopping end more.</summary>
    private static double LateralRmsMm(VoxelGrid main, Vec3 at, Vec3 dir)
    {
        double q = 0, sum = 0;
        for (int v = 0; v < main.Count; v++)
        {
            var d = main.Centroid(v) - at;
            double along = d.Dot(dir);
            if (along < 0 || along > 0.010) continue;
            var side = d - along * dir;
            double r2 = side.Dot(side);
            if (r2 > 9e-6) continue;
            q += main.Charge(v); sum += main.Charge(v) * r2;
        }
        return q > 0 ? Math.Sqrt(sum / q) * 1e3 : double.NaN;
    }

    private static string Profile(VoxelGrid main, Vec3 at, Vec3 dir, double mipPerMm)
    {
        var bins = new double[10];
        for (int v = 0; v < main.Count; v++)
        {
            var d = main.Centroid(v) - at;
            double along = d.Dot(dir);
            if (along < -0.5e-3 || along >= 9.5e-3) continue;
            if ((d - along * dir).Length > 1.5e-3) continue;
            bins[(int)Math.Floor((along + 0.5e-3) / 1e-3)] += main.Charge(v);
        }
        return string.Join(" ", bins.Select(b => (b / mipPerMm).ToString("F2", Ic)));
    }

    // ---- tables -----------------------------------------------------------------------------------------------

    private static void PhotonTableHeader(StringBuilder md)
    {
        md.AppendLine("| E (MeV) | tracks | method vertex line / pair / single track | vertex error median (mm) | vertex within 3 mm / downstream > 5 mm (a lepton's far part) / elsewhere | photon angle median (deg) | 68 % (deg) | at the truth vertex: median (deg) | 68 % (deg) | MS-limited median (deg) | MS-limited 68 % (deg) | median / MS limit | V seen (reco_pair_found) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    }

    private static void PhotonRow(StringBuilder md, Chain chain, int energyKev, List<TrackItem> items, ScatteringLimit scattering, double pitchM)
    {
        var angles = new List<double>(); var vertex = new List<double>(); var atTruth = new List<double>();
        int line = 0, pair = 0, single = 0, near = 0, downstream = 0, elsewhere = 0, seen = 0;
        foreach (var item in items)
        {
            var r = item.Reconstruction!;
            if (PairFound(item)) seen++;
            var truth = item.RequireTrack().RequireTruth();
            if (r.Line is not null) line++;
            else if (r.Pair is not null) pair++;
            else if (r.Start is not null) single++;
            // Every track's charge-only vertex (whether or not two prongs separate there), to compare vertex methods fairly.
            if (item.Topology?.Pixels?.AtPairVertex is { } v && truth.Pair.Count > 0)
            {
                var miss = v.Vertex - truth.Pair.Positions[0];
                vertex.Add(miss.Length * 1e3);
                // The failure of T1332108719: the vertex put at the far end (or far along) a lepton, downstream of the truth.
                if (miss.Length <= 3e-3) near++;
                else if (miss.Dot(truth.InitialDirection.Normalized()) > 5e-3) downstream++;
                else elsewhere++;
            }
            if (r.PhotonDirection is { } d) angles.Add(AngleDeg(d, truth.InitialDirection));
            // One CSV row per photon on stdout, so that generator seeds can be pooled (round 16b's rule): the angle at the vertex found.
            Console.WriteLine(string.Create(Ic, $"photonrow,{Seed},{energyKev},{item.Source.Name},{(r.PhotonDirection is { } pd ? AngleDeg(pd, truth.InitialDirection) : double.NaN)}"));
            atTruth.Add(chain.AtTruthVertex(item) is { } t0 ? AngleDeg(t0, truth.InitialDirection) : 180);
        }
        double med = Quantile(angles, 0.5), limit = MsLimitMedianDeg(scattering, energyKev, pitchM);
        md.AppendLine(string.Create(Ic, $"| {energyKev / 1000} | {items.Count} | {line} / {pair} / {single} | {F(Quantile(vertex, 0.5))} | {near} / {downstream} / {elsewhere} | {F(med)} | {F(Quantile(angles, 0.68))} | {F(Quantile(atTruth, 0.5))} | {F(Quantile(atTruth, 0.68))} | {F(limit)} | {F(limit / MedianPerSigma * Containment68PerSigma)} | {F(med / limit)} | {seen} |"));
    }

    private static void ElectronTable(StringBuilder md, List<TrackItem> items)
    {
        md.AppendLine("| T (MeV) | tracks | start error median (mm) | 68 % (mm) | head/tail right | direction error median (deg) | start error median, head/tail right (mm) |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        var groups = items.GroupBy(i => i.RequireTrack().RequireTruth().TrackEnergyKev).OrderBy(g => g.Key).Select(g => (Label: (g.Key / 1000).ToString("G3", Ic), Items: g.ToList())).ToList();
        groups.Add(("all >= 1", items));
        foreach (var g in groups)
        {
            var start = new List<double>(); var startRight = new List<double>(); var dir = new List<double>();
            int right = 0, n = 0;
            foreach (var item in g.Items)
            {
                var s = item.Reconstruction?.Start;
                var truth = item.RequireTrack().RequireTruth();
                n++;
                if (s is null) { start.Add(double.PositiveInfinity); continue; }
                double err = (s.Start - truth.Origin).Length * 1e3;
                start.Add(err);
                dir.Add(AngleDeg(s.Direction, truth.InitialDirection));
                // Head/tail is right when the start found is nearer the true start than the end found (the other end).
                if (s.Direction.Dot(truth.InitialDirection) > 0) { right++; startRight.Add(err); }
            }
            md.AppendLine(string.Create(Ic, $"| {g.Label} | {n} | {F(Quantile(start, 0.5), 2)} | {F(Quantile(start, 0.68), 2)} | {right}/{n} ({100.0 * right / Math.Max(1, n):F0} %) | {F(Quantile(dir, 0.5))} | {F(Quantile(startRight, 0.5), 2)} |"));
        }
        md.AppendLine();
    }

    // ---- physics of the limit ---------------------------------------------------------------------------------

    /// <summary>Space angle of a 2D Gaussian with projected sigma: median = sigma sqrt(2 ln 2), 68 % = sigma sqrt(-2 ln 0.32).</summary>
    private static readonly double MedianPerSigma = Math.Sqrt(2 * Math.Log(2));
    private static readonly double Containment68PerSigma = Math.Sqrt(-2 * Math.Log(0.32));

    /// <summary>
    /// Multiple-scattering-limited photon direction (median space angle, degrees): each lepton of a symmetric pair
    /// measured at Bernard's optimal single-track resolution (point sigma = pitch / sqrt(12), sampling = pitch), the
    /// photon the energy-weighted mean of the two (sigma / sqrt(2)); nuclear recoil neglected.
    /// </summary>
    public static double MsLimitMedianDeg(ScatteringLimit scattering, int photonKev, double pitchM)
    {
        double leptonKinetic = (photonKev * 1e-3 - 2 * 0.51099895) / 2;
        double pitchCm = pitchM * 100;
        double track = scattering.BernardSingleTrackRad(ScatteringLimit.MomentumMeV(leptonKinetic), pitchCm / Math.Sqrt(12), pitchCm);
        return track / Math.Sqrt(2) * MedianPerSigma * 180 / Math.PI;
    }

    // ---- generated tracks -------------------------------------------------------------------------------------

    private static List<TrackItem> Generate(TrackGenerator generator, Particle particle, int energyKev, int count, string set)
    {
        var items = new List<TrackItem>(count);
        for (int t = 0; t < count; t++)
        {
            string name = string.Create(Ic, $"{set}_{particle}_{energyKev}_{t}");
            var g = generator.Generate(particle, energyKev * 1e-3, TrackRandom.For(Seed, name, "generate"));
            items.Add(ToItem(name, particle, energyKev, g.X, g.Y, g.Z, g.Electrons, g.Origin, g.InitialDirection, g.FirstInteraction, g.Pair, g.PairLeptons.Pairs));
        }
        return items;
    }

    /// <summary>An electron of energy eps E_gamma - m and a positron of the rest, from one vertex, at the characteristic angle m / E each side.</summary>
    /// <summary>The leptons of composed pair <paramref name="index"/>: Bethe-Heitler split, characteristic angles, both
    /// transported (the streams every composed-pair study shares: <see cref="ComposePair"/>, the stem-joint study).</summary>
    private static (GeneratedTrack Minus, GeneratedTrack Plus, double MinusMeV, double PlusMeV, PairTruth Truth) ComposedLeptons(TrackGenerator generator, int photonKev, int index)
    {
        const double me = 0.51099895;
        string name = string.Create(Ic, $"pair_{photonKev}_{index}");
        var rng = TrackRandom.For(Seed, name, "compose");
        double eGamma = photonKev * 1e-3;
        double eps = PairProduction.SampleElectronFraction(eGamma, rng);
        double tMinus = Math.Max(eps * eGamma - me, 0.05), tPlus = Math.Max(eGamma - 2 * me - tMinus, 0.05);
        var photon = Direction.Isotropic(rng);
        double phi = 2 * Math.PI * rng.NextDouble();
        var dMinus = Direction.Deflect(photon, Math.Cos(me / (tMinus + me)), phi);
        var dPlus = Direction.Deflect(photon, Math.Cos(me / (tPlus + me)), phi + Math.PI);
        var em = generator.Generate(Particle.Electron, tMinus, TrackRandom.For(Seed, name, "electron"));
        var ep = generator.Generate(Particle.Positron, tPlus, TrackRandom.For(Seed, name, "positron"));
        return (em, ep, tMinus, tPlus, new PairTruth(tMinus * 1e3, tPlus * 1e3, dMinus, dPlus, photon));
    }

    private static (TrackItem, PairTruth) ComposePair(TrackGenerator generator, int photonKev, int index)
    {
        var (em, ep, tMinus, tPlus, truth) = ComposedLeptons(generator, photonKev, index);
        var (dMinus, dPlus) = (truth.ElectronDir, truth.PositronDir);
        var x = new List<double>(); var y = new List<double>(); var z = new List<double>(); var q = new List<long>();
        Append(em, dMinus); Append(ep, dPlus);
        var pairLog = new InteractionLog();
        pairLog.Add(Vec3.Zero, photonKev * 1e-3);
        var item = ToItem(string.Create(Ic, $"pair_{photonKev}_{index}"), Particle.Photon, photonKev, [.. x], [.. y], [.. z], [.. q],
            Vec3.Zero, truth.Photon, "pair", pairLog, [new PairLeptons(tMinus, dMinus, tPlus, dPlus)]);
        return (item, truth);

        void Append(GeneratedTrack g, Vec3 to)
        {
            var r = Rotation(g.InitialDirection, to);
            for (int i = 0; i < g.X.Length; i++)
            {
                var p = r(new Vec3(g.X[i], g.Y[i], g.Z[i]));
                x.Add(p.X); y.Add(p.Y); z.Add(p.Z); q.Add(g.Electrons[i]);
            }
        }
    }

    /// <summary>The rotation taking unit vector a to unit vector b (Rodrigues).</summary>
    private static Func<Vec3, Vec3> Rotation(Vec3 a, Vec3 b)
    {
        var k = a.Cross(b);
        double s = k.Length, c = a.Dot(b);
        if (s < 1e-12) return c > 0 ? p => p : p => -1 * p;
        k = (1 / s) * k;
        return p => c * p + s * k.Cross(p) + (1 - c) * k.Dot(p) * k;
    }

    /// <summary>A generated track (cm, MeV) as the pipeline sees a read one (m, keV).</summary>
    private static TrackItem ToItem(string name, Particle particle, int energyKev, double[] xCm, double[] yCm, double[] zCm, long[] electrons,
        Vec3 originCm, Vec3 direction, string first, InteractionLog pair, IReadOnlyList<PairLeptons>? leptons = null)
    {
        int n = electrons.Length;
        var positions = new double[3 * n];
        var numE = new int[n];
        for (int i = 0; i < n; i++)
        {
            positions[i] = xCm[i] * 0.01; positions[n + i] = yCm[i] * 0.01; positions[2 * n + i] = zCm[i] * 0.01;
            numE[i] = (int)electrons[i];
        }
        string folder = particle switch { Particle.Electron => "electrons", Particle.Positron => "positrons", _ => "photons" };
        var source = new TrackSource(name, "LAr", folder, energyKev, name + ".npz", null, false, name);
        var truth = new TrackTruth
        {
            NumElectrons = electrons.Sum(),
            TrackEnergyKev = energyKev,
            Origin = 0.01 * originCm,
            InitialDirection = direction,
            FirstInteraction = first,
            Brem = InteractionPoints.None,
            Compton = InteractionPoints.None,
            Photo = InteractionPoints.None,
            Pair = new InteractionPoints(pair.Points.Select(p => 0.01 * p).ToArray(), pair.Energies.Select(e => e * 1e3).ToArray()),
            PairLeptons = leptons?.Select(l => new PairLeptonTruth(l.ElectronMeV * 1e3, l.ElectronDirection, l.PositronMeV * 1e3, l.PositronDirection)).ToArray() ?? [],
        };
        return new TrackItem(source) { Track = new Track(source, new Deposits(positions, numE), truth) };
    }

    // ---- statistics -------------------------------------------------------------------------------------------

    private static double AngleDeg(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(a.Normalized().Dot(b.Normalized()), -1, 1)) * 180 / Math.PI;

    /// <summary>Empirical quantile (linear between order statistics); NaN for no values.</summary>
    public static double Quantile(List<double> values, double p)
    {
        if (values.Count == 0) return double.NaN;
        var v = values.Order().ToArray();
        double h = (v.Length - 1) * p;
        int lo = (int)Math.Floor(h), hi = Math.Min(lo + 1, v.Length - 1);
        return double.IsPositiveInfinity(v[hi]) ? v[hi] : v[lo] + (h - lo) * (v[hi] - v[lo]);
    }

    private static string F(double v, int digits = 1) =>
        double.IsNaN(v) ? "-" : double.IsPositiveInfinity(v) ? "none" : v.ToString("F" + digits, Ic);
}
