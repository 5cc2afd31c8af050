using TrackPipeline.Pipeline;
using TrackPipeline.Drift;
using TrackPipeline.Readout;
using TrackPipeline.Numerics;

namespace TrackPipeline.Tests.Drift;

/// <summary>A track's result depends only on the run seed and its name: not on thread, shard or order.</summary>
public class DeterminismTests
{
    private static (double[] X, int[] N, double[] Pq) Run(DriftStage drift, ReadoutStage readout, string name, int seed)
    {
        var deposits = DriftFixtures.RandomTrack(3000, seed);
        var d = drift.Apply(deposits, TrackRandom.For(99, name, DriftStage.RandomStream));
        var r = readout.Read(d, name);
        return (d.X.ToArray(), d.Electrons.ToArray(), r.Pixels!.ChargeE.ToArray());
    }

    [Fact]
    public void Same_seed_and_track_give_identical_results_on_any_thread_in_any_order()
    {
        var c = DriftFixtures.Load("GAMPixG");
        var drift = new DriftStage(c.Medium, c.Drift, c.Readout.AnodeGeometry, 99);
        var readout = new ReadoutStage(c.Readout, 99);
        var names = Enumerable.Range(0, 8).Select(i => $"TrackE{i:D7}").ToArray();
        var sequential = names.Select((n, i) => Run(drift, readout, n, i)).ToArray();

        var parallel = new (double[] X, int[] N, double[] Pq)[names.Length];
        var order = Enumerable.Range(0, names.Length).Reverse().ToArray();
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => parallel[i] = Run(drift, readout, names[i], i));

        for (int i = 0; i < names.Length; i++)
        {
            Assert.Equal(sequential[i].X, parallel[i].X);
            Assert.Equal(sequential[i].N, parallel[i].N);
            Assert.Equal(sequential[i].Pq, parallel[i].Pq);
        }
    }

    [Fact]
    public void Streams_differ_between_tracks_and_between_stages()
    {
        Assert.NotEqual(TrackRandom.For(1, "a", "drift").NextUInt64(), TrackRandom.For(1, "b", "drift").NextUInt64());
        Assert.NotEqual(TrackRandom.For(1, "a", "drift").NextUInt64(), TrackRandom.For(1, "a", "readout.pixels").NextUInt64());
        Assert.NotEqual(TrackRandom.For(1, "a", "drift").NextUInt64(), TrackRandom.For(2, "a", "drift").NextUInt64());
        // Creating other streams first changes nothing.
        var first = TrackRandom.For(5, "x", "drift").NextDouble();
        _ = TrackRandom.For(5, "y", "drift").NextDouble();
        Assert.Equal(first, TrackRandom.For(5, "x", "drift").NextDouble());
    }
}
