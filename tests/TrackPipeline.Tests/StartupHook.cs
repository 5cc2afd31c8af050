/// <summary>
/// A .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c> = this test assembly) for tests that run the app as a process: when the
/// variable <see cref="LogVariable"/> names a file, the names of every assembly the process loaded are written there as it
/// exits (<c>NoMlNetAtRunTimeTests</c>). It touches nothing but the base library, so loading it loads nothing else.
/// </summary>
public static class StartupHook
{
    public const string LogVariable = "TP_TEST_ASSEMBLY_LOG";   // not TRACKPIPELINE_*: those are settings

    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(LogVariable) is not { Length: > 0 } log) return;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            File.WriteAllLines(log, AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetName().Name ?? "").Order(StringComparer.Ordinal));
    }
}
