using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrackPipeline.App.Hosting;
using TrackPipeline.Classification;
using TrackPipeline.Classification.Learning;
using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Tracks;

namespace TrackPipeline.App.Commands;

/// <summary>
/// What <c>train</c> and <c>evaluate</c> share: the options (<c>--seed</c>, <c>--count</c>, <c>--energies-kev</c>,
/// <c>--input</c>, <c>--work</c>, <c>--config</c>, <c>--Section:Key</c>), the settings of a run, and the tracks,
/// generated or read, measured by the pipeline's own stages.
/// </summary>
internal sealed class LearningSetup : IDisposable
{
    private readonly IServiceProvider _services;
    private readonly IDisposable _host;

    public required string? Input { get; init; }
    /// <summary>The folder of the generated sample: <c>--work</c>, or the user's private sample cache (<see cref="GeneratedSample"/>).</summary>
    public required string Work { get; init; }
    public required bool WorkGiven { get; init; }
    public required ulong Seed { get; init; }
    public required int CountPerEnergy { get; init; }
    public required int[] EnergiesKev { get; init; }
    public required IReadOnlyDictionary<string, string> Extra { get; init; }
    /// <summary>The verb: <c>train</c> or <c>evaluate</c>.</summary>
    public required string Command { get; init; }
    /// <summary>Which of <c>--seed</c>, <c>--count</c>, <c>--energies-kev</c>, <c>--work</c> (options of a generated sample) the command line gave.</summary>
    public required IReadOnlyList<string> GenerationOptionsGiven { get; init; }

    /// <summary>
    /// <c>--input</c> reads tracks; the options of a generated sample beside it were ignored without a word (breaker 8 F7
    /// for evaluate; train as well). <c>train --input --seed</c> looked as if it seeded something: with <c>--input</c> the
    /// seed is only the trees', and the fit draws nothing at random (one thread, no bagging: seeds 1 and 2 on the sample
    /// gave identical trees), so it would change nothing but the provenance's "seed". Refused, in one line, before any work.
    /// </summary>
    public void RefuseGenerationOptionsBesideInput()
    {
        if (Input is null || GenerationOptionsGiven.Count == 0) return;
        var given = string.Join(", ", GenerationOptionsGiven);
        throw new CommandLineException($"--input and {given} cannot be given together: {given} describe{(GenerationOptionsGiven.Count == 1 ? "s" : "")} " +
            "a generated sample, and --input reads tracks instead" + (Command == "train" ? " (the fit itself draws nothing at random: with --input there is nothing to seed)" : ""));
    }

    private LearningSetup(IServiceProvider services, IDisposable host)
    {
        _services = services;
        _host = host;
    }

    /// <summary>A section's settings as the host bound them (a catalogue class: its constructor is kept for the options factory).</summary>
    public T Options<[System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembers(SettingsCatalog.Kept)] T>() where T : class => _services.GetRequiredService<IOptions<T>>().Value;

    /// <summary>The <c>Classifier</c> settings bound without the classifier's checks (train runs before any model exists).</summary>
    public ClassifierSettings Classifier =>
        (ClassifierSettings)SettingsCatalog.Bind(_services.GetRequiredService<IConfiguration>(), SettingsCatalog.Sections.Single(s => s.Name == ClassifierSettings.Section));

    public DetectorView View => Classifier.View;

    /// <summary>Parses the shared options; <paramref name="extraOptions"/> are command-specific (each takes a value).</summary>
    /// <summary>A failure the user can act on (a bad setting, a file that does not load, a path that is not a folder): one line, no trace.</summary>
    public static bool IsUserFailure(Exception e) =>
        e is Microsoft.Extensions.Options.OptionsValidationException or IOException or UnauthorizedAccessException or InvalidOperationException
            or InvalidDataException or AggregateException { InnerException: IOException or UnauthorizedAccessException or InvalidDataException };

    /// <summary>Writes <paramref name="e"/> as one line per problem naming the command; returns the exit code.</summary>
    public static int ReportFailure(string command, Exception e)
    {
        if (e is Microsoft.Extensions.Options.OptionsValidationException invalid)
            foreach (var failure in invalid.Failures) Console.Error.WriteLine($"trackpipeline: bad setting: {failure}");
        else
            Console.Error.WriteLine($"trackpipeline: {command} failed: {(e is AggregateException a ? a.InnerException!.Message : e.Message)}");
        return ExitCodes.Fatal;
    }

    public static LearningSetup Parse(string[] args, string command, IReadOnlyCollection<string> extraOptions)
    {
        string? input = null, work = null, configFile = null, seedText = null, countText = null, energiesText = null;
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        var settings = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new CommandLineException($"{args[i]} needs a value");
            var a = args[i];
            switch (a)
            {
                case "--input": input = Value(); break;
                case "--work": work = Value(); break;
                case "--config": configFile = Value(); break;
                case "--seed": seedText = Value(); break;
                case "--count": countText = Value(); break;
                case "--energies-kev": energiesText = Value(); break;
                default:
                    if (extraOptions.Contains(a)) { extra[a] = Value(); break; }
                    if (a.StartsWith("--", StringComparison.Ordinal) && a.Contains(':', StringComparison.Ordinal))
                    {
                        settings.Add(a);
                        if (!a.Contains('=', StringComparison.Ordinal)) settings.Add(Value());
                        break;
                    }
                    throw new CommandLineException($"unknown option '{a}' for {command}");
            }
        }
        // Where the command writes, checked before any work: a file where a folder goes (or the reverse) failed only after
        // the measuring, with the runtime's message, or after the model was installed (breaker17 F9).
        foreach (var (option, path) in extra.Append(new("--work", work!)).Where(o => o.Value is not null))
            if (WrittenPaths.TryGetValue(option, out var folder) && PathProblem(option, path, folder) is { } problem)
                throw new CommandLineException(problem);
        var builder = RunCommand.CreateBuilder(configFile, settings.ToArray());
        // The same check as `run`: an unknown section or key, or a value that does not convert, is an error, not ignored.
        // `train` may run before any model exists, so the classifier's "no model at ..." is not its problem.
        var problems = SettingsCatalog.Problems(builder.Configuration, skipOwnChecksOf: command == "train" ? [ClassifierSettings.Section] : []);
        if (problems.Count > 0) throw new CommandLineException(string.Join("\ntrackpipeline: ", problems.Select(p => "bad setting: " + p)));
        if (command != "train")
            foreach (var warning in ClassifierModelFit.Warnings(builder.Configuration)) Console.Error.WriteLine($"trackpipeline: {command}: warning: {warning}");
        var host = builder.Build();
        var training = host.Services.GetRequiredService<IOptions<TrainingSettings>>().Value;
        ulong seed = seedText is null ? training.Seed
            : ulong.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : throw new CommandLineException("--seed needs a non-negative integer");
        // Two seeds for one sample on one command line: --seed used to win silently (breaker 8 F7); `run` refuses its
        // --seed beside --Run:Seed the same way. The same value twice is harmless.
        if (seedText is not null && settings.Any(a => a.Split('=', 2)[0].Equals("--" + TrainingSettings.Section + ":Seed", StringComparison.OrdinalIgnoreCase))
            && training.Seed != seed)
        {
            host.Dispose();
            throw new CommandLineException($"--seed {seed} and --{TrainingSettings.Section}:Seed {training.Seed} both set the sample's seed; give one of them");
        }
        int count = countText is null ? training.CountPerEnergy
            : int.TryParse(countText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new CommandLineException("--count needs a positive integer");
        int[] energies = energiesText is null ? training.EnergiesKev
            : energiesText.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(e =>
                // A whole number out of range (0, -5) is the generator's own line, as generate says it (breaker17: "'0' is not a whole number").
                int.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) ? x : throw new CommandLineException($"energy '{e}' is not a whole number of keV")).ToArray();
        if (energiesText is not null && TrainingSettings.IncreasingEnergiesProblem(energies) is { } order)
        {
            host.Dispose();
            throw new CommandLineException("--energies-kev " + order);
        }
        return new LearningSetup(host.Services, host)
        {
            Input = input,
            Work = work ?? "",
            WorkGiven = work is not null,
            Seed = seed,
            CountPerEnergy = count,
            EnergiesKev = energies,
            Extra = extra,
            Command = command,
            GenerationOptionsGiven = [.. new[] { ("--seed", seedText), ("--count", countText), ("--energies-kev", energiesText), ("--work", work) }.Where(o => o.Item2 is not null).Select(o => o.Item1),
                .. SampleSettingsGiven(settings)],
        };
    }

    /// <summary>The options of train and evaluate that name where they write: true for a folder, false for a file.</summary>
    private static readonly Dictionary<string, bool> WrittenPaths = new(StringComparer.Ordinal)
    {
        ["--work"] = true, ["--model-dir"] = true, ["--tracks-csv"] = false, ["--report"] = false,
    };

    /// <summary>
    /// Why <paramref name="path"/> cannot be the folder (<paramref name="folder"/>) or file that <paramref name="option"/>
    /// names: it is the other kind, or lies below a file; null when it can (missing folders above it are made).
    /// </summary>
    internal static string? PathProblem(string option, string path, bool folder)
    {
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return $"{option} '{path}' is not a path ({e.Message})"; }
        if (folder && File.Exists(full)) return $"{option} {full} is a file, not a folder";
        if (!folder && Directory.Exists(full)) return $"{option} {full} is a folder, not a file";
        for (var above = Path.GetDirectoryName(full); above is not null && !Directory.Exists(above); above = Path.GetDirectoryName(above))
            if (File.Exists(above)) return $"{option} {full} lies below {above}, which is a file, not a folder";
        return null;
    }

    /// <summary>
    /// The settings spellings of the generated sample's options given on the command line (<c>--Training:Seed</c>,
    /// <c>--Training:CountPerEnergy</c>, <c>--Training:EnergiesKev</c>), as typed: <c>train --input --Training:Seed 5</c>
    /// was accepted and wrote seed 5 into the provenance while <c>--seed 5</c> was refused (breaker 9 B4).
    /// </summary>
    private static IEnumerable<string> SampleSettingsGiven(IReadOnlyList<string> settings)
    {
        string[] keys = [nameof(TrainingSettings.Seed), nameof(TrainingSettings.CountPerEnergy), nameof(TrainingSettings.EnergiesKev)];
        foreach (var a in settings)
        {
            if (!a.StartsWith("--", StringComparison.Ordinal)) continue;   // a value
            var name = a.Split('=', 2)[0];
            var parts = name[2..].Split(':');
            // EnergiesKev is an array: --Training:EnergiesKev:0 is one of its elements.
            if (parts.Length >= 2 && parts[0].Equals(TrainingSettings.Section, StringComparison.OrdinalIgnoreCase)
                && keys.Any(k => k.Equals(parts[1], StringComparison.OrdinalIgnoreCase)))
                yield return name;
        }
    }

    /// <summary>The tracks: <c>--input</c> as given, else electrons and photons generated into the sample folder (reused only when its sample.json matches the request: <see cref="GeneratedSample"/>).</summary>
    public (IReadOnlyList<TrackSource> Sources, System.Text.Json.Nodes.JsonObject Description) Tracks(TextWriter log)
    {
        var run = Options<RunOptions>();
        if (Input is not null)
            return (DatasetDiscovery.Discover(Input, run.CompressedTracks).ToList(), new() { ["read_from"] = Path.GetFullPath(Input) });
        var sample = new GeneratedSample([Particle.Electron, Particle.Photon], EnergiesKev, CountPerEnergy, Seed,
            GeneratedSample.DigestOfFile(Path.Combine(AppContext.BaseDirectory, "config", "generator.json")));
        var request = new GenerationRequest
        {
            OutputRoot = "(the sample folder, chosen below)",
            Particles = sample.Particles,
            EnergiesKev = EnergiesKev,
            Count = CountPerEnergy,
            Seed = Seed,
            MaxParallelism = run.EffectiveParallelism,
        };
        var problems = request.Problems().ToList();
        if (problems.Count > 0) throw new CommandLineException(string.Join("; ", problems));
        var folder = WorkGiven ? Work : sample.DefaultFolder();
        var sources = sample.Obtain(folder, WorkGiven, into =>
        {
            log.WriteLine($"generating {sample.ExpectedTracks} tracks ({sample.Describe()}) into {folder}");
            var generatorSettings = GeneratorSettings.Load(Path.Combine(AppContext.BaseDirectory, "config"));
            new DatasetGenerator(new TrackGenerator(generatorSettings)).Generate(request with { OutputRoot = into });
        }, log);
        return (sources, sample.ToJson());
    }

    /// <summary>
    /// Measures the tracks with the pipeline's stages (read, drift, readout, topology, reconstruction) of these settings,
    /// and classifies them with <paramref name="model"/> when one is given (as <c>run</c> does).
    /// </summary>
    /// <param name="depthSpreadM">Extra drift depth drawn per track in [0, this) m (train: <c>Training:DriftDepthSpreadM</c>); 0: every track at <c>Detector:DepthM</c>.</param>
    /// <param name="runSeed">The drift's and readout's seed in place of <c>Run:Seed</c> (<c>evaluate --run-seeds</c>); null: <c>Run:Seed</c>.</param>
    public IReadOnlyList<LabelledTrack> Measure(IReadOnlyList<TrackSource> sources, TextWriter log, ClassifierModel? model = null, double depthSpreadM = 0, ulong? runSeed = null)
    {
        var stages = _services.GetRequiredService<StageFactory>().CreateMeasurementStages(out var readout, depthSpreadM, runSeed);
        var view = Classifier.FeatureView(Options<Topology.TopologySettings>());
        var pixels = readout is null ? null : new TriggeredPixelCloud(readout);
        var classifier = model is null ? null : new TrackClassifier(model, view, Classifier.PairCriteria);
        return TrackMeasurement.Measure(sources, stages, view, pixels, Options<LabelSettings>(), Options<RunOptions>().EffectiveParallelism, log, classifier);
    }

    public void Dispose() => _host.Dispose();
}
