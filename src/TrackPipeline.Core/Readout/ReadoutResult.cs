namespace TrackPipeline.Readout;

/// <summary>What a readout made of one drifted track: per level, the triggered (noisy) samples and, if kept, the noiseless ones.</summary>
public sealed class ReadoutResult(string readoutName)
{
    public string ReadoutName { get; } = readoutName;
    /// <summary>Triggered fine-pixel samples (null when the readout has no pixels).</summary>
    public ReadoutSamples? Pixels { get; init; }
    /// <summary>Every fine voxel holding charge, without noise or trigger (null unless kept).</summary>
    public ReadoutSamples? PixelsNoiseless { get; init; }
    /// <summary>Triggered coarse samples: grid wires, tiles or anode wires (null when the readout has no coarse level).</summary>
    public ReadoutSamples? Coarse { get; init; }
    public ReadoutSamples? CoarseNoiseless { get; init; }
}
