using TrackPipeline.Drift;

namespace TrackPipeline.Readout;

/// <summary>LArPix: one level of pixels read over the whole track (<see cref="PixelReadout"/>).</summary>
[ReadoutKind("pixels")]
public sealed class PixelReadoutModel : IReadoutModel
{
    private readonly ReadoutSettings _settings;
    private readonly ReadoutLevelSettings _fine;

    public PixelReadoutModel(ReadoutSettings settings)
    {
        _settings = settings;
        _fine = settings.Fine ?? throw new ReadoutPresetException("fine", "a pixel readout needs a fine pixel level");
        if (settings.Coarse is not null) throw new ReadoutPresetException("coarse", "a pixel readout has no coarse level (use kind dual_scale)");
        if (_fine.Kind != SensorKinds.Pixels) throw new ReadoutPresetException("fine.kind", $"is {_fine.Kind}, the fine level must be {SensorKinds.Pixels}");
    }

    public ReadoutResult Read(DriftedCharge drifted, ReadoutRandom random)
    {
        var pixels = new ReadoutSamples();
        var noiseless = _settings.KeepNoiseless ? new ReadoutSamples() : null;
        PixelReadout.Read(drifted, _fine, random.Stream("pixels"), pixels, noiseless);
        return new ReadoutResult(_settings.Name, [new(ReadoutResult.PixelLevel, pixels, noiseless)]);
    }
}
