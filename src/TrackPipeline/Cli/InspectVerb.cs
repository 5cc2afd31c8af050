using System.CommandLine;
using TrackPipeline.App.Commands;

namespace TrackPipeline.App.Cli;

/// <summary><c>inspect FILE.npz</c>: one JSON object describing a track and its truth.</summary>
public static class InspectVerb
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE")
        {
            Description = "A track's .npz (its .pickle beside it is read when present).",
            // An empty name was refused as "as expected type 'System.IO.FileInfo'" (breaker 17): said in the user's words.
            CustomParser = result =>
            {
                var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
                if (!string.IsNullOrWhiteSpace(text)) return new FileInfo(text);
                result.AddError("FILE is empty: name a track's .npz");
                return null;
            },
        };
        var command = new Command("inspect", "Print one JSON object: n_points, num_e_total, r_min, r_max, r_sum and the truth.") { file };
        command.SetAction((parse, _) => InspectCommand.ExecuteAsync(parse.GetRequiredValue(file).FullName, Console.Out));
        return command;
    }
}
