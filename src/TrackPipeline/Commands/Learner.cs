using System.Diagnostics.CodeAnalysis;

namespace TrackPipeline.App.Commands;

/// <summary>
/// Whether this build can fit the classifier. <c>train</c> fits with ML.NET, which cannot run under Native AOT (it makes
/// generic types and IL at run time: dotnet/machinelearning#6942, docs/benchmarks/whole-run.md round 9); everything users
/// run day to day (run, evaluate, the quest) scores the ONNX export with ONNX Runtime, which can. The Native AOT publish
/// sets this switch off (TrackPipeline.csproj), so the compiler drops <c>train</c> and ML.NET from the binary; the
/// ReadyToRun build keeps both.
/// </summary>
public static class Learner
{
    public const string Switch = "TrackPipeline.Learner.IsSupported";

    [FeatureSwitchDefinition(Switch)]
    public static bool IsSupported => !AppContext.TryGetSwitch(Switch, out bool on) || on;

    /// <summary>The one line <c>train</c> prints in a build without the learner.</summary>
    public const string NotInThisBuild =
        "trackpipeline: train is not in this Native AOT build (ML.NET, the learner, cannot run under Native AOT); " +
        "the launcher runs train in the ReadyToRun build: ./trackpipeline train ... (or dotnet run --project src/TrackPipeline -c Release -- train ...)";
}
