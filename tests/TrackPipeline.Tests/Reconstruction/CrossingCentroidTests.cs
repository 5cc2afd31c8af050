using TrackPipeline.Reconstruction;

namespace TrackPipeline.Tests.Reconstruction;

/// <summary>The charge-sharing centroid's error (<see cref="CrossingCentroid"/>) against its limits and a direct sampling.</summary>
public sealed class CrossingCentroidTests
{
    [Fact]
    public void Without_diffusion_the_centroid_is_the_pixel_centre_and_errs_by_pitch_over_sqrt_12()
    {
        Assert.Equal(0.5e-3 / Math.Sqrt(12), CrossingCentroid.ErrorM(0.5e-3, 0), 12);
    }

    [Fact]
    public void Diffusion_shares_charge_and_shrinks_the_error_below_the_quadrature_sum()
    {
        double pitch = 0.5e-3;
        double narrow = CrossingCentroid.ErrorM(pitch, 0.03e-3), shipped = CrossingCentroid.ErrorM(pitch, 0.12e-3), wide = CrossingCentroid.ErrorM(pitch, 0.25e-3);
        Assert.True(narrow < pitch / Math.Sqrt(12) && shipped < narrow && wide < shipped, $"{narrow} {shipped} {wide}");
        // 1 cm of drift (0.12 mm) on 0.5 mm pixels: a few hundredths of a mm, against 0.19 mm for pitch / sqrt 12 (+) diffusion.
        Assert.InRange(shipped, 0.02e-3, 0.06e-3);
    }

    [Fact]
    public void The_error_matches_pixel_centres_weighted_by_sampled_electrons()
    {
        // Independent check: electrons drawn around a track at a random offset, each counted at its pixel's centre.
        double pitch = 0.5e-3, sigma = 0.08e-3;
        var random = new Random(20261128);
        double sum2 = 0;
        const int tracks = 2000, electrons = 2000;
        for (int t = 0; t < tracks; t++)
        {
            double u = pitch * (random.NextDouble() - 0.5), moment = 0;
            for (int e = 0; e < electrons; e++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                moment += Math.Floor((u + sigma * g) / pitch + 0.5) * pitch;
            }
            double miss = moment / electrons - u;
            sum2 += miss * miss;
        }
        double sampled = Math.Sqrt(sum2 / tracks), expected = CrossingCentroid.ErrorM(pitch, sigma);
        // The finite electron count adds sigma / sqrt(electrons) = 1.8 um in quadrature; the rms of 2000 offsets is good to ~3 %.
        Assert.InRange(sampled, 0.93 * expected, 1.07 * Math.Sqrt(expected * expected + sigma * sigma / electrons));
    }
}
