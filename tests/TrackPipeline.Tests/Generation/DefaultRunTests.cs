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
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        }
    }
}
