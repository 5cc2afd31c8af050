using Microsoft.Extensions.Configuration;
using TrackPipeline.App.Hosting;
using TrackPipeline.Config;

namespace TrackPipeline.Tests.Hosting;

/// <summary>Breaker 17 (low): Classifier:QuestTopPerCategory 2147483647 failed after the run, 1e9 cost CPU; both are refused at the settings check.</summary>
public sealed class QuestTopBoundTests
{
    [Theory]
    [InlineData("2147483647")]
    [InlineData("1000000000")]
    public void A_quest_list_longer_than_the_bound_is_refused(string top)
    {
        var problem = Assert.Single(SettingsCatalog.Problems(ShippedSettings.AddTo(new ConfigurationBuilder()).AddCommandLine(["--Classifier:QuestTopPerCategory", top]).Build()));
        Assert.StartsWith("Classifier:QuestTopPerCategory must be at most", problem);
        Assert.Empty(SettingsCatalog.Problems(ShippedSettings.AddTo(new ConfigurationBuilder()).AddCommandLine(["--Classifier:QuestTopPerCategory", "10000"]).Build()));
    }
}
