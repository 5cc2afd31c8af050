using TrackPipeline.App.Hosting;
using TrackPipeline.Config;
using TrackPipeline.Pipeline;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Breaker B6 (seventh session): under <c>ulimit -v</c> the .NET heap gets a third of the address space
/// (<see cref="AddressSpaceLimit.RegionRange"/>), which can be smaller than <c>Run:MemoryBudgetMb</c>: the budget then admits
/// more track data than the heap can hold, silently. The run now warns once at start, naming both values and the setting.
/// </summary>
public sealed class MemoryBudgetWarningTests
{
    private const ulong MB = 1UL << 20;

    [Fact]
    public void The_shipped_budget_under_a_1_5_GB_limit_is_warned_with_both_values_and_the_setting()
    {
        int budget = ShippedSettings.Load<RunOptions>(RunOptions.Section).MemoryBudgetMb;
        ulong limit = 1536 * MB;
        ulong share = AddressSpaceLimit.RegionRange(limit);
        Assert.Equal(512 * MB, share);
        var warning = AddressSpaceLimit.BudgetWarning(limit, share, budget);
        Assert.NotNull(warning);
        Assert.Contains($"Run:MemoryBudgetMb is {budget} MB", warning);
        Assert.Contains("share of the address space (512 MB of the 1536 MB that ulimit -v allows)", warning);
        Assert.Contains("--Run:MemoryBudgetMb 256", warning);
        Assert.DoesNotContain('\n', warning);
    }

    [Theory]
    [InlineData(null, 0UL, 2560)]          // no limit: nothing to say
    [InlineData(9000UL, 3000UL, 2560)]     // the share holds the budget
    [InlineData(1536UL, 512UL, 512)]       // exactly the share
    [InlineData(1536UL, 512UL, 256)]
    public void A_budget_within_the_heaps_share_or_without_a_limit_is_not_warned(ulong? limitMb, ulong shareMb, int budgetMb) =>
        Assert.Null(AddressSpaceLimit.BudgetWarning(limitMb * MB, shareMb * MB, budgetMb));

    [Theory]
    [InlineData(1536UL, 512UL, 513)]
    [InlineData(3000UL, 1000UL, 2560)]     // a 3 GB limit: a third is 1000 MB, below the shipped 2560
    public void A_budget_above_the_heaps_share_is_warned(ulong limitMb, ulong shareMb, int budgetMb) =>
        Assert.Contains($"({shareMb} MB of the {limitMb} MB", AddressSpaceLimit.BudgetWarning(limitMb * MB, shareMb * MB, budgetMb));
}
