using TrackPipeline.App;
using TrackPipeline.App.Commands;

namespace TrackPipeline.Tests;

/// <summary>One full run of the main job over the real sample (GAMPixG, depth 1 cm), shared by the tests that read its outputs.</summary>
public sealed class SampleRunFixture : IAsyncLifetime
{
    public string Output { get; } = Directory.CreateTempSubdirectory("tp-sample-run-").FullName;
    public int ExitCode { get; private set; } = -1;

    public async Task InitializeAsync()
    {
        if (TestData.TracksRoot is null) return;
        ExitCode = await RunCommand.ExecuteAsync(["--input", TestData.TracksRoot, "--output", Output, "--depth", "0.01"]);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Output, recursive: true);
        return Task.CompletedTask;
    }

    public void AssertSucceeded() => Assert.Equal(ExitCodes.Success, ExitCode);
}
