using TrackPipeline.App;
using TrackPipeline.App.Commands;

namespace TrackPipeline.Tests.Pipeline;

/// <summary>Randomness is seeded per track: the same seed gives byte-identical Parquet whatever the parallelism or shard.</summary>
public sealed class DeterminismTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-determinism-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task Same_seed_gives_identical_parquet_at_parallelism_1_and_2()
    {
        var input = Path.Combine(_work, "in");
        foreach (var folder in new[] { "LAr/electrons/E0003000", "LAr/photons/E0010000" })
            CopyFolder(Path.Combine(TestData.TracksRoot!, folder), Path.Combine(input, folder));
        var one = Path.Combine(_work, "p1");
        var two = Path.Combine(_work, "p2");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", one, "--max-parallelism", "1", "--seed", "7", "--images", "none"]));
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", two, "--max-parallelism", "2", "--seed", "7", "--images", "none"]));

        var files = TableFiles(one);
        Assert.Equal(files, TableFiles(two));
        Assert.Contains(files, f => f.StartsWith("pixels/", StringComparison.Ordinal));
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(one, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(two, f))), $"{f} differs");

        var other = Path.Combine(_work, "seed8");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", other, "--seed", "8", "--images", "none"]));
        var pixels = files.First(f => f.StartsWith("pixels/", StringComparison.Ordinal));
        Assert.False(File.ReadAllBytes(Path.Combine(one, pixels)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(other, pixels))),
            "another seed must give other noise");
    }

    private static List<string> TableFiles(string root) =>
        Directory.EnumerateFiles(root, "*.parquet", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => f.StartsWith("tracks/", StringComparison.Ordinal) || f.StartsWith("pixels/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from)) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));
    }
}
