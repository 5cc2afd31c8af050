using Parquet;
using TrackPipeline.App;
using TrackPipeline.Output;
using TrackPipeline.Tests.Hosting;

namespace TrackPipeline.Tests.Output;

/// <summary>
/// Known issue S3: resuming into an output written before the quest ranked by its keys (<c>quest_key_*</c> columns) was
/// refused only after the run had processed its new tracks and written them beside the old ones. Now it is refused
/// before any work, in one line naming the parts and what to do; doing it works.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class OutputBeforeQuestKeysTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-before-keys-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>Links to the first <paramref name="count"/> tracks of the sample's 1 MeV electrons in <c>in/</c>.</summary>
    private string Input(int count)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        foreach (var npz in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).Take(count))
            foreach (var f in (string[])[npz, Path.ChangeExtension(npz, ".pickle")])
            {
                var link = Path.Combine(folder, Path.GetFileName(f));
                if (File.Exists(f) && !File.Exists(link)) File.CreateSymbolicLink(link, f);
            }
        return Path.Combine(_work, "in");
    }

    /// <summary>Rewrites a Parquet file without the columns <paramref name="drop"/> selects: what a part written before them holds.</summary>
    private static async Task WithoutColumns(string file, Func<string, bool> drop)
    {
        Dictionary<string, bool> nullable;
        await using (var reader = await ParquetReader.CreateAsync(file))
            nullable = reader.Schema.GetDataFields().ToDictionary(f => f.Name, f => f.IsNullable);
        var table = await ParquetDataset.ReadColumnsAsync(file);
        var buffers = new List<ColumnBuffer>();
        foreach (var (name, values) in table.Columns.Where(c => !drop(c.Key)))
            buffers.Add(values switch
            {
                string?[] s => Strings(name, s, nullable[name]),
                double[] d => Values(new ValueColumnBuffer<double>(name), d),
                double?[] d => Nullables(new NullableColumnBuffer<double>(name), d),
                float[] f => Values(new ValueColumnBuffer<float>(name), f),
                float?[] f => Nullables(new NullableColumnBuffer<float>(name), f),
                int[] i => Values(new ValueColumnBuffer<int>(name), i),
                int?[] i => Nullables(new NullableColumnBuffer<int>(name), i),
                long[] l => Values(new ValueColumnBuffer<long>(name), l),
                long?[] l => Nullables(new NullableColumnBuffer<long>(name), l),
                bool[] b => Values(new ValueColumnBuffer<bool>(name), b),
                bool?[] b => Nullables(new NullableColumnBuffer<bool>(name), b),
                _ => throw new NotSupportedException($"{file}: column {name} of {values.GetType()}"),
            });
        File.Delete(file);
        await ParquetTableFile.WriteAsync(file, buffers);

        static ColumnBuffer Strings(string name, string?[] values, bool isNullable)
        {
            var buffer = new StringColumnBuffer(name, isNullable);
            foreach (var v in values) buffer.Add(v!);
            return buffer;
        }
        static ColumnBuffer Values<T>(ValueColumnBuffer<T> buffer, T[] values) where T : struct
        {
            buffer.AddRange(values);
            return buffer;
        }
        static ColumnBuffer Nullables<T>(NullableColumnBuffer<T> buffer, T?[] values) where T : struct
        {
            foreach (var v in values) buffer.Add(v);
            return buffer;
        }
    }

    private static string[] Parts(string output, string table) =>
        [.. ParquetDataset.FilesIn(Path.Combine(output, table))];

    [SharedDataFact]
    public async Task A_resume_into_an_output_without_quest_keys_is_refused_before_any_work_and_the_advice_works()
    {
        var output = Path.Combine(_work, "out");
        string[] run = ["run", "--input", Input(2), "--output", output, "--images", "none"];
        Assert.Equal(ExitCodes.Success, (await ConsoleCapture.RunAsync(run)).Code);
        // The output as the code before the quest keys left it: scores, no quest_key_* columns, in the tracks and side tables.
        foreach (var file in Parts(output, OutputLayout.Tracks).Concat(Parts(output, OutputLayout.QuestRows)))
            await WithoutColumns(file, c => c.StartsWith("quest_key_", StringComparison.Ordinal));
        var tracksBefore = Parts(output, OutputLayout.Tracks);
        var pixelsBefore = Parts(output, OutputLayout.Pixels);
        var reportsBefore = Directory.GetFiles(Path.Combine(output, OutputLayout.Runs)).Order(StringComparer.Ordinal).ToArray();
        Assert.NotEmpty(tracksBefore);

        Input(4);   // two more tracks to process
        var (code, _, error) = await ConsoleCapture.RunAsync(run);

        Assert.Equal(ExitCodes.Fatal, code);
        // Before any work: no track processed or written, no report of a run that started.
        Assert.Equal(tracksBefore, Parts(output, OutputLayout.Tracks));
        Assert.Equal(pixelsBefore, Parts(output, OutputLayout.Pixels));
        Assert.Equal(reportsBefore, Directory.GetFiles(Path.Combine(output, OutputLayout.Runs)).Order(StringComparer.Ordinal).ToArray());
        // Log lines go to the error stream too; the refusal is the one line the program writes in its own name.
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => l.StartsWith("trackpipeline:", StringComparison.Ordinal));
        Assert.Contains(tracksBefore[0], line);
        Assert.Contains("quest_key_", line);

        // The advice: every part is old, so delete the three tables and rerun.
        Assert.Contains($"{OutputLayout.Pixels} and {OutputLayout.QuestRows} folders", line);
        foreach (var table in new[] { OutputLayout.Tracks, OutputLayout.Pixels, OutputLayout.QuestRows })
            Directory.Delete(Path.Combine(output, table), recursive: true);
        Assert.Equal(ExitCodes.Success, (await ConsoleCapture.RunAsync(run)).Code);
        var rows = (await ParquetDataset.ReadAsync(Path.Combine(output, OutputLayout.Tracks), ["source_path", "quest_key_neat_electron"])).Rows;
        Assert.Equal(4, rows.Select(r => (string)r["source_path"]!).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(4, rows.Count);
        Assert.True(File.Exists(Path.Combine(output, OutputLayout.Quest, OutputLayout.QuestCandidatesFile)));
    }

    [SharedDataFact]
    public async Task Only_some_old_parts_are_named_one_by_one()
    {
        var output = Path.Combine(_work, "out");
        string[] run = ["run", "--input", Input(2), "--output", output, "--images", "none", "--Run:TracksPerFile", "1"];
        Assert.Equal(ExitCodes.Success, (await ConsoleCapture.RunAsync(run)).Code);
        var tracks = Parts(output, OutputLayout.Tracks);
        Assert.Equal(2, tracks.Length);
        var old = tracks[1];
        var side = Path.Combine(output, OutputLayout.QuestRows, Path.GetRelativePath(Path.Combine(output, OutputLayout.Tracks), old));
        await WithoutColumns(old, c => c.StartsWith("quest_key_", StringComparison.Ordinal));
        await WithoutColumns(side, c => c.StartsWith("quest_key_", StringComparison.Ordinal));

        Input(3);
        var (code, _, error) = await ConsoleCapture.RunAsync(run);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            l => l.StartsWith("trackpipeline:", StringComparison.Ordinal));
        Assert.Equal(tracks, Parts(output, OutputLayout.Tracks));
        Assert.Contains($"delete {old}, {side} and rerun", line);
        Assert.DoesNotContain(tracks[0], line);

        // Deleting the named files: the run removes the part's pixels, and its track is processed again with the new one.
        File.Delete(old);
        File.Delete(side);
        Assert.Equal(ExitCodes.Success, (await ConsoleCapture.RunAsync(run)).Code);
        // The tables are those of one clean run over the same three tracks: nothing twice, nothing lost.
        var reference = Path.Combine(_work, "reference");
        Assert.Equal(ExitCodes.Success, (await ConsoleCapture.RunAsync([.. run[..4], reference, .. run[5..]])).Code);
        Assert.Equal(await PixelRowsPerTrack(reference), await PixelRowsPerTrack(output));
        Assert.Equal(3, (await ParquetDataset.ReadAsync(Path.Combine(output, OutputLayout.Tracks), ["source_path"])).Rows.Count);
    }

    private static async Task<string[]> PixelRowsPerTrack(string output) =>
        [.. (await ParquetDataset.ReadAsync(Path.Combine(output, OutputLayout.Pixels), ["track_id"])).Rows
            .GroupBy(r => (string)r["track_id"]!).Select(g => $"{g.Key}: {g.Count()}").Order(StringComparer.Ordinal)];
}
