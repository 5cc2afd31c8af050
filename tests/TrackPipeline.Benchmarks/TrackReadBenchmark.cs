using System.Diagnostics;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// Reads every sample track exactly as the pipeline's read stage does (<see cref="TrackReader.Read"/>: .npz
/// deposits + .pickle truth + truth parsing), single thread. With [MemoryDiagnoser] this gives the bytes
/// allocated per read pass, hence per point (4,119,885 points in the sample).
/// </summary>
[MemoryDiagnoser]
public class TrackReadBenchmark
{
    private TrackSource[] _sources = [];

    [GlobalSetup]
    public void Setup() => _sources = DatasetDiscovery.Discover(SampleFiles.TracksRoot()).ToArray();

    [Benchmark]
    public long ReadAllTracks()
    {
        long points = 0;
        foreach (var s in _sources) points += TrackReader.Read(s).Deposits.Count;
        return points;
    }
}

/// <summary>
/// <c>read DIR [--parallelism P] [--repeat N]</c>: the C# side of python/read_numpy_pickle.py. Discovers the
/// tracks once, reads them all P at a time (one warm-up pass, then best of N, warm page cache) and prints JSON
/// with the same fields as the Python script.
/// </summary>
public static class ReadThroughput
{
    public static int Run(string[] args, TextWriter output)
    {
        if (args.Length < 2) return Usage(output);
        string dir = args[1];
        int parallelism = 1, repeat = 5;
        for (int i = 2; i < args.Length; i++)
        {
            if (args[i] == "--parallelism" && i + 1 < args.Length && int.TryParse(args[++i], out parallelism) && parallelism >= 1) continue;
            if (args[i] == "--repeat" && i + 1 < args.Length && int.TryParse(args[++i], out repeat) && repeat >= 1) continue;
            return Usage(output);
        }

        var sources = DatasetDiscovery.Discover(dir).ToArray();
        long bytes = sources.Sum(s => new FileInfo(s.NpzPath).Length + (s.PicklePath is null ? 0 : new FileInfo(s.PicklePath).Length));
        long points = ReadAll(sources, parallelism); // warm-up: JIT, page cache, array pool
        double best = double.MaxValue;
        for (int rep = 0; rep < repeat; rep++)
        {
            var sw = Stopwatch.StartNew();
            points = ReadAll(sources, parallelism);
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }

        output.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["reader"] = $"TrackPipeline TrackReader.Read (.NET {Environment.Version})",
            ["tracks"] = sources.Length,
            ["points"] = points,
            ["bytes"] = bytes,
            ["best_seconds"] = Math.Round(best, 4),
            ["points_per_second"] = Math.Round(points / best),
            ["mb_per_second"] = Math.Round(bytes / best / 1e6, 1),
            ["parallelism"] = parallelism,
        }));
        return 0;
    }

    private static long ReadAll(TrackSource[] sources, int parallelism)
    {
        if (parallelism == 1)
        {
            long n = 0;
            foreach (var s in sources) n += TrackReader.Read(s).Deposits.Count;
            return n;
        }
        long total = 0;
        Parallel.ForEach(sources, new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            () => 0L, (s, _, local) => local + TrackReader.Read(s).Deposits.Count, local => Interlocked.Add(ref total, local));
        return total;
    }

    private static int Usage(TextWriter output)
    {
        output.WriteLine("usage: read DIR [--parallelism P] [--repeat N]");
        return 2;
    }
}
