using TrackPipeline.Drift;

namespace TrackPipeline.Readout;

/// <summary>An anode wire grid alone: collection wires along y, read like pixels collapsed in y (<see cref="PixelReadout"/>).</summary>
[ReadoutKind("anode_grid")]
public sealed class AnodeGridReadoutModel : IReadoutModel
{
    private readonly ReadoutSettings _settings;
    private readonly ReadoutLevelSettings _wires;

    public AnodeGridReadoutModel(ReadoutSettings settings)
    {
        _settings = settings;
        _wires = settings.Coarse ?? throw new ReadoutPresetException("coarse", "an anode grid readout needs its wires as the coarse level");
        if (settings.Fine is not null) throw new ReadoutPresetException("fine", "an anode grid is a single-level readout (no fine pixels)");
        if (_wires.Kind != SensorKinds.AnodeGrid) throw new ReadoutPresetException("coarse.kind", $"is {_wires.Kind}, expected {SensorKinds.AnodeGrid}");
    }

    public ReadoutResult Read(DriftedCharge drifted, ReadoutRandom random)
    {
        var wires = new ReadoutSamples();
        var noiseless = _settings.KeepNoiseless ? new ReadoutSamples() : null;
        PixelReadout.Read(drifted, _wires, random.Stream("coarse"), wires, noiseless);
        return new ReadoutResult(_settings.Name, [new(ReadoutResult.CoarseLevel, wires, noiseless)]);
    }
}
