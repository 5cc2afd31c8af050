using System.Text.Json;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Classification;
using TrackPipeline.Output;
using TrackPipeline.Rendering;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// One run (`run --images all`, shipped settings) over five photons of the real sample at 20 and 50 MeV whose pictures
/// failed to show their V in round 8 (note-s22), and a 50 MeV electron the classifier calls a pair, shared by the tests below.
/// </summary>
public sealed class PairPicturesRun : IAsyncLifetime
{
    /// <summary>50 MeV weird pair: the raw-charge vertex sat where its two leptons cross in XY, 15 mm down the V.</summary>
    public const string CrossingPair = "TrackE0050000_D20250527_T1332240929";
    /// <summary>20 MeV weird pair: no raw vertex with two prongs, framed on its 292 mm main cluster ("no V vertex found").</summary>
    public const string NoRawVertexPair = "TrackE0020000_D20250527_T1332289872";
    /// <summary>20 MeV weird pair: the raw vertex on a loop of one lepton 60 mm from the apex.</summary>
    public const string LoopPair = "TrackE0020000_D20250527_T1332607545";
    /// <summary>20 MeV weird pair whose raw vertex (5 mm from the apex) shows a V: kept (the pixel vertex lies 47 mm away).</summary>
    public const string RawVertexPair = "TrackE0020000_D20250527_T1332108719";
    /// <summary>20 MeV symmetric pair with a fitted V (split 0.97): the quest's symmetric-pair exemplar.</summary>
    public const string SymmetricPair = "TrackE0020000_D20250527_T1332161300";

    /// <summary>
    /// 50 MeV electron called weird pair: its reconstructed vertex has two dashed arms on charge 3 deg apart along one
    /// straight track (0.56 mm apart at the shorter arm's end); its evidence is its 11 brem sub-tracks.
    /// </summary>
    public const string StraightElectron = "TrackE0050000_D20250527_T1337378167";

    public static readonly string[] Names = [CrossingPair, NoRawVertexPair, LoopPair, RawVertexPair, SymmetricPair, StraightElectron];

    /// <summary>The sample's particle folder of a track (the input layout only; the pipeline never reads it for a decision).</summary>
    public static string Particle(string name) => name == StraightElectron ? "electrons" : "photons";

    private readonly string _work = Directory.CreateTempSubdirectory("tp-pair-pictures-").FullName;
    public string Output => Path.Combine(_work, "out");
    public int ExitCode { get; private set; } = -1;
    public List<Dictionary<string, object?>> Tracks { get; private set; } = [];

    public async Task InitializeAsync()
    {
        if (TestData.TracksRoot is null) return;
        foreach (var name in Names)
        {
            string energy = name.Substring(5, 8);   // "E0050000"
            var from = Path.Combine(TestData.TracksRoot, "LAr", Particle(name), energy);
            var to = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", Particle(name), energy)).FullName;
            File.Copy(Path.Combine(from, name + ".npz"), Path.Combine(to, name + ".npz"));
            File.Copy(Path.Combine(from, name + ".pickle"), Path.Combine(to, name + ".pickle"));
        }
        // Run seed 1: at the default seed the retrained model (session 24) calls the no-raw-vertex pair a brem electron by
        // a hair (P(pair) 0.18 against the operating point 0.2; a weird pair at 7 of 8 seeds), and a picture not called a
        // pair is not framed as one: the framing is what these tests judge, so they take a draw the classifier is sure of.
        ExitCode = await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "in"), "--output", Output, "--images", "all", "--seed", "1"]);
        Tracks = (await ParquetDataset.ReadAsync(Path.Combine(Output, DatasetLayout.TracksFolder))).Rows;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    public Dictionary<string, object?> Row(string name) => Tracks.Single(r => (string)r[TrackColumns.TrackId]! == name);

    /// <summary>The event page's "reco" entries of a track (the pictures' <c>+</c> and the V's arms among them).</summary>
    public JsonElement PageEntries(string name) => PageData(name).GetProperty("reco").Clone();

    /// <summary>The event page's data of a track (its frame, the whole event's box, the reco entries).</summary>
    public JsonElement PageData(string name)
    {
        var html = File.ReadAllText(Path.Combine(Output, "events", Particle(name), name.Substring(5, 8), name + ".html"));
        const string open = "<script type=\"application/json\" id=\"event-data\">";
        int start = html.IndexOf(open, StringComparison.Ordinal) + open.Length;
        return JsonDocument.Parse(html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)]).RootElement.Clone();
    }
}

/// <summary>
/// A pair's picture is framed on a vertex where the charge shows a V: two arms on charge and almost no charge behind the
/// apex, the arms apart at the picture's scale (round 9 and its mend, <see cref="ChargeNearVertex.ShowsV"/>). The frame never reads the truth; these tests use the truth vertex
/// only to judge where the <c>+</c> landed.
/// </summary>
public sealed class VertexShowingVOnSampleTests(PairPicturesRun run) : IClassFixture<PairPicturesRun>
{
    private static Vec3 TruthVertexMm(Dictionary<string, object?> row) =>
        1000 * new Vec3((double)row["truth_pair_vertex_x_m"]!, (double)row["truth_pair_vertex_y_m"]!, (double)row["truth_pair_vertex_z_m"]!);

    private static JsonElement Plus(JsonElement entries) => entries.EnumerateArray().Single(e => e.GetProperty("symbol").GetString() == "cross");

    private static Vec3 Point(JsonElement entry)
    {
        var p = entry.GetProperty("point");
        return new Vec3(p[0].GetDouble(), p[1].GetDouble(), p[2].GetDouble());
    }

    /// <summary>Dashed arms drawn on the page (segments of the arms entry; 0 without one).</summary>
    private static int ArmsDrawn(JsonElement entries) =>
        entries.EnumerateArray().Where(e => e.GetProperty("name").GetString()!.Contains("arms", StringComparison.Ordinal))
            .Sum(e => e.GetProperty("lines").GetProperty("x").EnumerateArray().Count(v => v.ValueKind == JsonValueKind.Number) / 2);

    [SharedDataTheory]
    [InlineData(PairPicturesRun.CrossingPair)]
    [InlineData(PairPicturesRun.NoRawVertexPair)]
    [InlineData(PairPicturesRun.LoopPair)]
    public void A_pair_whose_raw_vertex_shows_no_V_is_framed_at_its_apex_with_both_arms(string name)
    {
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var row = run.Row(name);
        Assert.True(QuestCategory.IsPairClass((string)row[TrackColumns.PredictedClass]!), $"{name} is called {row[TrackColumns.PredictedClass]}");
        var entries = run.PageEntries(name);
        // Before round 9: the + 14.6 mm from the apex (crossing), none at all (no raw vertex), 60 mm away on a loop.
        double miss = (Point(Plus(entries)) - TruthVertexMm(row)).Length;
        Assert.True(miss < 2, $"{name}: the + is {miss:F1} mm from the pair's vertex");
        Assert.Equal(2, ArmsDrawn(entries));
    }

    /// <summary>Largest side (mm) of a box given as [x0, x1, y0, y1, z0, z1] on the event page.</summary>
    private static double Side(JsonElement box)
    {
        var b = box.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        return Math.Max(Math.Max(b[1] - b[0], b[3] - b[2]), b[5] - b[4]);
    }

    [SharedDataFact]
    public void Two_arms_along_one_straight_track_are_no_V_frame()
    {
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var name = PairPicturesRun.StraightElectron;
        Assert.True(QuestCategory.IsPairClass((string)run.Row(name)[TrackColumns.PredictedClass]!), $"{name} is no longer called a pair: the test shows nothing");
        var page = run.PageData(name);
        // Before the mend: a 31 mm frame on the reconstructed vertex (+, two dashed arms 3 deg apart), the picture one line,
        // its brem sub-tracks only in the inset.
        Assert.DoesNotContain(page.GetProperty("reco").EnumerateArray(), e => e.GetProperty("symbol").GetString() == "cross");
        Assert.Equal(0, ArmsDrawn(page.GetProperty("reco")));
        // The main-cluster frame takes in the nearest detached clusters: it spans most of the event, not a corner of it.
        double frame = Side(page.GetProperty("frame")), whole = Side(page.GetProperty("whole"));
        Assert.True(frame > 0.5 * whole, $"{name}: a {frame:F0} mm frame in a {whole:F0} mm event");
    }

    /// <summary>
    /// The frame stays on the raw vertex (the pixel vertex lies 47 mm away), and its <c>+</c> is where the dashed arms start,
    /// the charge's apex 5 mm behind that vertex (picmend10: until then the <c>+</c> sat on the raw vertex, 5.3 mm from the
    /// true one, up one arm).
    /// </summary>
    [SharedDataFact]
    public void A_raw_vertex_that_shows_a_V_keeps_the_frame_with_its_plus_where_the_arms_start()
    {
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var name = PairPicturesRun.RawVertexPair;
        var entries = run.PageEntries(name);
        var plusEntry = Plus(entries);
        Assert.Contains("behind the vertex found from the raw charge", plusEntry.GetProperty("name").GetString());
        var plus = Point(plusEntry);
        var arms = entries.EnumerateArray().Single(e => e.GetProperty("name").GetString()!.Contains("arms", StringComparison.Ordinal));
        Assert.True((Point(arms) - plus).Length < 1e-6, $"the arms start at {Point(arms)}, the + is at {plus}");
        double miss = (plus - TruthVertexMm(run.Row(name))).Length;
        Assert.True(miss < 2, $"{name}: the + is {miss:F1} mm from the pair's vertex");
    }
}

/// <summary>
/// The quest ranks the pairs on the reconstruction's energy split and opening angle: its candidates table carries them
/// (and the vertex) beside the truth, equal to the tracks table's, and the quest pictures' caption says them as "reco:".
/// </summary>
public sealed class QuestRecoFiguresOnSampleTests(PairPicturesRun run) : IClassFixture<PairPicturesRun>
{
    private static readonly string[] RecoColumns = ["reco_energy_split", "reco_opening_angle_deg", "reco_vertex_x_m", "reco_vertex_y_m", "reco_vertex_z_m"];

    [SharedDataFact]
    public async Task The_candidates_table_carries_the_reco_figures_of_the_tracks_table()
    {
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var candidates = (await ParquetDataset.ReadAsync(Path.Combine(run.Output, OutputLayout.Quest))).Rows;
        Assert.NotEmpty(candidates);
        int withSplit = 0;
        foreach (var c in candidates)
        {
            var track = run.Row((string)c[TrackColumns.TrackId]!);
            foreach (var column in RecoColumns)
            {
                Assert.True(c.ContainsKey(column), $"candidates.parquet has no {column}");
                Assert.Equal(KeyFigures.Number(track, column), KeyFigures.Number(c, column));
            }
            if (KeyFigures.Number(c, "reco_energy_split") is not null) withSplit++;
        }
        Assert.True(withSplit > 0, "no candidate with a fitted V: the comparison above compared nulls only");
    }

    [SharedDataFact]
    public async Task The_quest_caption_of_a_pair_says_what_it_was_ranked_on()
    {
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var candidates = (await ParquetDataset.ReadAsync(Path.Combine(run.Output, OutputLayout.Quest))).Rows;
        var symmetric = candidates.First(c => (string)c["category"]! == QuestCategory.SymmetricPair && (string)c[TrackColumns.TrackId]! == PairPicturesRun.SymmetricPair);
        var c = System.Globalization.CultureInfo.InvariantCulture;
        string expected = $"reco: V opening {((double)symmetric["reco_opening_angle_deg"]!).ToString("0.#", c)} deg, energy split {((double)symmetric["reco_energy_split"]!).ToString("0.00", c)}";
        Assert.Contains(expected, KeyFigures.Describe(symmetric));
        // The weird pair ranked without a fitted V says so, next to its truth.
        var crossing = candidates.First(r => (string)r[TrackColumns.TrackId]! == PairPicturesRun.CrossingPair);
        Assert.Null(crossing["reco_energy_split"]);
        Assert.Contains("reco: no V fitted", KeyFigures.Describe(crossing));
    }
}
