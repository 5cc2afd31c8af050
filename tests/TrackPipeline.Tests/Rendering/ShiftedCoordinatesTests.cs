using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>The vector form of the panels' coordinate shift gives the scalar statement's floats bit for bit (the pixels depend on it).</summary>
public sealed class ShiftedCoordinatesTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(1001)]
    public void Shift_and_sign_are_bit_identical_to_the_scalar_expressions(int n)
    {
        var random = new Random(20261128);
        var values = new float[n];
        for (int i = 0; i < n; i++)
            // Millimetres from a um-sized frame to a 2 m event, both signs, and values whose difference rounds (ties in float).
            values[i] = (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-3, 4)) + (i % 5 == 0 ? 123.456789 : 0));
        double origin = -0.1234567891234;
        var shifted = new float[n];
        var keyed = new float[n];
        ShiftedCoordinates.Of(values, origin, shifted);
        ShiftedCoordinates.Scaled(values, -1f, keyed);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits((float)(values[i] - origin)), BitConverter.SingleToInt32Bits(shifted[i]));
            Assert.Equal(BitConverter.SingleToInt32Bits(-1f * values[i]), BitConverter.SingleToInt32Bits(keyed[i]));
        }
    }
}
