using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Classification;

/// <summary>The efficiency plot's error bars: the one-sigma Wilson score interval.</summary>
public sealed class EfficiencyIntervalTests
{
    [Fact]
    public void All_or_nothing_of_a_few_tracks_is_not_a_certainty()
    {
        // 1 of 1: Wilson with z = 1 gives [1/2, 1]; 0 of 1: [0, 1/2].
        var (lo, hi) = EfficiencyPlot.OneSigmaInterval(1, 1);
        Assert.Equal(0.5, lo, 12);
        Assert.Equal(1.0, hi, 12);
        (lo, hi) = EfficiencyPlot.OneSigmaInterval(0, 1);
        Assert.Equal(0.0, lo, 12);
        Assert.Equal(0.5, hi, 12);
    }

    [Theory]
    [InlineData(5, 10)]
    [InlineData(80, 100)]
    [InlineData(9000, 10000)]
    public void Many_tracks_approach_the_normal_sigma(int correct, int total)
    {
        // For large n the interval tends to p +- sqrt(p(1-p)/n), centred on p.
        double p = correct / (double)total, sigma = Math.Sqrt(p * (1 - p) / total);
        var (lo, hi) = EfficiencyPlot.OneSigmaInterval(correct, total);
        Assert.True(lo < p && p < hi);
        Assert.Equal(2 * sigma, hi - lo, 2 * sigma * (total >= 1000 ? 0.01 : 0.1));
    }
}

/// <summary>The classifier plots' counting on rows with known truth.</summary>
public sealed class ClassifierPlotCountingTests
{
    private static Dictionary<string, object?> Row(string? truth, string? predicted) =>
        new() { [TrackPipeline.Output.TrackColumns.TruthClass] = truth, [TrackPipeline.Output.TrackColumns.PredictedClass] = predicted };

    [Fact]
    public void Rows_without_truth_or_prediction_or_with_an_unknown_class_are_left_out_and_counted()
    {
        var confusion = new ConfusionMatrixPlot();
        var efficiency = new EfficiencyPlot();
        (string?, string?)[] rows = [("neat_electron", "neat_electron"), ("neat_electron", "brem_electron"), ("weird_pair", "weird_pair"),
            (null, "neat_electron"), ("single_site", null), ("renamed_class", "single_site")];
        foreach (var (t, p) in rows)
            foreach (var plot in new IRunPlot[] { confusion, efficiency }) plot.Add("electrons", 1000, Row(t, p));

        Assert.Equal(3, confusion.TracksWithTruth);
        Assert.Equal(1, confusion.TruthWithoutPrediction);
        Assert.Equal(1, confusion.UnknownClass);
        Assert.Equal(1, confusion.Counts[0, 0]);
        Assert.Equal(1, confusion.Counts[0, 1]);
        Assert.Equal(2, confusion.RowTotal(0));
        Assert.Equal((2L, 1L), efficiency.At("neat_electron", 1000));
        Assert.Equal((1L, 1L), efficiency.At("weird_pair", 1000));
        Assert.Equal((0L, 0L), efficiency.At("weird_pair", 300));
    }

    /// <summary>Regression: a track from an energy folder E0000000 (energy not known) made the log energy axis start at
    /// log10(0) and the tick loop never ended, so a run with pictures hung after the quest.</summary>
    [Fact]
    public async Task A_track_of_unknown_energy_is_counted_apart_and_the_plot_is_drawn()
    {
        var plot = new EfficiencyPlot();
        var row = new Dictionary<string, object?> { [TrackPipeline.Output.TrackColumns.TruthClass] = "neat_electron", [TrackPipeline.Output.TrackColumns.PredictedClass] = "neat_electron" };
        plot.Add("electrons", 0, row);
        plot.Add("electrons", 1000, row);
        Assert.Equal(1, plot.UnknownEnergy);
        Assert.Equal([1000], plot.Energies);
        var draw = Task.Run(() => { using var bitmap = plot.Draw(new TrackRenderer(Colormap.Plasma, typeface: null), 800, 450); });
        Assert.Same(draw, await Task.WhenAny(draw, Task.Delay(TimeSpan.FromSeconds(30))));
        await draw;

        var onlyUnknown = new EfficiencyPlot();
        onlyUnknown.Add("electrons", 0, row);
        using var panel = onlyUnknown.Draw(new TrackRenderer(Colormap.Plasma, typeface: null), 800, 450);
        Assert.Equal(0, onlyUnknown.TracksWithTruth);
    }
}
