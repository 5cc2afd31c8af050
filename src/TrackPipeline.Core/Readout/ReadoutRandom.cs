using TrackPipeline.Numerics;

namespace TrackPipeline.Readout;

/// <summary>The random streams of one track's readout: one per level, from the run seed and the track's name.</summary>
public readonly record struct ReadoutRandom(ulong RunSeed, string TrackName)
{
    /// <summary>The stream of a level (<c>coarse</c>, <c>pixels</c>, ...): <c>readout.&lt;level&gt;</c>.</summary>
    public TrackRandom Stream(string level) => TrackRandom.For(RunSeed, TrackName, "readout." + level);
}
