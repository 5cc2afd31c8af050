using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Classification.Learning;

namespace TrackPipeline.Tests.Classification;

/// <summary><c>evaluate --run-seeds</c>: which seeds a count or a list gives, and the spread's statistics over them.</summary>
public sealed class RunSeedsTests
{
    [Fact]
    public void A_count_gives_the_run_seed_first_then_one_two_and_so_on_skipping_the_run_seed()
    {
        Assert.Equal([12345UL], EvaluateCommand.RunSeeds(null, 12345));
        Assert.Equal([12345UL], EvaluateCommand.RunSeeds("1", 12345));
        Assert.Equal([12345UL, 1, 2, 3, 4], EvaluateCommand.RunSeeds("5", 12345));
        Assert.Equal([3UL, 1, 2, 4], EvaluateCommand.RunSeeds("4", 3));
    }

    [Fact]
    public void A_list_gives_its_seeds_as_listed_and_a_bad_one_is_refused_naming_it()
    {
        Assert.Equal([7UL, 12345, 0], EvaluateCommand.RunSeeds("7, 12345,0", 12345));
        Assert.Contains("'x'", Assert.Throws<CommandLineException>(() => EvaluateCommand.RunSeeds("1,x", 12345)).Message, StringComparison.Ordinal);
        Assert.Contains("twice", Assert.Throws<CommandLineException>(() => EvaluateCommand.RunSeeds("2,2", 12345)).Message, StringComparison.Ordinal);
        Assert.Throws<CommandLineException>(() => EvaluateCommand.RunSeeds("0", 12345));
        Assert.Throws<CommandLineException>(() => EvaluateCommand.RunSeeds("-3", 12345));
    }

    [Fact]
    public void The_figure_over_seeds_has_the_sample_mean_and_sd()
    {
        // Round 8's pair figure at seeds 12345, 1-4: 14, 13, 13, 16, 13 -> mean 13.8, deviations^2 sum 6.8, sd sqrt(6.8 / 4).
        var f = new SeedFigure("pair", 18, [14, 13, 13, 16, 13]);
        Assert.Equal(13.8, f.Mean, 12);
        Assert.Equal(Math.Sqrt(6.8 / 4), f.StandardDeviation, 12);
        Assert.Equal(Math.Sqrt(6.8 / 4) / Math.Sqrt(5), f.StandardErrorOfMean, 12);
        Assert.Equal((13, 16), (f.Min, f.Max));
        Assert.Equal(0, new SeedFigure("one seed", 18, [14]).StandardDeviation);
    }
}
