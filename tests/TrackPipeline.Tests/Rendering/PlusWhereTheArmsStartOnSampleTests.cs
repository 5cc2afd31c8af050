using System.Text.Json;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Classification;
using TrackPipeline.Output;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// One run (`run --images all`, shipped settings and seed) over the sample's 50 MeV pair photon T1332400307, without its
/// pickle: the classifier calls it a weird pair (energy split 0.17 in the fit).
/// </summary>
public sealed class LopsidedPairRun : IAsyncLifetime
{
    public const string Name = "TrackE0050000_D20250527_T1332400307";
    private const string Folder = "E0050000";

    private readonly string _work = Directory.CreateTempSubdirectory("tp-lopsided-pair-").FullName;
    public string Output => Path.Combine(_work, "out");
    public int ExitCode { get; private set; } = -1;
    public Dictionary<string, object?>? Row { get; private set; }

    /// <summary>The sample's truth vertex of the pair (mm), read from its pickle by the test only.</summary>
    public Vec3 TruthVertexMm { get; private set; }

    public async Task InitializeAsync()
    {
        if (TestData.TracksRoot is null) return;
        var from = Path.Combine(TestData.TracksRoot, "LAr", "photons", Folder);
        // The track alone and without truth: the picture must not need it (house rule); the truth is read aside to judge.
        var to = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "photons", Folder)).FullName;
        File.Copy(Path.Combine(from, Name + ".npz"), Path.Combine(to, Name + ".npz"));
        ExitCode = await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "in"), "--output", Output, "--images", "all"]);
        Row = (await ParquetDataset.ReadAsync(Path.Combine(Output, DatasetLayout.TracksFolder))).Rows.Single();

        var truthIn = Directory.CreateDirectory(Path.Combine(_work, "truth", "LAr", "photons", Folder)).FullName;
        File.Copy(Path.Combine(from, Name + ".npz"), Path.Combine(truthIn, Name + ".npz"));
        File.Copy(Path.Combine(from, Name + ".pickle"), Path.Combine(truthIn, Name + ".pickle"));
        var truthOut = Path.Combine(_work, "truth-out");
        if (await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "truth"), "--output", truthOut, "--images", "none"]) != ExitCodes.Success) return;
        var truth = (await ParquetDataset.ReadAsync(Path.Combine(truthOut, DatasetLayout.TracksFolder))).Rows.Single();
        TruthVertexMm = 1000 * new Vec3((double)truth["truth_pair_vertex_x_m"]!, (double)truth["truth_pair_vertex_y_m"]!, (double)truth["truth_pair_vertex_z_m"]!);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    /// <summary>The event page's "reco" entries (the pictures' <c>+</c> and the V's arms among them).</summary>
    public JsonElement PageEntries()
    {
        var html = File.ReadAllText(Path.Combine(Output, "events", "photons", Folder, Name + ".html"));
        const string open = "<script type=\"application/json\" id=\"event-data\">";
        int start = html.IndexOf(open, StringComparison.Ordinal) + open.Length;
        return JsonDocument.Parse(html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)]).RootElement.GetProperty("reco").Clone();
    }
}

/// <summary>
/// One vertex per picture (breaker10 finding 1): the 50 MeV weird pair T1332400307 got a 12 mm V frame on its raw-charge
/// vertex, 4.8 mm up the steeper arm, with the <c>+</c> drawn there while the dashed arms started at the apex. The
/// <c>+</c> is now where the arms start: the charge's apex. Nothing in the frame reads the truth; this test reads it to judge.
/// </summary>
public sealed class PlusWhereTheArmsStartOnSampleTests(LopsidedPairRun run) : IClassFixture<LopsidedPairRun>
{
    private static Vec3 Point(JsonElement entry)
    {
        var p = entry.GetProperty("point");
        return new Vec3(p[0].GetDouble(), p[1].GetDouble(), p[2].GetDouble());
    }

    [SharedDataFact]
    public void The_plus_of_a_lopsided_pair_is_on_its_apex_where_the_arms_start()
    {
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.True(QuestCategory.IsPairClass((string)run.Row![TrackColumns.PredictedClass]!), $"called {run.Row[TrackColumns.PredictedClass]}: no V frame to judge");
        var entries = run.PageEntries();
        var plus = Point(entries.EnumerateArray().Single(e => e.GetProperty("symbol").GetString() == "cross"));
        var arms = Point(entries.EnumerateArray().Single(e => e.GetProperty("name").GetString()!.Contains("arms", StringComparison.Ordinal)));
        // Before: the + 4.8 mm from the true vertex (the raw-charge vertex), the arms 0.1 mm from it.
        double miss = (plus - run.TruthVertexMm).Length;
        Assert.True(miss < 2, $"the + is {miss:F1} mm from the pair's true vertex {run.TruthVertexMm}");
        Assert.True((arms - plus).Length < 1e-6, $"the arms start at {arms}, the + is at {plus}");
    }

    /// <summary>
    /// Round 11: the page's blue lines of the reconstruction's pair fit (energy split 0.17, opening 84 deg where the charge's
    /// arms open ~33) ran along neither arm and were shown from the start like the V. A fit the V frame does not trust
    /// (split under <c>Images:PairFrameMinEnergySplit</c>) now starts hidden, its legend entry saying why in the fit's own numbers.
    /// </summary>
    [SharedDataFact]
    public void A_fitted_pair_the_frame_does_not_trust_starts_hidden_and_says_why()
    {
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        double split = (double)run.Row!["reco_energy_split"]!;
        Assert.True(split < Shipped.Images.PairFrameMinEnergySplit, $"the fit's split is {split}: this track no longer shows a lopsided fit");
        var fit = run.PageEntries().EnumerateArray().Single(e => e.GetProperty("name").GetString()!.StartsWith("reconstructed from pixels: pair vertex", StringComparison.Ordinal));
        string name = fit.GetProperty("name").GetString()!;
        Assert.False(fit.GetProperty("visible").GetBoolean(), $"shown at first: {name}");
        string reason = $"not confident: energy split {split.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)} < 0.2";
        Assert.Contains(reason, name, StringComparison.Ordinal);
    }
}
