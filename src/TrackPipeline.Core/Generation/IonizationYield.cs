using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>Turns the energy of one deposit into the ionization electrons that survive recombination.</summary>
public sealed class IonizationYield(GeneratorSettings settings)
{
    private readonly double _wMeV = settings.WEv * 1e-6;
    private readonly double _survive = 1 - settings.Recombination;
    private readonly double _referenceQuantumMeV = settings.WFudge * settings.WEv * 1e-6 / (1 - settings.Recombination);

    public long Electrons(double energyMeV, TrackRandom rng)
    {
        if (settings.Ionization == IonizationModel.Reference)
            return (long)Math.Floor(energyMeV / _referenceQuantumMeV);
        double mean = energyMeV / _wMeV;
        double ions = Math.Round(mean + Math.Sqrt(settings.Fano * mean) * rng.NextGaussian());
        if (ions <= 0) return 0;
        return rng.Binomial((long)ions, _survive);
    }
}
