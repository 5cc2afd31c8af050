using TrackPipeline.Drift;

namespace TrackPipeline.Readout;

/// <summary>
/// A readout architecture: turns one track's drifted charge into the samples of its levels. Implementations carry a
/// <see cref="ReadoutKindAttribute"/> naming the preset <c>kind</c> they serve and take the preset
/// (<see cref="ReadoutSettings"/>) in their constructor, where they check that its levels fit them
/// (throwing <see cref="ReadoutPresetException"/>). Adding a readout is one such class plus one JSON preset.
/// </summary>
public interface IReadoutModel
{
    /// <summary>Reads one drifted track. Each level draws from its own stream of <paramref name="random"/>.</summary>
    ReadoutResult Read(DriftedCharge drifted, ReadoutRandom random);
}

/// <summary>The preset <c>kind</c> (e.g. <c>dual_scale</c>) that an <see cref="IReadoutModel"/> implements.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ReadoutKindAttribute(string kind) : Attribute
{
    public string Kind { get; } = kind;
}

/// <summary>A preset that does not fit its readout model; <see cref="Key"/> is the dotted key at fault.</summary>
public sealed class ReadoutPresetException(string key, string problem) : Exception(problem)
{
    public string Key { get; } = key;
}
