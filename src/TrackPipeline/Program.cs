namespace TrackPipeline.App;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Before the runtime starts more threads: under ulimit -v the process re-executes itself once with a GC region
        // range and malloc arenas sized to the limit (AddressSpaceLimit), or says in one line that the limit is too low.
        if (Hosting.AddressSpaceLimit.MakeRoom() is { } tooLow)
        {
            Console.Error.WriteLine($"{Cli.CommandLineApp.ProgramName}: {tooLow}");
            return Task.FromResult(ExitCodes.Fatal);
        }
        AppDomain.CurrentDomain.UnhandledException += Hosting.AddressSpaceLimit.OneLineWhenExplained;
        // Before ONNX Runtime is loaded: no usage telemetry from a detector pipeline's runs (OnnxRuntimeTelemetry).
        Hosting.OnnxRuntimeTelemetry.OptOutUnlessSet();
        return Cli.CommandLineApp.InvokeAsync(args);
    }
}
