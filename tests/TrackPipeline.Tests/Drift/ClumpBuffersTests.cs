using TrackPipeline.Drift;
using TrackPipeline.Numerics;
using TrackPipeline.Pipeline;

namespace TrackPipeline.Tests.Drift;

/// <summary>
/// The drift's clump arrays are rented and given back when a track is written (<see cref="DriftedCharge.ReturnBuffers"/>).
/// A track drifted into arrays that held another track must come out as from fresh arrays, and a returned track must
/// keep its totals and show no clumps (never another track's).
/// </summary>
public class ClumpBuffersTests
{
    private static DriftedCharge Drift(ChargeDrift drift, int points, int seed) =>
        drift.Apply(DriftFixtures.RandomTrack(points, seed), TrackRandom.For(99, $"track{seed}", DriftStage.RandomStream));

    [Fact]
    public void A_track_drifted_into_reused_arrays_equals_one_drifted_into_fresh_ones()
    {
        var config = DriftFixtures.Load("GAMPixG");
        var drift = new ChargeDrift(config.Medium, config.Drift, config.Readout.AnodeGeometry);
        // Reference results, each copied out before anything is returned.
        var expected = new[] { (3000, 1), (800, 2), (5000, 3) }
            .Select(t => Drift(drift, t.Item1, t.Item2))
            .Select(d => (d.X.ToArray(), d.Y.ToArray(), d.Z.ToArray(), d.Electrons.ToArray(), d.TotalElectrons))
            .ToArray();

        // Now each track is returned before the next: big, small, bigger, into the same few arrays.
        int i = 0;
        foreach (var (points, seed) in new[] { (3000, 1), (800, 2), (5000, 3) })
        {
            var d = Drift(drift, points, seed);
            Assert.Equal(expected[i].Item1, d.X.ToArray());
            Assert.Equal(expected[i].Item2, d.Y.ToArray());
            Assert.Equal(expected[i].Item3, d.Z.ToArray());
            Assert.Equal(expected[i].Item4, d.Electrons.ToArray());
            long total = d.TotalElectrons;
            Assert.True(d.Count > 0);
            d.ReturnBuffers();
            Assert.Equal(0, d.Count);
            Assert.Equal(0, d.X.Length);
            Assert.Equal(total, d.TotalElectrons);
            d.ReturnBuffers(); // twice is harmless
            i++;
        }
    }

    [Fact]
    public void The_mean_z_the_drift_sums_as_it_goes_is_the_clumps_mean_to_the_bit()
    {
        // The readout bins z from the clumps' unweighted mean z; the drift sums it while making the clumps (issue 13, round
        // 10). It must be the very number a pass over the finished clumps gives, in the same order, or every z bin moves.
        var config = DriftFixtures.Load("GAMPixG");
        var drift = new ChargeDrift(config.Medium, config.Drift, config.Readout.AnodeGeometry);
        foreach (var (points, seed) in new[] { (1, 4), (3000, 5), (20000, 6) })
        {
            var d = Drift(drift, points, seed);
            Assert.True(d.Count > 0);
            double sum = 0;
            foreach (var z in d.Z) sum += z;
            Assert.Equal(BitConverter.DoubleToInt64Bits(sum / d.Count), BitConverter.DoubleToInt64Bits(d.MeanZ()));
            d.ReturnBuffers();
        }
        Assert.Equal(0, drift.Apply(new TrackPipeline.Tracks.Deposits([], []), TrackRandom.For(99, "empty", DriftStage.RandomStream)).MeanZ());
    }
}
