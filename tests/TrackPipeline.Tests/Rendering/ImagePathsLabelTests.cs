using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The labels the sheets, pages and plots put on a folder of tracks. A dataset laid out as real detector data is
/// (<c>LAr/unknown/E0000000/...</c>, no truth) was titled "unknowns, 0 keV" (breaker13 item 5).
/// </summary>
public sealed class ImagePathsLabelTests
{
    [Theory]
    [InlineData("electrons", "electron", "electrons")]
    [InlineData("photons", "photon", "photons")]
    [InlineData("photon", "photon", "photons")]
    [InlineData("unknown", "particle not known", "particle not known")]
    public void A_particle_folder_is_named_in_the_singular_and_the_plural(string folder, string one, string many)
    {
        Assert.Equal(one, ImagePaths.ParticleLabel(folder));
        Assert.Equal(many, ImagePaths.ParticlesLabel(folder));
    }

    [Theory]
    [InlineData(0, "energy not known")]
    [InlineData(100, "100 keV")]
    [InlineData(2500, "2.5 MeV")]
    [InlineData(50000, "50 MeV")]
    public void An_energy_folder_is_named_in_keV_or_MeV_and_0_as_not_known(double energyKev, string label) =>
        Assert.Equal(label, ImagePaths.EnergyLabel(energyKev));
}
