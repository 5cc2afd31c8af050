namespace TrackPipeline.Drift;

/// <summary>
/// What the drift needs to know of the readout: the pitch that pads the track's cell at the anode (the coarsest
/// sensor, the reference's <c>coarse_pitch</c>) and the noise that sets the decompression clump size (the finest
/// sensor's). The readout supplies it (<c>ReadoutSettings.AnodeGeometry</c>); the drift never reads readout settings.
/// </summary>
public readonly record struct AnodeGeometry(double CellPaddingPitchM, double DecompressionNoiseE);
