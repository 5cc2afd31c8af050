using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The captions of the quest, compare and contact-sheet pictures say where each figure comes from (breaker8 F5: the
/// truth vertex's opening angle and symmetry were shown unlabelled, next to the reconstruction's different figures).
/// </summary>
public sealed class KeyFiguresCaptionTests
{
    private static Dictionary<string, object?> PairRow() => new()
    {
        ["particle"] = "photons",
        ["truth_first_interaction"] = "pair",
        ["truth_raw_vertex_n_prongs"] = 2L,
        ["truth_raw_vertex_opening_angle_deg"] = 30.14,
        ["truth_raw_vertex_prong_symmetry"] = 0.941,
        ["raw_vertex_n_prongs"] = 2L,
        ["raw_vertex_opening_angle_deg"] = 12.0,
        ["raw_vertex_prong_symmetry"] = 0.5,
        [KeyFigures.RecoOpeningAngleColumn] = 36.2,
        [KeyFigures.RecoEnergySplitColumn] = 0.617,
        ["predicted_class"] = "symmetric_pair",
        [KeyFigures.TrackLengthColumn] = 45.0,
        [KeyFigures.SignificantClustersColumn] = 3L,
    };

    [Fact]
    public void A_pairs_truth_figures_are_labelled_truth_and_the_reconstructions_reco()
    {
        var caption = KeyFigures.Describe(PairRow());
        Assert.Equal("truth: first pair, opening angle 30.1 deg, symmetry 0.94; reco: V opening 36.2 deg, energy split 0.62; length 45 mm, 2 detached clusters", caption);
    }

    /// <summary>breaker16: one detached cluster was captioned "1 detached clusters".</summary>
    [Theory]
    [InlineData(1L, "0 detached clusters")]
    [InlineData(2L, "1 detached cluster")]
    [InlineData(3L, "2 detached clusters")]
    public void One_detached_cluster_is_singular(long significant, string expected)
    {
        var row = PairRow();
        row[KeyFigures.SignificantClustersColumn] = significant;
        Assert.EndsWith(", " + expected, KeyFigures.Describe(row));
    }

    [Fact]
    public void Without_the_truth_vertex_the_raw_deposits_estimate_is_not_called_truth()
    {
        var row = PairRow();
        row["truth_raw_vertex_n_prongs"] = null;
        row["truth_raw_vertex_opening_angle_deg"] = null;
        row["truth_raw_vertex_prong_symmetry"] = null;
        row.Remove(KeyFigures.RecoOpeningAngleColumn);   // a run without the reconstruction
        row.Remove(KeyFigures.RecoEnergySplitColumn);
        var caption = KeyFigures.Describe(row);
        Assert.Equal("truth: first pair; opening angle 12 deg, symmetry 0.50, length 45 mm, 2 detached clusters", caption);
        Assert.DoesNotContain("30.1", caption);
    }

    /// <summary>
    /// The "reco:" group is the reconstruction's, whatever the truth says (round 9): until then it was shown only where the
    /// truth's first interaction was a pair, so the same track without its pickle lost it.
    /// </summary>
    [Fact]
    public void A_track_without_a_pickle_has_no_truth_group_and_keeps_its_reco_group()
    {
        var row = PairRow();
        foreach (var key in row.Keys.Where(k => k.StartsWith("truth_", StringComparison.Ordinal)).ToList()) row[key] = null;
        var caption = KeyFigures.Describe(row);
        Assert.DoesNotContain("truth", caption);
        Assert.Equal("reco: V opening 36.2 deg, energy split 0.62; length 45 mm, 2 detached clusters", caption);
        Assert.EndsWith(caption, KeyFigures.Describe(PairRow()));
    }

    [Fact]
    public void A_track_called_a_pair_without_a_fitted_V_says_so()
    {
        var row = PairRow();
        row[KeyFigures.RecoOpeningAngleColumn] = null;
        row[KeyFigures.RecoEnergySplitColumn] = null;
        Assert.Contains("; reco: no V fitted; ", KeyFigures.Describe(row));
        row["predicted_class"] = "brem_electron";   // not called a pair: nothing to say of a V
        Assert.DoesNotContain("reco", KeyFigures.Describe(row));
    }

    [Fact]
    public void An_electrons_caption_has_only_raw_deposit_figures()
    {
        var row = new Dictionary<string, object?>
        {
            ["particle"] = "electrons", [KeyFigures.TrackLengthColumn] = 0.42, [KeyFigures.SignificantClustersColumn] = 1L,
        };
        Assert.Equal("length 420 \u00b5m, 0 detached clusters", KeyFigures.Describe(row));
    }
}
