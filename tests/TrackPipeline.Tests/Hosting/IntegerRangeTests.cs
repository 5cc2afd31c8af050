using Microsoft.Extensions.Configuration;
using TrackPipeline.App.Hosting;
using TrackPipeline.Config;

namespace TrackPipeline.Tests.Hosting;

/// <summary>Breaker 17 (low): a whole number beyond an integer setting's type (Run:MemoryBudgetMb 99999999999) was called "not an integer".</summary>
public sealed class IntegerRangeTests
{
    private static IReadOnlyList<string> Problems(string key, string value) =>
        SettingsCatalog.Problems(ShippedSettings.AddTo(new ConfigurationBuilder()).AddCommandLine([$"--{key}={value}"]).Build());

    [Fact]
    public void A_whole_number_beyond_the_type_is_too_large_not_a_non_integer()
    {
        var problem = Assert.Single(Problems("Run:MemoryBudgetMb", "99999999999"));
        Assert.Contains("'99999999999' is too large (at most 2147483647)", problem);
        Assert.DoesNotContain("not an integer", problem);
        Assert.Contains("is too small", Assert.Single(Problems("Run:MemoryBudgetMb", "-99999999999")));
        // Not a whole number at all is still said so.
        Assert.Contains("is not an integer", Assert.Single(Problems("Run:MemoryBudgetMb", "1.5")));
    }
}
