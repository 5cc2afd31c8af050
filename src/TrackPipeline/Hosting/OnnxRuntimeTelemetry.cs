using System.Runtime.InteropServices;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// ONNX Runtime (1.29 on, the classifier's scorer) sends usage telemetry on Linux too: at its first session it creates
/// ~/.cache/Microsoft/DeveloperTools/.onnxruntime (a device id and a SQLite event cache, 3 MB on this machine after a
/// day of runs) and, later in the run, an uploader thread that resolves Microsoft's host name: on every run, on every
/// cluster node (docs/benchmarks/whole-run.md, round 15). <c>ORT_DISABLE_TELEMETRY=1</c> is the library's documented full
/// opt-out, read once when it initialises. Set here, at the start of the process before any other thread of ours reads
/// the environment, through libc's <c>setenv</c> (on Unix .NET's <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// changes only its own copy, which native code does not see); a value the user set is kept. An empty value is no
/// choice (the library reads it as telemetry on): it is treated as unset.
/// </summary>
public static class OnnxRuntimeTelemetry
{
    public const string Variable = "ORT_DISABLE_TELEMETRY";

    public static void OptOutUnlessSet()
    {
        if (OperatingSystem.IsWindows() || !ShouldOptOut(Environment.GetEnvironmentVariable(Variable))) return;
        setenv(Variable, "1", overwrite: 1); // overwrite: an empty value is replaced; a user's value never reaches here
    }

    /// <summary>The rule: opt out when the user gave no value (unset or empty); any other value, 0 and false too, is theirs.</summary>
    public static bool ShouldOptOut(string? userValue) => string.IsNullOrEmpty(userValue);

#pragma warning disable SYSLIB1054 // DllImport: this project compiles no unsafe code, which LibraryImport's generated stubs need
    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv(string name, string value, int overwrite);
#pragma warning restore SYSLIB1054
}
