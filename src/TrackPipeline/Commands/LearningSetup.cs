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
    public required string Work { get; init; }
    public required ulong Seed { get; init; }
    public required int CountPerEnergy { get; init; }
    public required int[] EnergiesKev { get; init; }
    public required IReadOnlyDictionary<string, string> Extra { get; init; }

    private LearningSetup(IServiceProvider services, IDisposable host)
    {
        _services = services;
        _host = host;
    }

    public T Options<T>() where T : class => _services.GetRequiredService<IOptions<T>>().Value;

    /// <summary><c>Classifier:View</c>, read without the classifier's other checks (train runs before any model exists).</summary>
    public DetectorView View => _services.GetRequiredService<IConfiguration>().GetSection(ClassifierSettings.Section).GetValue("View", DetectorView.Pixels);

    /// <summary>Parses the shared options; <paramref name="extraOptions"/> are command-specific (each takes a value).</summary>
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
        var host = RunCommand.CreateBuilder(configFile, settings.ToArray()).Build();
        var training = host.Services.GetRequiredService<IOptions<TrainingSettings>>().Value;
        ulong seed = seedText is null ? training.Seed
            : ulong.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : throw new CommandLineException("--seed needs a non-negative integer");
        int count = countText is null ? training.CountPerEnergy
            : int.TryParse(countText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new CommandLineException("--count needs a positive integer");
        int[] energies = energiesText is null ? training.EnergiesKev
            : energiesText.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(e =>
                int.TryParse(e, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) && x > 0 ? x : throw new CommandLineException($"energy '{e}' is not a whole number of keV")).ToArray();
        return new LearningSetup(host.Services, host)
        {
            Input = input,
            Work = work ?? Path.Combine(Path.GetTempPath(), $"trackpipeline-{command}-{seed}"),
            Seed = seed,
            CountPerEnergy = count,
            EnergiesKev = energies,
            Extra = extra,
        };
    }

    /// <summary>The tracks: <c>--input</c> as given, else electrons and photons generated into the work folder (reused when complete).</summary>
    public (IReadOnlyList<TrackSource> Sources, System.Text.Json.Nodes.JsonObject Description) Tracks(TextWriter log)
    {
        var run = Options<RunOptions>();
        if (Input is not null)
            return (DatasetDiscovery.Discover(Input, run.CompressedTracks).ToList(), new() { ["read_from"] = Path.GetFullPath(Input) });
        var request = new GenerationRequest
        {
            OutputRoot = Work,
            Particles = [Particle.Electron, Particle.Photon],
            EnergiesKev = EnergiesKev,
            Count = CountPerEnergy,
            Seed = Seed,
            MaxParallelism = run.EffectiveParallelism,
        };
        var problems = request.Problems().ToList();
        if (problems.Count > 0) throw new CommandLineException(string.Join("; ", problems));
        int expected = 2 * EnergiesKev.Length * CountPerEnergy;
        var existing = Directory.Exists(Work) ? DatasetDiscovery.Discover(Work).ToList() : [];
        if (existing.Count != expected)
        {
            log.WriteLine($"generating {expected} tracks (electrons and photons, {string.Join(", ", EnergiesKev)} keV, {CountPerEnergy} each, seed {Seed}) into {Work}");
            var generatorSettings = GeneratorSettings.Load(Path.Combine(AppContext.BaseDirectory, "config"));
            new DatasetGenerator(new TrackGenerator(generatorSettings)).Generate(request);
            existing = DatasetDiscovery.Discover(Work).ToList();
        }
        else log.WriteLine($"reusing the {existing.Count} generated tracks in {Work}");
        return (existing, new()
        {
            ["generated"] = "TrackPipeline built-in generator (config/generator.json)",
            ["seed"] = Seed,
            ["particles"] = new System.Text.Json.Nodes.JsonArray("electrons", "photons"),
            ["energies_kev"] = new System.Text.Json.Nodes.JsonArray(EnergiesKev.Select(e => (System.Text.Json.Nodes.JsonNode)e).ToArray()),
            ["count_per_particle_and_energy"] = CountPerEnergy,
        });
    }

    /// <summary>Measures the tracks with the pipeline's stages (read, drift, readout, topology) of these settings.</summary>
    public IReadOnlyList<LabelledTrack> Measure(IReadOnlyList<TrackSource> sources, TextWriter log, TrackClassifier? classifier = null)
    {
        var stages = _services.GetRequiredService<StageFactory>().CreateMeasurementStages(out _);
        var view = classifier?.View ?? View;
        return TrackMeasurement.Measure(sources, stages, view, Options<LabelSettings>(), Options<RunOptions>().EffectiveParallelism, log, classifier);
    }

    public void Dispose() => _host.Dispose();
}
