namespace TrackPipeline.Drift;

/// <summary>Conditions of the drift: field, purity, and where the track sits below the anode.</summary>
public sealed record DriftSettings
{
    /// <summary>Drift field, V/m (reference 50,000 V/m = 500 V/cm).</summary>
    public required double FieldVPerM { get; init; }
    /// <summary>Electron lifetime to capture by impurities, s; <see cref="double.PositiveInfinity"/> for no capture.</summary>
    public required double ElectronLifetimeS { get; init; }
    /// <summary>Extra drift distance added to every clump, m (the reference's <c>depth</c>). Default 0.</summary>
    public double DepthM { get; init; }
    /// <summary>
    /// The deepest <see cref="DepthM"/> the settings accept, m (the medium preset's <c>drift.max_depth</c>, a plausibility
    /// bound: deeper is a unit mistake); infinite when the preset has none.
    /// </summary>
    public double MaxDepthM { get; init; } = double.PositiveInfinity;
    /// <summary>
    /// When positive, each track is drifted from a further depth drawn uniformly in [0, this) from its own drift random
    /// stream, m: <c>train</c> uses it so the model sees the diffusion of every depth of a drift cell. 0 for runs.
    /// </summary>
    public double DepthSpreadM { get; init; }
    /// <summary>
    /// Split clumps so that none holds more than half the fine readout noise before drifting, so that
    /// diffusion spreads them as it would single electrons (the reference's <c>decompress</c>). Default on.
    /// </summary>
    public bool Decompress { get; init; } = true;
    /// <summary>Fraction of the clump size limit, in units of the fine readout noise (reference: 1/2).</summary>
    public required double DecompressionNoiseFraction { get; init; }
}
