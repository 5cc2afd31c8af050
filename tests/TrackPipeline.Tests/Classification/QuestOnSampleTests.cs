using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// The quest's exemplars on the real sample must be right by the truth (the issue's rules), and the ranked
/// candidates of each category must all be of the right kind.
/// </summary>
public sealed class QuestOnSampleTests(SampleRunFixture run) : IClassFixture<SampleRunFixture>
{
    private async Task<List<Dictionary<string, object?>>> Candidates(string category)
    {
        run.AssertSucceeded();
        var table = await ParquetDataset.ReadAsync(Path.Combine(run.Output, "quest"));
        return table.Rows.Where(r => (string)r["category"]! == category).OrderBy(r => (int)r["rank"]!).ToList();
    }

    private static double D(Dictionary<string, object?> row, string column) => Convert.ToDouble(row[column]);

    [SharedDataFact]
    public async Task The_neat_electron_is_a_long_electron_track_with_one_cluster_and_no_significant_brem()
    {
        var best = (await Candidates(QuestCategory.NeatElectron))[0];
        Assert.Equal("electrons", best["particle"]);
        Assert.True((int)best["energy_kev"]! >= 1000, "a track, not a 100 keV blob");
        Assert.True((bool)best["passes_threshold"]!);
        Assert.Equal(1, D(best, "raw_n_significant_clusters"));
        Assert.True(D(best, "brem_total_fraction") < 0.03, $"brem fraction {D(best, "brem_total_fraction")}");
        Assert.True(D(best, "raw_track_length_mm") > 10);
    }

    [SharedDataFact]
    public async Task The_brem_electron_has_several_detached_clusters_from_several_brem_photons()
    {
        var best = (await Candidates(QuestCategory.BremElectron))[0];
        Assert.Equal("electrons", best["particle"]);
        Assert.True((bool)best["passes_threshold"]!);
        Assert.True(D(best, "raw_n_significant_clusters") - 1 >= 3, "several significant detached clusters");
        Assert.True(D(best, "n_brem_above_min") >= 2, "several brem photons above the cut");
        Assert.True(D(best, "raw_farthest_detached_mm") > 20, "sub-tracks all around, not beside the track");
    }

    [SharedDataFact]
    public async Task The_symmetric_pair_is_a_pair_conversion_with_two_clearly_separated_balanced_prongs()
    {
        var best = (await Candidates(QuestCategory.SymmetricPair))[0];
        Assert.Equal("photons", best["particle"]);
        Assert.Equal("pair", best["first_interaction"]);
        Assert.True((bool)best["passes_threshold"]!);
        Assert.Equal(2, D(best, "raw_truth_vertex_n_prongs"));
        Assert.True(D(best, "raw_truth_vertex_prong_symmetry") > 0.7);
        Assert.True(D(best, "raw_truth_vertex_opening_angle_deg") > 10, "prongs clearly apart");
        Assert.True(D(best, "raw_truth_vertex_split_radius_mm") <= 12, "they separate close to the vertex");
    }

    [SharedDataFact]
    public async Task The_weird_pair_is_a_pair_conversion_strongly_asymmetric_or_with_extra_prongs()
    {
        var best = (await Candidates(QuestCategory.WeirdPair))[0];
        Assert.Equal("photons", best["particle"]);
        Assert.Equal("pair", best["first_interaction"]);
        Assert.True((bool)best["passes_threshold"]!);
        Assert.True(D(best, "raw_truth_vertex_n_prongs") >= 3 || D(best, "raw_truth_vertex_prong_symmetry") < 0.25);
    }

    [SharedDataFact]
    public async Task Every_ranked_candidate_is_of_its_category_kind()
    {
        foreach (var row in await Candidates(QuestCategory.NeatElectron))
            Assert.True((string)row["particle"]! == "electrons" && D(row, "raw_n_significant_clusters") == 1);
        foreach (var row in await Candidates(QuestCategory.BremElectron))
            Assert.True((string)row["particle"]! == "electrons" && D(row, "n_brem_above_min") >= 1);
        foreach (var category in new[] { QuestCategory.SymmetricPair, QuestCategory.WeirdPair })
            foreach (var row in await Candidates(category))
                Assert.Equal("pair", row["first_interaction"]);
    }
}
