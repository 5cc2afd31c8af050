using Microsoft.Extensions.Options;
using TrackPipeline.App.Hosting;
using TrackPipeline.Classification;
using TrackPipeline.Config;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// The quest, the key figures and the plots read columns back from the tracks table by name. Those names are checked
/// against the run's schema at start-up (issue 14 item 5): a renamed column must stop the run there, not be read as null.
/// </summary>
public sealed class ReadBackColumnsTests
{
    private static StageFactory Factory(string readout)
    {
        var detector = ShippedSettings.Load<DetectorOptions>(DetectorOptions.Section);
        detector.Readout = readout;
        var images = Shipped.Images;
        images.Mode = ImageMode.None;
        return new StageFactory(Options.Create(ShippedSettings.Load<RunOptions>(RunOptions.Section)), Options.Create(detector),
            Options.Create(Shipped.Topology), Options.Create(Shipped.Classifier), Options.Create(Shipped.Reconstruction),
            Options.Create(Shipped.Labels), Options.Create(images));
    }

    private static IReadOnlyCollection<string> SchemaOf(string readout)
    {
        var factory = Factory(readout);
        var stages = factory.CreateStages();
        try { return TrackTable.CreateSchema([.. stages.OfType<ITableContributor>(), .. factory.TableColumns()]).Names.ToList(); }
        finally { foreach (var s in stages.OfType<IDisposable>()) s.Dispose(); }
    }

    [Theory]
    [InlineData("GAMPixG")]
    [InlineData("GAMPixD")]
    [InlineData("LArPix")]
    [InlineData("AnodeGridD")]
    [InlineData("none")]
    public void Every_read_back_column_is_written_by_the_shipped_stages(string readout)
    {
        Assert.Empty(TrackColumns.Missing(SchemaOf(readout), PipelineService.ReadBackColumns));
    }

    [Fact]
    public void A_renamed_feature_column_names_the_quest_and_the_column()
    {
        var schema = SchemaOf("GAMPixG").Select(c => c == "pix_straightness" ? "pix_straightness_renamed" : c).ToList();
        var problem = Assert.Single(TrackColumns.Missing(schema, PipelineService.ReadBackColumns));
        Assert.Contains("quest", problem);
        Assert.Contains("pix_straightness", problem);
        Assert.DoesNotContain("pix_straightness_renamed", problem);
    }

    [Fact]
    public void A_renamed_key_figure_column_is_found_whether_or_not_the_run_classifies()
    {
        foreach (var readout in (string[])["GAMPixG", "none"])
        {
            var schema = SchemaOf(readout).Where(c => c != KeyFigures.TrackLengthColumn).ToList();
            Assert.Contains(TrackColumns.Missing(schema, PipelineService.ReadBackColumns), p => p.Contains("KeyFigures") && p.Contains(KeyFigures.TrackLengthColumn));
        }
    }

    [Fact]
    public void The_quest_columns_are_not_required_of_a_run_that_does_not_classify()
    {
        var schema = SchemaOf("AnodeGridD");
        Assert.DoesNotContain(schema, c => c.StartsWith(TrackColumns.ScorePrefix, StringComparison.Ordinal));
        Assert.Empty(TrackColumns.Missing(schema, [QuestSelection.RequiredColumns]));
    }
}
