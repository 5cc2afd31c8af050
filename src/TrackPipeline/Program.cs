using TrackPipeline.App.Commands;

namespace TrackPipeline.App;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.Out.Write(Usage.Text);
            return args.Length == 0 ? ExitCodes.Fatal : ExitCodes.Success;
        }
        var rest = args[1..];
        try
        {
            return args[0] switch
            {
                "run" => await RunCommand.ExecuteAsync(rest),
                "generate" => await GenerateCommand.ExecuteAsync(rest, Console.Out),
                "inspect" => await InspectCommand.ExecuteAsync(rest, Console.Out),
                "train" => await TrainCommand.ExecuteAsync(rest, Console.Out),
                "evaluate" => await EvaluateCommand.ExecuteAsync(rest, Console.Out),
                "--version" or "version" => PrintVersion(),
                _ => UsageError($"unknown command '{args[0]}'"),
            };
        }
        catch (CommandLineException e)
        {
            return UsageError(e.Message);
        }
    }

    private static int PrintVersion()
    {
        Console.Out.WriteLine(VersionInfo.Text);
        return ExitCodes.Success;
    }

    private static int UsageError(string message)
    {
        Console.Error.WriteLine($"trackpipeline: {message}");
        Console.Error.WriteLine("Run 'trackpipeline --help' for the commands and options.");
        return ExitCodes.Fatal;
    }
}
