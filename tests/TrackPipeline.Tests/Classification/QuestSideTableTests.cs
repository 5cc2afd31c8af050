using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// The quest does not read the tracks table back (issue 14): a run ranks its own tracks as they pass the writer, and the
/// tracks of earlier runs and shards from the small <c>quest-rows</c> side table written with each part. So the quest
/// of a merge pass is the same when the tracks files hold nothing but the resume key, and the quest can be rebuilt
/// with the tracks folder gone.
/// </summary>
[Collection(Hosting.ConsoleCapture.Name)]
public sealed class QuestSideTableTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-quest-side-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static Task<int> Run(params string[] args) => RunCommand.ExecuteAsync([.. args, "--images", "none"]);

    /// <summary>Four folders of the sample (24 tracks): pairs, brem electrons, neat electrons; enough for every category.</summary>
    private string Input()
    {
        var input = Path.Combine(_work, "in");
        foreach (var folder in new[] { "photons/E0010000", "photons/E0050000", "electrons/E0001000", "electrons/E0010000" })
            foreach (var file in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", folder)))
            {
                var into = Directory.CreateDirectory(Path.Combine(input, "LAr", folder)).FullName;
                File.CreateSymbolicLink(Path.Combine(into, Path.GetFileName(file)), file);
            }
        return input;
    }

    private static byte[] Candidates(string output) => File.ReadAllBytes(Path.Combine(output, OutputLayout.Quest, OutputLayout.QuestCandidatesFile));

    /// <summary>Rewrites every tracks file with its <c>source_path</c> column alone: what a resume needs, none of what the quest needs.</summary>
    private static async Task StripTracksToTheResumeKey(string output)
    {
        foreach (var file in ParquetDataset.FilesIn(Path.Combine(output, OutputLayout.Tracks)).ToList())
        {
            var paths = await ParquetTableFile.ReadStringColumnAsync(file, CompletedTracks.SourcePathColumn);
            var column = new StringColumnBuffer(CompletedTracks.SourcePathColumn);
            foreach (var p in paths) column.Add(p);
            File.Delete(file);
            await ParquetTableFile.WriteAsync(file, [column]);
        }
    }

    [SharedDataFact]
    public async Task A_merge_pass_over_shards_whose_tracks_files_lost_their_columns_ranks_as_one_run()
    {
        var input = Input();
        var reference = Path.Combine(_work, "one-run");
        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", reference));
        var expected = Candidates(reference);
        var rows = await ParquetDataset.ReadAsync(Path.Combine(reference, OutputLayout.Quest));
        Assert.True(rows.Rows.Count >= 4, $"only {rows.Rows.Count} candidates: the comparison shows little");

        var sharded = Path.Combine(_work, "sharded");
        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", sharded, "--shard", "0/2"));
        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", sharded, "--shard", "1/2"));
        await StripTracksToTheResumeKey(sharded);
        File.Delete(Path.Combine(sharded, OutputLayout.Quest, OutputLayout.QuestCandidatesFile));

        // The merge pass: every track is skipped (the resume key is there), the quest comes from the side tables alone.
        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", sharded));
        Assert.Equal(expected, Candidates(sharded));
    }

    [SharedDataFact]
    public async Task The_quest_is_rebuilt_from_the_side_tables_with_the_tracks_folder_gone()
    {
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await Run("--input", Input(), "--output", output));
        var expected = Candidates(output);
        Assert.NotEmpty(ParquetDataset.FilesIn(Path.Combine(output, OutputLayout.QuestRows)));

        Directory.Delete(Path.Combine(output, OutputLayout.Tracks), recursive: true);
        File.Delete(Path.Combine(output, OutputLayout.Quest, OutputLayout.QuestCandidatesFile));
        var classifier = Shipped.Classifier;
        await QuestSelection.SelectAsync(output, classifier.CandidateThreshold, classifier.QuestTopPerCategory);
        Assert.Equal(expected, Candidates(output));
    }

    [SharedDataFact]
    public async Task A_damaged_side_table_is_named_in_one_line_and_deleting_it_recovers_the_quest()
    {
        var input = Input();
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", output));
        var expected = Candidates(output);
        var side = ParquetDataset.FilesIn(Path.Combine(output, OutputLayout.QuestRows)).First();
        var bytes = File.ReadAllBytes(side);
        File.WriteAllBytes(side, bytes[..(bytes.Length / 2)]);

        var (code, _, error) = await Hosting.ConsoleCapture.RunAsync(["run", "--input", input, "--output", output, "--images", "none"]);
        Assert.Equal(ExitCodes.Fatal, code);
        // Log lines go to the error stream too; the failure is the one line the program writes in its own name.
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => l.StartsWith("trackpipeline:", StringComparison.Ordinal));
        Assert.Contains(side, line);
        Assert.Contains("delete it and rerun", line);

        File.Delete(side);
        Assert.Equal(ExitCodes.Success, await Run("--input", input, "--output", output));
        Assert.Equal(expected, Candidates(output));
    }
}
