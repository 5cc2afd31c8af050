using System.CommandLine;
using TrackPipeline.App.Commands;

namespace TrackPipeline.App.Cli;

/// <summary><c>inspect FILE.npz</c>: one JSON object describing a track and its truth.</summary>
public static class InspectVerb
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A track's .npz (its .pickle beside it is read when present)." };
        var command = new Command("inspect", "Print one JSON object: n_points, num_e_total, r_min, r_max, r_sum and the truth.") { file };
        command.SetAction((parse, _) => InspectCommand.ExecuteAsync(parse.GetRequiredValue(file).FullName, Console.Out));
        return command;
    }
}
