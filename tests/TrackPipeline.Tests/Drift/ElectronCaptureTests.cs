using TrackPipeline.Drift;
using TrackPipeline.Numerics;

namespace TrackPipeline.Tests.Drift;

/// <summary>
/// <see cref="ElectronCapture"/> works out per deposit what <see cref="TrackRandom.Binomial"/> works out per sub-clump.
/// That must change nothing: the same survivors from the same stream, for every survival the drift can meet (the usual
/// ~0.999, a short lifetime below 1/2, no capture at all, sub-clumps of 0 electrons).
/// </summary>
public class ElectronCaptureTests
{
    [Theory]
    [InlineData(0.9993, 12)]   // the drift's usual case: 10 ms lifetime, sub-clumps of <= 12.5 e
    [InlineData(0.97, 12)]
    [InlineData(0.6, 40)]      // n p >= 16 for the larger size: through Binomial's mode walk
    [InlineData(0.3, 12)]      // capture the common outcome: Binomial itself
    [InlineData(1.0, 12)]      // no capture: no draw
    [InlineData(0.9993, 0)]    // decompression below one electron per sub-clump
    [InlineData(1e-300, 5)]
    public void Gives_the_survivors_of_Binomial(double survival, int smaller)
    {
        var perDeposit = new TrackRandom(20261127);
        var perSubClump = new TrackRandom(20261127);
        var capture = new ElectronCapture(survival, smaller);
        long captured = 0;
        for (int i = 0; i < 20_000; i++)
        {
            int size = smaller + (i % 3 == 0 ? 1 : 0);
            int expected = survival == 1.0 ? size : (int)perSubClump.Binomial(size, survival);
            int survivors = capture.Survivors(size, perDeposit);
            Assert.Equal(expected, survivors);
            captured += size - survivors;
        }
        // Both streams were advanced alike, so they continue alike.
        Assert.Equal(perSubClump.NextUInt64(), perDeposit.NextUInt64());
        if (survival is > 0.5 and < 1.0 && smaller > 0) Assert.True(captured > 0, "some electrons must be captured");
    }
}
