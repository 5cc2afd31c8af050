using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Generation;

/// <summary><c>run --output OUT</c> without <c>--input</c> generates the default dataset into OUT/generated and processes all of it.</summary>
public class DefaultRunTests
{
    [Fact]
    public async Task RunWithoutInputGeneratesAndProcessesTheDefaultDataset()
    {
        var output = Path.Combine(Path.GetTempPath(), $"tp-default-run-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--output", output, "--readout", "none"]));
            var generated = DatasetDiscovery.Discover(Path.Combine(output, "generated")).ToList();
            Assert.Equal(2 * 5 * 12, generated.Count);
            Assert.True(File.Exists(Path.Combine(output, "run.json")));
            Assert.NotEmpty(Directory.GetFiles(Path.Combine(output, "tracks"), "*.parquet", SearchOption.AllDirectories));

            // Processed while it was generated (tracks handed over as written): the same tables as a run over the finished folder.
            var walked = output + "-walked";
            Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Path.Combine(output, "generated"), "--output", walked, "--readout", "none"]));
            var tables = TableFiles(output);
            Assert.Contains(tables, f => f.StartsWith("tracks/", StringComparison.Ordinal));
            Assert.Equal(tables, TableFiles(walked));
            foreach (var f in tables)
                Assert.True(File.ReadAllBytes(Path.Combine(output, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(walked, f))), $"{f} differs");
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
            if (Directory.Exists(output + "-walked")) Directory.Delete(output + "-walked", recursive: true);
        }
    }

    /// <summary>The Parquet tables below <paramref name="root"/> (not the generated tracks).</summary>
    private static List<string> TableFiles(string root) =>
        Directory.EnumerateFiles(root, "*.parquet", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("generated/", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
}
