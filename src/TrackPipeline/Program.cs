namespace TrackPipeline.App;

public static class Program
{
    public static Task<int> Main(string[] args) => Cli.CommandLineApp.InvokeAsync(args);
}
