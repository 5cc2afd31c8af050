namespace TrackPipeline.Generation;

/// <summary>The particles the generator transports, numbered as PENELOPE's KPAR and the sample's <c>particle_ids</c>.</summary>
public enum Particle
{
    Electron = 1,
    Photon = 2,
    Positron = 3,
}

public static class ParticleNames
{
    /// <summary>The dataset folder name: electrons, photons, positrons.</summary>
    public static string Folder(this Particle p) => p switch
    {
        Particle.Electron => "electrons",
        Particle.Photon => "photons",
        Particle.Positron => "positrons",
        _ => throw new ArgumentOutOfRangeException(nameof(p)),
    };

    public static bool TryParseFolder(string name, out Particle particle)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "electrons" or "electron" or "e-": particle = Particle.Electron; return true;
            case "photons" or "photon" or "gamma": particle = Particle.Photon; return true;
            case "positrons" or "positron" or "e+": particle = Particle.Positron; return true;
            default: particle = default; return false;
        }
    }
}
