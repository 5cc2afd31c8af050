using System.Diagnostics;
using BenchmarkDotNet.Running;
using TrackPipeline.Pipeline;
using TrackPipeline.Benchmarks;
using TrackPipeline.Config;
using TrackPipeline.Drift;
using TrackPipeline.Readout;
using TrackPipeline.Numerics;

// Modes (run from the repository root: config/ and docs/ are relative paths; the sample is ../shared/data beside the repository):
//   throughput                                               .npz read throughput of the zip libraries
//   read DIR [--parallelism P] [--repeat N]                  TrackReader throughput (npz + pickle), JSON like the Python script
//   agreement [tracks] [reference.json] [config] [out.md]   folder means vs the reference Python
//   stopwatch [tracks] [config]                              drift + GAMPixG readout of the sample tracks, one core
//   topology [tracks] [config]                               features + classification of the sample tracks, one core
//   stages [tracks] [config] [passes]                        the run's stage chain on one thread: CPU ns per deposit per stage
//   faithfulness [tracks] [config] [out.md] [count] [particles] [energies]  generated tracks vs the sample (docs/generator-faithfulness.md);
//                                                            particles e.g. "electrons", energies e.g. "3000,5000" (a subset, for quick checks)
//   feature-shift SAMPLE.csv GENERATED.csv [model.zip] [analysis.json] [out.md] [CONTROL.csv]  the 45 features, generator vs sample
//                                                            (two `evaluate --tracks-csv` tables; docs/generator-faithfulness.md)
//   weighted-fit TRAIN.csv [analysis.json] [out.md] [powers]  class-weighted fit vs the pair operating point, 5-fold
//                                                            cross-validation on `train --tracks-csv`'s table (docs/classification.md)
//   feature-cv TRAIN.csv analysis.json out.md NAME,NAME      5-fold cross-validation with every feature and with the named ones held constant (paired;
//                                                            round 8's two-MIP run: branch study/classify8-two-mip-run, docs/classification.md)
//   cv-curve TRAIN.csv analysis.json out.md [fractions] [MORE.csv ...]  learning curve: 5-fold CV fitted on fractions of the sample (and with more generated tracks)
//   cv-boosting TRAIN.csv analysis.json out.md T:L:RATE:MIN;... [P1,P2,...] [HELDOUT.csv ...]  FastTree settings by 5-fold cross-validation,
//                                                            each judged at the listed pair operating points, and fitted on all and scored on held-out tables
//   cv-augment A.csv B.csv analysis.json out.md [HELDOUT.csv ...] [--points P1,P2,...]  fitting on tracks drifted at two run seeds: CV grouped
//                                                            by track, held-out sets; each fit judged at the listed pair operating points
//   cv-quest TRAIN.csv analysis.json out.md [draws] [oof.csv] the quest keys on out-of-fold generated tracks, in sets drawn like the sample (oof.csv: the probabilities, for more variants)
//   highland [config]                                        the generator's multiple scattering against the PDG Highland formula
//   pair-angles [config] [photons] [energies MeV]            the pair leptons' opening angle: generator truth vs PENELOPE's formula vs Tsai
//   generator-speed [config] [out.md]                        generator tracks/s on one core (docs/benchmarks/generator.md)
//   reconstruction [tracks] [config] [out.md] [count] [sets] [seed] reconstruction vs truth (sets: all or scan,pairs,photons,penelope,electrons,photondir,mcselectrons,eventvertex,eventvertexpenelope,eventstability,eventstability10,eventstabilitypenelope,falsev,...): the tables of docs/reconstruction.md
//   vertex [out.md] [config] [root ...]                     pair V found / false V from the pixels per dataset (default: the sample; out.md relative to the repo root, where these commands run)
//   pictures [tracks] [reps] [save-dir]                      CPU of each part of a track's pictures (sheet, thumbnail, PNG, page), one core
//   hand-vs-skia OUT [rounds] [reps]                         BilinearFit, ColorBarFill, PngDecoder against the Skia calls they replaced (OUT: an --images all output)
//   picture-diff DIR_A DIR_B                                 how far two folders of pictures (saved by pictures) differ, pixel by pixel
//   output-pixels A B                                        two runs' outputs, every PNG (any depth) compared byte by byte, then pixel by pixel; exit 1 if any differs
//   png OUT                                                  PNG encoder settings re-encoding the pictures of a run's output
//   render [tracks]                                          pictures: the 121k-point track at 1200x900, all tracks in parallel
//   memory-inputs OUT [count] [points]                       six 10M-point tracks tiled from the sample's largest, and the deflate bomb
//                                                            (docs/benchmarks/memory.md: run the main job on them under /usr/bin/time -v)
//   same-rows EXPECTED ACTUAL [PREFIXES]                     exit 0 when two outputs hold the same tracks, pixels and errors rows (PREFIXES: columns left out)
//   column-diff EXPECTED ACTUAL                              per column of the tracks table, how many tracks (by track_id) differ
//   (anything else)                                          BenchmarkDotNet
string Arg(int i, string fallback) => args.Length > i ? args[i] : fallback;
string SharedData() => Path.GetDirectoryName(SampleFiles.TracksRoot())!;   // ../shared/data beside the repository, or TRACKPIPELINE_DATA
// The shared tracks folder, or a name that says it was not found (the command then says so in one line).
string SharedTracksOrNone() { try { return Path.Combine(SharedData(), "Tracks"); } catch (DirectoryNotFoundException) { return "../shared/data/Tracks (not found; TRACKPIPELINE_DATA unset)"; } }
switch (args.FirstOrDefault())
{
    case "same-rows":
        return await OutputComparison.RunAsync(args[1], args[2], Console.Out, args.Length > 3 ? args[3].Split(',') : null);
    case "column-diff":
        return await OutputComparison.ColumnDiffAsync(args[1], args[2], Console.Out);
    case "memory-inputs":
    {
        var tracks = Path.Combine(SharedData(), "Tracks");
        var largest = Directory.EnumerateFiles(tracks, "*.npz", SearchOption.AllDirectories).OrderByDescending(f => new FileInfo(f).Length).First();
        int count = int.Parse(Arg(2, "6"), System.Globalization.CultureInfo.InvariantCulture);
        long points = long.Parse(Arg(3, "10000000"), System.Globalization.CultureInfo.InvariantCulture);
        var large = Path.Combine(args[1], "large", "LAr", "electrons", "E0010000");
        for (int i = 0; i < count; i++)
            Console.WriteLine(TrackPipeline.Tests.Cluster.LargeInputs.WriteTiledTrack(largest, large, $"TrackE0010000_tiled{i}", points));
        Console.WriteLine(TrackPipeline.Tests.Cluster.LargeInputs.WriteDeflateBomb(Path.Combine(args[1], "bomb", "LAr", "electrons", "E0001000"),
            "TrackE0001000_bomb", Path.ChangeExtension(largest, ".pickle")));
        return 0;
    }
    case "throughput":
        NpzReadBenchmark.Throughput(Console.Out);
        return 0;
    case "stages":
        return StageCost.Run(Arg(1, Path.Combine(SharedData(), "Tracks")), Arg(2, "config"),
            int.Parse(Arg(3, "3"), System.Globalization.CultureInfo.InvariantCulture), Console.Out);
    case "topology":
        return TopologyThroughput.Run(Arg(1, Path.Combine(SharedData(), "Tracks")), Arg(2, "config"), Console.Out);
    case "read":
        return ReadThroughput.Run(args, Console.Out);
    case "agreement":
        return ReferenceAgreement.Run(Arg(1, Path.Combine(SharedData(), "Tracks")), Arg(2, Path.Combine(SharedData(), "reference_readout.json")),
            Arg(3, "config"), Arg(4, "docs/reference-agreement.md"), seed: 12345);
    case "faithfulness":
        return GeneratorFaithfulness.Run(Arg(1, Path.Combine(SharedData(), "Tracks")), Arg(2, "config"), Arg(3, "docs/generator-faithfulness.md"),
            int.Parse(Arg(4, "100"), System.Globalization.CultureInfo.InvariantCulture), seed: 20250527,
            particles: Arg(5, "electrons,photons"), energies: args.Length > 6 ? args[6] : null);
    case "feature-shift":
        return FeatureShift.Run(args[1], args[2], Arg(3, "config/models/classifier.zip"), Arg(4, "config/analysis.json"),
            Arg(5, "feature-shift.md"), args.Length > 6 ? args[6] : null, Console.Out);
    case "weighted-fit":
        return WeightedFitStudy.Run(args[1], Arg(2, "config/analysis.json"), Arg(3, "weighted-fit.md"), Arg(4, "0,0.5,1"), Console.Out);
    case "highland":
        return ScatteringAgainstHighland.Run(Arg(1, "config"), Console.Out);
    case "cv-curve":
        return CrossValidationStudy.Curve(args[1], args[2], args[3], Arg(4, "0.25,0.5,1"), args.Skip(5).ToArray(), Console.Out);
    case "cv-boosting":
        return CrossValidationStudy.Boosting(args[1], args[2], args[3], args[4], args.Length > 5 ? args[5] : null, args.Skip(6).ToArray(), Console.Out);
    case "cv-augment":
    {
        // --points P1,P2,...: every fit judged at each pair operating point (the rest: held-out tables).
        int at = Array.IndexOf(args, "--points");
        var rest = args.Skip(5).Where((_, i) => at < 0 || (i + 5 != at && i + 5 != at + 1)).ToArray();
        return CrossValidationStudy.Augment(args[1], args[2], args[3], args[4], rest, at > 0 ? args[at + 1] : null, Console.Out);
    }
    case "cv-quest":
        return CrossValidationStudy.Quest(args[1], args[2], args[3], int.Parse(Arg(4, "500"), System.Globalization.CultureInfo.InvariantCulture), Console.Out,
            args.Length > 5 ? args[5] : null);
    case "feature-cv":
        return FeatureSetStudy.Run(args[1], args[2], args[3], args[4].Split(','), Console.Out);
    case "pair-angles":
        return PairOpeningAngles.Run(Arg(1, "config"), int.Parse(Arg(2, "600"), System.Globalization.CultureInfo.InvariantCulture),
            Arg(3, "10,20,50").Split(',').Select(e => double.Parse(e, System.Globalization.CultureInfo.InvariantCulture)).ToArray(), pitchMm: 0.5, Console.Out);
    case "generator-speed":
        return GeneratorFaithfulness.Speed(Arg(1, "config"), Arg(2, "docs/benchmarks/generator.md"));
    case "stopwatch":
    {
        var samples = SampleTracks.Load(Arg(1, Path.Combine(SharedData(), "Tracks")));
        var chain = DetectorChain.Load(Arg(2, "config"));
        var (drift, readout) = (chain.Drift, chain.Readout);
        long points = samples.Sum(s => (long)s.Deposits.Count), clumps = 0, electrons = samples.Sum(s => s.Deposits.TotalElectrons());
        for (int rep = 0; rep < 6; rep++)
        {
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            long pixels = 0;
            clumps = 0;
            foreach (var s in samples)
            {
                var d = drift.Apply(s.Deposits, TrackRandom.For(1, s.Name, DriftStage.RandomStream));
                var r = readout.Read(d, s.Name);
                clumps += d.Count;
                pixels += r.Pixels!.Count;
            }
            sw.Stop();
            Console.WriteLine($"rep {rep}: {samples.Count} tracks, {points:N0} points, {clumps:N0} drifted clumps, {electrons:N0} e, {pixels:N0} triggered pixels: " +
                $"{sw.Elapsed.TotalSeconds:F3} s, {points / sw.Elapsed.TotalSeconds / 1e6:F2} M points/s, {clumps / sw.Elapsed.TotalSeconds / 1e6:F2} M clumps/s, " +
                $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / 1e6:F0} MB allocated");
        }
        return 0;
    }
    case "vertex":
        return VertexFinding.Run(Arg(1, "docs/benchmarks/vertex-finding-tables.md"), Arg(2, "config"), args.Length > 3 ? args[3..] : [Path.Combine(SharedData(), "Tracks")]);
    case "reconstruction":
        // The tracks folder given is used as it is: the shared data is looked for only when none is given (breaker19 F5).
        return ReconstructionEvaluation.Run(args.Length > 1 ? args[1] : SharedTracksOrNone(), Arg(2, "config"),
            Arg(3, "docs/reconstruction-tables.md"), int.Parse(Arg(4, "40"), System.Globalization.CultureInfo.InvariantCulture), Arg(5, "all"),
            ulong.Parse(Arg(6, "20261127"), System.Globalization.CultureInfo.InvariantCulture));
    case "pictures":
        return PictureCostBenchmark.Run(Arg(1, Path.Combine(SharedData(), "Tracks")), int.Parse(Arg(2, "3"), System.Globalization.CultureInfo.InvariantCulture), Console.Out,
            args.Length > 3 ? args[3] : null);
    case "hand-vs-skia":
        return HandDrawnVsSkia.Run(args[1], int.Parse(Arg(2, "10"), System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Arg(3, "3"), System.Globalization.CultureInfo.InvariantCulture), Console.Out);
    case "picture-diff":
        return PictureCostBenchmark.Compare(args[1], args[2], Console.Out);
    case "output-pixels":
        return OutputPictureDiff.Run(args[1], args[2], Console.Out);
    case "png":
        return PngEncodingBenchmark.Run(args[1], Console.Out, args[2..]);
    case "render":
        return RenderingBenchmark.Run(Arg(1, Path.Combine(SharedData(), "Tracks")), Console.Out);
    default:
        BenchmarkSwitcher.FromAssembly(typeof(DriftReadoutBenchmarks).Assembly).Run(args);
        return 0;
}
