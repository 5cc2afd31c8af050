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
/// by sd 1.3 tracks of 18, electron vs photon by 2.0 of 72 and the quest by 1.2 of 12 (20 seeds, docs/classification.md
/// round 8), as much as the gaps to the goals. The mean of five moves by sd / sqrt(5) (0.6, 0.9, 0.5 tracks), so a
/// floor one such step below the shipped model's mean fails when the model gets worse by about that much. A changed
/// random stream alone (same model) draws a new mean, below the floor about one time in four per figure in general;
/// for the quest more often (~70 %): the five seeds' 10.0 is 0.9 above the 20-seed mean 9.1 (docs/classification.md).
/// Recipe for each floor (after a retrain or a change of the random stream): run
/// <c>trackpipeline evaluate --input ../shared/data/Tracks --Detector:DepthM 0.01 --run-seeds 5</c>, take the figure's
/// mean over the five seeds, subtract the 20-seed sd / sqrt(5) of round 8 (pair 1.32, electron vs photon 2.02, quest
/// 1.17), round down to one decimal, and update docs/classification.md "Where it stands".
/// Cost: five measurements of the 108 tracks (one read of the sample each) and the shared run: 25 s in this test
/// alone, run by itself at load average ~20-40 (evaluate --run-seeds 5 from the command line: 50 s wall, 15 s CPU, same load).
/// </summary>
public sealed class ClassifierTargetsOnSampleTests(SampleRunFixture run) : IClassFixture<SampleRunFixture>
{
    /// <summary>
    /// Photons >= 10 MeV whose "contains a pair" is right, mean of 18 over the five seeds. Shipped model (round 8):
    /// 14, 13, 13, 16, 13 -> mean 13.8; 13.8 - 1.32 / sqrt(5) = 13.21 -> 13.2.
    /// </summary>
    private const double PairContainmentMeanFloor = 13.2;
    /// <summary>
    /// Tracks >= 1 MeV whose electron-or-photon is right, mean of 72 over the five seeds. Shipped model (round 8):
    /// 61, 60, 60, 59, 61 -> mean 60.2; 60.2 - 2.02 / sqrt(5) = 59.30 -> 59.3.
    /// </summary>
    private const double ElectronVsPhotonMeanFloor = 59.3;
    /// <summary>
    /// Quest top-3 candidates right by truth, mean of 12 over the five seeds. Shipped model (round 8): 11, 9, 11, 9, 10
    /// -> mean 10.0; 10.0 - 1.17 / sqrt(5) = 9.48 -> 9.4.
    /// </summary>
    private const double QuestMeanFloor = 9.4;

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
