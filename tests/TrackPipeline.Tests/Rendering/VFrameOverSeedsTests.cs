using System.Text.Json;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The same four sample tracks run (`run --images all`, shipped settings) at two detector seeds, 2 and 7: the drift and
/// readout differ, so the pixels' vertex and the arms measured at it move by a few tenths of a mm (round 10, docs/pictures.md).
/// </summary>
public sealed class SeedPairPicturesRun : IAsyncLifetime
{
    /// <summary>50 MeV electron called weird pair at both seeds: arms 3 deg apart along one track, their ends 0.56 mm apart at seed 2, 0.80 at seed 7.</summary>
    public const string StraightElectron = PairPicturesRun.StraightElectron;
    /// <summary>10 MeV pair whose arms' ends lie 1.01 mm apart at the raw vertex, no charge-free band: the narrowest V kept by its ends.</summary>
    public const string NarrowPair = "TrackE0010000_D20250527_T1333381151";
    /// <summary>50 MeV pair whose leptons run together 15 mm (ends 0.61 mm apart at both seeds), kept by the band between them farther out.</summary>
    public const string CrossingPair = PairPicturesRun.CrossingPair;
    /// <summary>10 MeV Compton electron called symmetric pair: one track with a side branch 15 mm down (ends 0.76 / 0.87 mm, band run 5.25 / 4.5 mm).</summary>
    public const string ForkedElectron = "TrackE0010000_D20250527_T1333418307";

    public static readonly string[] Names = [StraightElectron, NarrowPair, CrossingPair, ForkedElectron];
    public static readonly int[] Seeds = [2, 7];

    private static string Particle(string name) => name == StraightElectron ? "electrons" : "photons";

    private readonly string _work = Directory.CreateTempSubdirectory("tp-seed-pictures-").FullName;
    public string Output(int seed) => Path.Combine(_work, $"out{seed}");
    public Dictionary<int, int> ExitCodes { get; } = [];
    public Dictionary<int, List<Dictionary<string, object?>>> Tracks { get; } = [];

    public async Task InitializeAsync()
    {
        if (TestData.TracksRoot is null) return;
        foreach (var name in Names)
        {
            string energy = name.Substring(5, 8);
            var from = Path.Combine(TestData.TracksRoot, "LAr", Particle(name), energy);
            var to = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", Particle(name), energy)).FullName;
            File.Copy(Path.Combine(from, name + ".npz"), Path.Combine(to, name + ".npz"));
        }
        foreach (int seed in Seeds)
        {
            ExitCodes[seed] = await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "in"), "--output", Output(seed), "--images", "all",
                "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Tracks[seed] = (await ParquetDataset.ReadAsync(Path.Combine(Output(seed), DatasetLayout.TracksFolder))).Rows;
        }
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    public string PredictedClass(int seed, string name) =>
        (string)Tracks[seed].Single(r => (string)r[TrackColumns.TrackId]! == name)[TrackColumns.PredictedClass]!;

    /// <summary>The event page's data of a track at a seed.</summary>
    public JsonElement PageData(int seed, string name)
    {
        var html = File.ReadAllText(Path.Combine(Output(seed), "events", Particle(name), name.Substring(5, 8), name + ".html"));
        const string open = "<script type=\"application/json\" id=\"event-data\">";
        int start = html.IndexOf(open, StringComparison.Ordinal) + open.Length;
        return JsonDocument.Parse(html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)]).RootElement.Clone();
    }
}

/// <summary>
/// A V frame is a claim that the picture shows two leptons leaving a vertex; made at one detector seed and not at the next
/// for the same charge, it confuses. The visible-V thresholds (Images:PairVEndApartMm, PairVGapRunMm) sit in the gap between
/// what single tracks and pairs measure over eight seeds (docs/pictures.md round 10), so these tracks get the same decision
/// at both seeds. The sample files are copied without their pickles: nothing here can read the truth.
/// </summary>
public sealed class VFrameOverSeedsTests(SeedPairPicturesRun run) : IClassFixture<SeedPairPicturesRun>
{
    private static bool HasPlus(JsonElement page) => page.GetProperty("reco").EnumerateArray().Any(e => e.GetProperty("symbol").GetString() == "cross");

    /// <summary>The frame's subject without its size ("on the V at the reconstructed vertex").</summary>
    private static string Subject(JsonElement page)
    {
        var label = page.GetProperty("frameLabel").GetString()!;
        int on = label.IndexOf(" on the ", StringComparison.Ordinal);
        return on < 0 ? label : label[on..];
    }

    [SharedDataTheory]
    [InlineData(SeedPairPicturesRun.StraightElectron)]
    [InlineData(SeedPairPicturesRun.NarrowPair)]
    [InlineData(SeedPairPicturesRun.CrossingPair)]
    [InlineData(SeedPairPicturesRun.ForkedElectron)]
    public void A_track_called_a_pair_at_both_seeds_gets_the_same_frame_at_both(string name)
    {
        foreach (int seed in SeedPairPicturesRun.Seeds)
        {
            Assert.Equal(ExitCodes.Success, run.ExitCodes[seed]);
            // The classifier's call may change with the seed; the test is about the picture's decision given the call.
            Assert.True(QuestCategory.IsPairClass(run.PredictedClass(seed, name)), $"{name} is called {run.PredictedClass(seed, name)} at seed {seed}: the test shows nothing");
        }
        var pages = SeedPairPicturesRun.Seeds.Select(s => run.PageData(s, name)).ToArray();
        // With PairVEndApartMm 0.75 the straight electron got a 31 mm V frame at seed 7 (ends 0.80 mm apart) and its
        // 435 mm main-cluster frame at seed 2 (0.56 mm).
        Assert.True(pages.All(p => HasPlus(p) == HasPlus(pages[0])), $"{name}: a V frame at one seed only: " + string.Join(" | ", pages.Select(p => p.GetProperty("frameLabel").GetString())));
        Assert.True(pages.All(p => Subject(p) == Subject(pages[0])), $"{name}: frames " + string.Join(" | ", pages.Select(p => p.GetProperty("frameLabel").GetString())));
    }

    [SharedDataFact]
    public void The_straight_electron_is_no_V_and_the_narrow_pairs_are_at_both_seeds()
    {
        foreach (int seed in SeedPairPicturesRun.Seeds)
        {
            Assert.False(HasPlus(run.PageData(seed, SeedPairPicturesRun.StraightElectron)), $"seed {seed}: the straight electron is framed on a V");
            Assert.True(HasPlus(run.PageData(seed, SeedPairPicturesRun.NarrowPair)), $"seed {seed}: the 10 MeV narrow pair lost its V frame");
            Assert.True(HasPlus(run.PageData(seed, SeedPairPicturesRun.CrossingPair)), $"seed {seed}: the 50 MeV pair lost its V frame");
        }
    }
}
