using TrackPipeline.App.Hosting;

namespace TrackPipeline.Tests.Hosting;

/// <summary>The telemetry opt-out's rule: the process sets ORT_DISABLE_TELEMETRY=1 only when the user gave no value.</summary>
public class OnnxRuntimeTelemetryTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void NoValueIsOptedOut(string? userValue) => Assert.True(OnnxRuntimeTelemetry.ShouldOptOut(userValue));

    [Theory]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("1")]
    public void AUsersValueIsKept(string userValue) => Assert.False(OnnxRuntimeTelemetry.ShouldOptOut(userValue));
}
