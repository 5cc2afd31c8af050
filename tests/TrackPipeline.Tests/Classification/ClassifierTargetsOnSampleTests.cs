using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Classification;
using TrackPipeline.Classification.Learning;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// The shipped model on the real sample (depth 1 cm, from the triggered pixels), measured by the issue-9 figures as the
/// MEAN over five run seeds (12345 = Run:Seed shipped, then 1, 2, 3, 4: <c>evaluate --run-seeds 5</c>). A single seed's
/// figure is one draw: the run seed alone (the drift's and readout's random stream, same model) moves the pair figure
/// by sd 0.55 tracks of 18, electron vs photon by 1.65 of 72 and the quest by 0.91 of 12 (20 seeds, docs/classification.md
/// "Where it stands", the model of round 9), as much as the gaps to the goals. The mean of five moves by sd / sqrt(5) (0.25, 0.74, 0.41
/// tracks), so a floor two such steps below the shipped model's mean fails when the model gets worse by about that much,
/// and a changed random stream alone (same model) crosses it about one time in forty per figure.
/// Recipe for each floor (after a retrain or a change of the random stream): run
/// <c>trackpipeline evaluate --input ../shared/data/Tracks --Detector:DepthM 0.01 --run-seeds 20</c>, take the figure's
/// mean over its first five seeds (12345, 1, 2, 3, 4), subtract twice the 20-seed sd / sqrt(5), round down to one
/// decimal, and update docs/classification.md "Where it stands".
/// Cost: five measurements of the 108 tracks (one read of the sample each) and the shared run: 25 s in this test
/// alone, run by itself at load average ~20-40 (evaluate --run-seeds 5 from the command line: 50 s wall, 15 s CPU, same load).
/// </summary>
public sealed class ClassifierTargetsOnSampleTests(SampleRunFixture run) : IClassFixture<SampleRunFixture>
{
    /// <summary>
    /// Photons >= 10 MeV whose "contains a pair" is right, mean of 18 over the five seeds. Shipped model (round 9, 200
    /// tracks per energy): 14, 15, 14, 14, 14 -> mean 14.2; 14.2 - 2 x 0.55 / sqrt(5) = 13.71 -> 13.7 (was 12.0). The five
    /// seeds' 14.2 is above the 20-seed mean 13.90, so a changed random stream alone crosses this floor about one time in five.
    /// </summary>
    private const double PairContainmentMeanFloor = 13.7;
    /// <summary>
    /// Tracks >= 1 MeV whose electron-or-photon is right, mean of 72 over the five seeds. Shipped model (round 9):
    /// 63, 60, 63, 62, 62 -> mean 62.0; 62.0 - 2 x 1.65 / sqrt(5) = 60.52 -> 60.5 (was 58.3).
    /// </summary>
    private const double ElectronVsPhotonMeanFloor = 60.5;
    /// <summary>
    /// Quest top-3 candidates right by truth, mean of 12 over the five seeds. Session 22's model: 9, 8, 7, 8, 8 -> mean 8.0;
    /// 8.0 - 2 x 0.72 / sqrt(5) = 7.35 -> 7.3. Round 9's model: 8, 8, 7, 8, 8 -> mean 7.8; the recipe gives 7.8 - 2 x 0.91 /
    /// sqrt(5) = 6.99 -> 6.9, lower: the floor stays 7.3 (floors only go up; 7.8 passes it, and the 20-seed mean 8.10 puts a
    /// five-seed mean below 7.3 at about 2.5 %).
    /// </summary>
    private const double QuestMeanFloor = 7.3;

    [SharedDataFact]
    public async Task The_shipped_model_keeps_its_measured_level_on_the_sample_as_a_mean_over_five_run_seeds()
    {
        int exit = EvaluateCommand.Run(["--input", TestData.TracksRoot!, "--Detector:DepthM", "0.01", "--run-seeds", "5"], TextWriter.Null, out var spread);
        Assert.NotEqual(ExitCodes.Fatal, exit);
        Assert.NotNull(spread);
        Assert.Equal([12345UL, 1, 2, 3, 4], spread.Seeds);
        var (pair, kind, quest) = (spread.Figures[0], spread.Figures[1], spread.Figures[2]);
        Assert.Equal((18, 72, 12), (pair.Tracks, kind.Tracks, quest.Tracks));

        // The run's own table (Run:Seed 12345) is evaluate's first seed: the mean includes the draw a run shows.
        run.AssertSucceeded();
        var rows = (await ParquetDataset.ReadAsync(Path.Combine(run.Output, DatasetLayout.TracksFolder))).Rows;
        var photons10 = rows.Where(r => (string)r["particle"]! == "photons" && (int)r["energy_kev"]! >= 10_000).ToList();
        var above1 = rows.Where(r => (int)r["energy_kev"]! >= 1_000).ToList();
        Assert.Equal(18, photons10.Count);
        Assert.Equal(72, above1.Count);
        int pairRight = photons10.Count(r => QuestCategory.IsPairClass((string)r[TrackColumns.PredictedClass]!) == (r["truth_n_pair"] is int n && n > 0));
        int kindRight = above1.Count(r => QuestCategory.IsElectronClass((string)r[TrackColumns.PredictedClass]!) == ((string)r["particle"]! == "electrons"));
        Assert.Equal(pair.PerSeed[0], pairRight);
        Assert.Equal(kind.PerSeed[0], kindRight);

        string Seen(SeedFigure f) => $"{f.Mean:0.00} of {f.Tracks} (per seed {string.Join(", ", f.PerSeed)}; sd {f.StandardDeviation:0.00})";
        Assert.True(pair.Mean >= PairContainmentMeanFloor, $"pair containment, mean over 5 run seeds {Seen(pair)}, floor {PairContainmentMeanFloor} (recipe in this test's summary)");
        Assert.True(kind.Mean >= ElectronVsPhotonMeanFloor, $"electron vs photon, mean over 5 run seeds {Seen(kind)}, floor {ElectronVsPhotonMeanFloor} (recipe in this test's summary)");
        Assert.True(quest.Mean >= QuestMeanFloor, $"quest top-3, mean over 5 run seeds {Seen(quest)}, floor {QuestMeanFloor} (recipe in this test's summary)");
    }
}
