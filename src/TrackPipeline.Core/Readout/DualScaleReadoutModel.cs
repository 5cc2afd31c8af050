using TrackPipeline.Drift;

namespace TrackPipeline.Readout;

/// <summary>
/// GAMPix (GAMPixG, GAMPixD): a coarse level of induction grids or tiles, read everywhere, and fine pixels read only
/// in the chips under charged coarse cells (<see cref="DualScaleReadout"/>).
/// </summary>
[ReadoutKind("dual_scale")]
public sealed class DualScaleReadoutModel : IReadoutModel
{
    private readonly ReadoutSettings _settings;
    private readonly ReadoutLevelSettings _coarse, _fine;

    public DualScaleReadoutModel(ReadoutSettings settings)
    {
        _settings = settings;
        _coarse = settings.Coarse ?? throw new ReadoutPresetException("coarse", "a dual-scale readout needs a coarse level (coarse_grids or coarse_tiles)");
        _fine = settings.Fine ?? throw new ReadoutPresetException("fine", "a dual-scale readout needs a fine pixel level");
        if (_coarse.Kind is not (SensorKinds.CoarseGrids or SensorKinds.CoarseTiles))
            throw new ReadoutPresetException("coarse.kind", $"is {_coarse.Kind}; a dual-scale readout's coarse level is {SensorKinds.CoarseGrids} or {SensorKinds.CoarseTiles}");
        if (_fine.Kind != SensorKinds.Pixels)
            throw new ReadoutPresetException("fine.kind", $"is {_fine.Kind}, the fine level must be {SensorKinds.Pixels}");
    }

    public ReadoutResult Read(DriftedCharge drifted, ReadoutRandom random)
    {
        var coarse = new ReadoutSamples();
        var coarseNoiseless = _settings.KeepNoiseless ? new ReadoutSamples() : null;
        if (_coarse.Kind == SensorKinds.CoarseGrids) CoarseGridReadout.Read(drifted, _coarse, random.Stream("coarse"), coarse, coarseNoiseless);
        else PixelReadout.Read(drifted, _coarse, random.Stream("coarse"), coarse, coarseNoiseless);

        var pixels = new ReadoutSamples();
        var pixelsNoiseless = _settings.KeepNoiseless ? new ReadoutSamples() : null;
        DualScaleReadout.Read(drifted, _coarse, _fine, _settings.ReadRegion, random.Stream("pixels"), pixels, pixelsNoiseless);
        return new ReadoutResult(_settings.Name,
            [new(ReadoutResult.PixelLevel, pixels, pixelsNoiseless), new(ReadoutResult.CoarseLevel, coarse, coarseNoiseless)]);
    }
}
