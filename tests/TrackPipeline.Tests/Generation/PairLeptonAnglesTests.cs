using TrackPipeline.Generation;
using TrackPipeline.Numerics;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Generation;

/// <summary>The pair leptons' angles follow PENELOPE's model: (1 - beta cos theta)^-2 per lepton, azimuths independent.</summary>
public class PairLeptonAnglesTests
{
    private const int Samples = 20_000;

    [Theory]
    [InlineData(1.0)]
    [InlineData(10.0)]
    [InlineData(25.0)]
    public void MedianPolarAngleIsOneOverGamma(double kineticMeV)
    {
        // For p(cos theta) ~ (1 - beta cos theta)^-2 half the probability lies at cos theta > beta: the median angle is
        // arccos(beta) ~ 1/gamma (PENELOPE's nu = 0).
        var rng = new TrackRandom(4242);
        var cosines = new double[Samples];
        for (int i = 0; i < Samples; i++) cosines[i] = PairLeptonAngles.SampleCosTheta(kineticMeV, rng);
        Array.Sort(cosines);
        double total = kineticMeV + PhysicalConstants.ElectronMass;
        double beta = Math.Sqrt(kineticMeV * (kineticMeV + 2 * PhysicalConstants.ElectronMass)) / total;
        double median = Math.Acos(cosines[Samples / 2]);
        Assert.InRange(median / Math.Acos(beta), 0.95, 1.05);
        Assert.All(cosines, c => Assert.InRange(c, -1.0, 1.0));
    }

    [Fact]
    public void AzimuthsAreIndependentSoTheOpeningIsNarrowerThanTheSumOfAngles()
    {
        // Opposite azimuths (the Tsai model used before) put the leptons on either side of the photon: opening = theta- + theta+
        // and cos(dphi) = -1 always. Independent azimuths: half the pairs have both leptons on the same side, and the mean
        // opening is well below the mean sum of the polar angles: 2/pi ~ 0.64 of it for equal angles, ~0.77 with
        // independently drawn ones (one angle often dominates); exactly 1 for opposite azimuths.
        var rng = new TrackRandom(77);
        var photon = new Vec3(0, 0, 1);
        int sameSide = 0;
        double opening = 0, sum = 0;
        for (int i = 0; i < Samples; i++)
        {
            var (e, p) = PairLeptonAngles.Sample(photon, 5, 5, rng);
            if (e.X * p.X + e.Y * p.Y > 0) sameSide++;
            opening += Math.Acos(Math.Clamp(e.Dot(p), -1, 1));
            sum += Math.Acos(e.Z) + Math.Acos(p.Z);
        }
        Assert.InRange((double)sameSide / Samples, 0.48, 0.52);
        Assert.InRange(opening / sum, 0.64, 0.85);
    }
}
