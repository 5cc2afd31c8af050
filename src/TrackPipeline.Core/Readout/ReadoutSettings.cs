namespace TrackPipeline.Readout;

/// <summary>Which fine voxels of a coarse voxel are read (and so can trigger on noise alone).</summary>
public enum ReadRegion
{
    /// <summary>The smallest box of fine voxels holding the chip's charge: what the reference does (its <c>find_span</c>).</summary>
    ChargeSpan,
    /// <summary>Every fine voxel of the chip voxel: what real hardware that reads whole chips would see.</summary>
    WholeChip,
}

/// <summary>One level (coarse or fine) of a readout.</summary>
public sealed record ReadoutLevelSettings
{
    /// <summary>The sensor (<see cref="SensorKinds"/>); which kinds fit which level is the readout model's rule.</summary>
    public required string Kind { get; init; }
    /// <summary>Sensor pitch in x and y, m.</summary>
    public required double PitchM { get; init; }
    /// <summary>
    /// Drift-direction sampling pitch, m (time x drift velocity). Pixels: the pixel pitch; grids and tiles: the gap.
    /// </summary>
    public required double SamplingPitchM { get; init; }
    /// <summary>RMS electronic noise per sample, electrons.</summary>
    public required double NoiseE { get; init; }
    /// <summary>A sample triggers when its noisy value exceeds this many noise sigmas.</summary>
    public required double ThresholdSigma { get; init; }
    /// <summary>Coarse grids: fraction of the charge induced on the wires (reference 0.6).</summary>
    public double SignalFraction { get; init; } = 1.0;
    /// <summary>Coarse grids: number of wires sharing a signal (reference 4).</summary>
    public double SignalSharing { get; init; } = 1.0;
}

/// <summary>A readout preset: the model that reads (<see cref="Kind"/>), an optional coarse level and an optional fine (pixel) level.</summary>
public sealed record ReadoutSettings
{
    /// <summary>Name, e.g. <c>GAMPixG</c>.</summary>
    public required string Name { get; init; }
    /// <summary>The readout model (<see cref="ReadoutKindAttribute"/>): <c>dual_scale</c>, <c>pixels</c>, <c>anode_grid</c>, ...</summary>
    public required string Kind { get; init; }
    public ReadoutLevelSettings? Coarse { get; init; }
    public ReadoutLevelSettings? Fine { get; init; }
    /// <summary>Which fine voxels of a charged chip are read. Default: as the reference.</summary>
    public ReadRegion ReadRegion { get; init; } = ReadRegion.ChargeSpan;
    /// <summary>Also keep every charged voxel without noise or trigger (for comparison). Default on.</summary>
    public bool KeepNoiseless { get; init; } = true;

    /// <summary>Pitch that pads the simple cell around the track: the coarsest sensor (the reference's <c>coarse_pitch</c>).</summary>
    public double CellPaddingPitchM => (Coarse ?? Fine ?? throw new InvalidOperationException($"readout {Name} has no level")).PitchM;

    /// <summary>Noise that sets the decompression clump size: the fine-grained readout's.</summary>
    public double DecompressionNoiseE => (Fine ?? Coarse ?? throw new InvalidOperationException($"readout {Name} has no level")).NoiseE;

    /// <summary>The two numbers the drift needs from the readout, and nothing more.</summary>
    public Drift.AnodeGeometry AnodeGeometry => new(CellPaddingPitchM, DecompressionNoiseE);
}
