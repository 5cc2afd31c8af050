using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Classification;
using TrackPipeline.Output;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The classifier's plots of the run (issue 11) on the real sample: <c>truth_class</c> in the tracks table, the
/// confusion matrix and efficiency vs energy linked from index.html, their counts checked against the table.
/// </summary>
public sealed class ClassifierPlotsOnSampleTests(SampleRunFixture run) : IClassFixture<SampleRunFixture>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-noplots-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task Every_sample_track_has_a_truth_class_consistent_with_its_truth()
    {
        run.AssertSucceeded();
        var rows = (await ParquetDataset.ReadAsync(Path.Combine(run.Output, DatasetLayout.TracksFolder))).Rows;
        Assert.Equal(108, rows.Count);
        foreach (var row in rows)
        {
            var id = (string)row["track_id"]!;
            var truth = Assert.IsType<string>(row[TrackColumns.TruthClass]);
            Assert.Contains(truth, QuestCategory.All);
            // The physics of the label: an electron primary is never a photon class, a photon that converted is a pair.
            if ((string)row["particle"]! == "electrons")
                Assert.True(QuestCategory.IsElectronClass(truth) || truth is QuestCategory.SingleSite or QuestCategory.Other, $"{id}: electron labelled {truth}");
            else if (row["truth_n_pair"] is int pairs && pairs > 0)
                Assert.True(QuestCategory.IsPairClass(truth), $"{id}: converted photon labelled {truth}");
            else
                Assert.False(QuestCategory.IsElectronClass(truth) || QuestCategory.IsPairClass(truth), $"{id}: photon without pair labelled {truth}");
        }
        // Every class the sample holds is found: electrons neat and with brem, pairs, Compton and single sites.
        foreach (var category in new[] { QuestCategory.NeatElectron, QuestCategory.BremElectron, QuestCategory.SymmetricPair, QuestCategory.WeirdPair, QuestCategory.MultiSiteCompton, QuestCategory.SingleSite })
            Assert.Contains(rows, r => (string?)r[TrackColumns.TruthClass] == category);
    }

    [SharedDataFact]
    public async Task Both_plots_are_linked_and_their_counts_are_the_tables()
    {
        run.AssertSucceeded();
        var index = await File.ReadAllTextAsync(ImagePaths.Index(run.Output));
        var confusion = new ConfusionMatrixPlot();
        var efficiency = new EfficiencyPlot();
        foreach (var plot in new IRunPlot[] { confusion, efficiency })
        {
            Assert.True(File.Exists(Path.Combine(run.Output, RunPlots.Folder, plot.FileName)), plot.FileName);
            Assert.Contains($"src=\"{RunPlots.Folder}/{plot.FileName}\"", index);
        }
        Assert.Contains(RunPlots.Default(), p => p is ConfusionMatrixPlot);
        Assert.Contains(RunPlots.Default(), p => p is EfficiencyPlot);

        await RunPlots.FillAsync(run.Output, [confusion, efficiency], CancellationToken.None);
        var rows = (await ParquetDataset.ReadAsync(Path.Combine(run.Output, DatasetLayout.TracksFolder))).Rows;
        var withTruth = rows.Where(r => r[TrackColumns.TruthClass] is string && r[TrackColumns.PredictedClass] is string).ToList();
        Assert.Equal(108, withTruth.Count);

        long sum = 0, diagonal = 0;
        for (int t = 0; t < confusion.Classes.Count; t++)
            for (int p = 0; p < confusion.Classes.Count; p++)
            {
                sum += confusion.Counts[t, p];
                if (t == p) diagonal += confusion.Counts[t, p];
                // Each cell is the number of tracks with that truth and that prediction.
                Assert.Equal(withTruth.Count(r => (string)r[TrackColumns.TruthClass]! == confusion.Classes[t] && (string)r[TrackColumns.PredictedClass]! == confusion.Classes[p]), confusion.Counts[t, p]);
            }
        Assert.Equal(withTruth.Count, sum);
        Assert.Equal(withTruth.Count, confusion.TracksWithTruth);
        Assert.Equal(0, confusion.TruthWithoutPrediction);
        // The classifier is far from perfect and far from chance on the sample (docs/classification.md: 83 %).
        Assert.InRange(diagonal, withTruth.Count / 2, withTruth.Count - 1);

        // Efficiency: per energy folder and class, the right and total counts of the table.
        Assert.Equal(withTruth.Count, efficiency.TracksWithTruth);
        Assert.Equal([100, 300, 500, 1000, 3000, 5000, 10000, 20000, 50000], efficiency.Energies);
        foreach (var energy in efficiency.Energies)
            foreach (var category in QuestCategory.All)
            {
                var of = withTruth.Where(r => (int)r["energy_kev"]! == energy && (string)r[TrackColumns.TruthClass]! == category).ToList();
                Assert.Equal((of.Count, of.Count(r => (string)r[TrackColumns.PredictedClass]! == category)), efficiency.At(category, energy));
            }
    }

    [SharedDataFact]
    public async Task A_track_without_pickle_has_no_truth_class_and_the_plots_say_there_is_no_truth()
    {
        // One sample track copied without its pickle: real data, as a detector would record it.
        var npz = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        var folder = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        File.Copy(npz, Path.Combine(folder, Path.GetFileName(npz)));
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", Path.Combine(_work, "in"), "--output", output, "--depth", "0.01"]));

        var row = Assert.Single((await ParquetDataset.ReadAsync(Path.Combine(output, DatasetLayout.TracksFolder))).Rows);
        Assert.Null(row[TrackColumns.TruthClass]);
        Assert.IsType<string>(row[TrackColumns.PredictedClass]);

        var confusion = new ConfusionMatrixPlot();
        var efficiency = new EfficiencyPlot();
        await RunPlots.FillAsync(output, [confusion, efficiency], CancellationToken.None);
        Assert.Equal(0, confusion.TracksWithTruth);
        Assert.Equal(0, efficiency.TracksWithTruth);
        Assert.Empty(efficiency.Energies);
        // The plots are still there (an explicit "no truth" panel), so index.html has no broken image.
        var index = await File.ReadAllTextAsync(ImagePaths.Index(output));
        foreach (var plot in new IRunPlot[] { confusion, efficiency })
        {
            Assert.True(File.Exists(Path.Combine(output, RunPlots.Folder, plot.FileName)), plot.FileName);
            Assert.Contains($"src=\"{RunPlots.Folder}/{plot.FileName}\"", index);
        }
    }
}
