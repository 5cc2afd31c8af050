namespace TrackPipeline.Readout;

/// <summary>One level of a readout as read: its triggered (noisy) samples and, if kept, the noiseless ones.</summary>
public sealed record ReadoutLevel(string Name, ReadoutSamples Triggered, ReadoutSamples? Noiseless);

/// <summary>What a readout made of one drifted track: its levels, in the order the model read them.</summary>
public sealed class ReadoutResult(string readoutName, IReadOnlyList<ReadoutLevel> levels)
{
    /// <summary>The fine pixel level of the shipped models (<c>pixel</c> rows of the pixels table).</summary>
    public const string PixelLevel = "pixel";
    /// <summary>The coarse level of the shipped models: grid wires, tiles or anode wires (<c>coarse</c> rows).</summary>
    public const string CoarseLevel = "coarse";

    public string ReadoutName { get; } = readoutName;
    public IReadOnlyList<ReadoutLevel> Levels { get; } = levels;

    public ReadoutLevel? Level(string name)
    {
        foreach (var level in Levels)
            if (level.Name == name) return level;
        return null;
    }

    /// <summary>Triggered fine-pixel samples (null when the readout has no pixels).</summary>
    public ReadoutSamples? Pixels => Level(PixelLevel)?.Triggered;
    /// <summary>Every fine voxel holding charge, without noise or trigger (null unless kept).</summary>
    public ReadoutSamples? PixelsNoiseless => Level(PixelLevel)?.Noiseless;
    /// <summary>Triggered coarse samples (null when the readout has no coarse level).</summary>
    public ReadoutSamples? Coarse => Level(CoarseLevel)?.Triggered;
    public ReadoutSamples? CoarseNoiseless => Level(CoarseLevel)?.Noiseless;
}
