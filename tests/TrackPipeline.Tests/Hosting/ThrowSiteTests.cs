using System.Runtime.CompilerServices;
using TrackPipeline.App.Hosting;

namespace TrackPipeline.Tests.Hosting;

/// <summary>The one-line report of a bug names where it was thrown from the trace's text (Exception.TargetSite is not kept by Native AOT).</summary>
public sealed class ThrowSiteTests
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Thrower() => throw new InvalidCastException("a bug");

    private static async Task ThrowerAsync()
    {
        await Task.Yield();
        throw new InvalidCastException("a bug");
    }

    [Fact]
    public void A_thrown_exception_names_its_type_and_method()
    {
        var e = Assert.Throws<InvalidCastException>(Thrower);
        Assert.Equal("ThrowSiteTests.Thrower", ThrowSite.Of(e));
    }

    [Fact]
    public async Task An_async_method_is_named_as_written_not_as_its_state_machine()
    {
        var e = await Assert.ThrowsAsync<InvalidCastException>(ThrowerAsync);
        Assert.Equal("ThrowSiteTests.ThrowerAsync", ThrowSite.Of(e));
    }

    [Fact]
    public void An_exception_never_thrown_names_nothing() => Assert.Null(ThrowSite.Of(new InvalidCastException("made, not thrown")));
}
