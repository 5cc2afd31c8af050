using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// The shipped model on the real sample (the main run at depth 1 cm, from the triggered pixels), measured by the
/// issue-9 targets from the tracks table: pair containment for photons >= 10 MeV and electron vs photon >= 1 MeV.
/// The floors are the levels docs/classification.md reports for the shipped model ("Where it stands"); a retrain or
/// a change upstream that loses a track on either target fails here and must be weighed (and the doc updated).
/// </summary>
public sealed class ClassifierTargetsOnSampleTests(SampleRunFixture run) : IClassFixture<SampleRunFixture>
{
    /// <summary>
    /// Photons >= 10 MeV whose "contains a pair" is right, of 18. 13 since round 8 (14 before, docs/classification.md): the
    /// drift's and readout's ziggurat Gaussians and the skeleton's defined tie-break draw the sample's pixels anew, and the
    /// model, trained on features of the old stream, loses one track here and one below (weighed in
    /// docs/benchmarks/whole-run.md, Round 8: within the sample's binomial spread; the lead retrains after the merge).
    /// </summary>
    private const int PairContainmentRight = 13;
    /// <summary>
    /// Tracks >= 1 MeV whose electron-or-photon is right, of 72. 61 since round 6 (62 before): the 45-feature model with
    /// the pair operating point gains 6 pair photons on each generated set and loses 2 sample tracks here (63 -> 61,
    /// within the sample's 3-track standard error), weighed in docs/classification.md; 60 since round 8 (above).
    /// </summary>
    private const int ElectronVsPhotonRight = 60;

    [SharedDataFact]
    public async Task The_shipped_model_keeps_its_measured_level_on_the_sample()
    {
        run.AssertSucceeded();
        var rows = (await ParquetDataset.ReadAsync(Path.Combine(run.Output, DatasetLayout.TracksFolder))).Rows;
        var photons10 = rows.Where(r => (string)r["particle"]! == "photons" && (int)r["energy_kev"]! >= 10_000).ToList();
        var above1 = rows.Where(r => (int)r["energy_kev"]! >= 1_000).ToList();
        Assert.Equal(18, photons10.Count);
        Assert.Equal(72, above1.Count);
        int pairRight = photons10.Count(r => QuestCategory.IsPairClass((string)r[TrackColumns.PredictedClass]!) == (r["truth_n_pair"] is int n && n > 0));
        int kindRight = above1.Count(r => QuestCategory.IsElectronClass((string)r[TrackColumns.PredictedClass]!) == ((string)r["particle"]! == "electrons"));
        Assert.True(pairRight >= PairContainmentRight, $"pair containment {pairRight} of 18, the shipped model's level is {PairContainmentRight}");
        Assert.True(kindRight >= ElectronVsPhotonRight, $"electron vs photon {kindRight} of 72, the shipped model's level is {ElectronVsPhotonRight}");
    }
}
