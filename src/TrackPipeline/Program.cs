namespace TrackPipeline.App;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        // Before the host starts its threads: under ulimit -v their malloc arenas would take the address space (AddressSpaceLimit).
        Hosting.AddressSpaceLimit.Apply();
        return Cli.CommandLineApp.InvokeAsync(args);
    }
}
