using TrackPipeline.Generation;
using TrackPipeline.Numerics;

namespace TrackPipeline.Tests.Generation;

/// <summary>
/// Every MeV of the primary ends up deposited or escaping the world: deposited + escaped = E within 1e-9 relative
/// (only floating-point rounding; pair rest mass is returned by annihilation, binding energy is deposited in place).
/// A positron primary also brings its rest mass and that of the electron it annihilates with: E + 2 m_e c^2.
/// </summary>
public class EnergyConservationTests
{
    [Theory]
    [InlineData(Particle.Electron, 0.1)]
    [InlineData(Particle.Electron, 1.0)]
    [InlineData(Particle.Electron, 10.0)]
    [InlineData(Particle.Photon, 0.3)]
    [InlineData(Particle.Photon, 10.0)]
    [InlineData(Particle.Photon, 50.0)]
    [InlineData(Particle.Positron, 1.0)]
    public void DepositedPlusEscapedIsThePrimaryEnergy(Particle particle, double energyMeV)
    {
        for (int i = 0; i < 10; i++)
        {
            var t = GeneratorFixture.Generator.Generate(particle, energyMeV, new TrackRandom((ulong)(7 + i)));
            double total = t.DepositedMeV + t.EscapedMeV;
            double available = energyMeV + (particle == Particle.Positron ? 2 * 0.51099895 : 0.0);
            Assert.True(Math.Abs(total - available) <= 1e-9 * available, $"track {i}: deposited {t.DepositedMeV} + escaped {t.EscapedMeV} = {total} MeV, available {available} MeV");
            Assert.True(t.Electrons.Length > 0);
            Assert.All(t.Electrons, n => Assert.True(n >= 1));
        }
    }

    [Fact]
    public void APositronAnnihilatesIntoTwoPhotonsThatAreTransported()
    {
        // 1 MeV kinetic: the 1.022 MeV of annihilation photons mostly leave the 1 MeV track region, so the charge
        // is spread over tens of cm; all of it is accounted for.
        var t = GeneratorFixture.Generator.Generate(Particle.Positron, 1.0, new TrackRandom(3));
        double maxDist = 0;
        for (int i = 0; i < t.X.Length; i++) maxDist = Math.Max(maxDist, Math.Sqrt(t.X[i] * t.X[i] + t.Y[i] * t.Y[i] + t.Z[i] * t.Z[i]));
        Assert.True(maxDist > 1.0, $"annihilation photons should deposit beyond 1 cm, farthest deposit {maxDist} cm");
    }
}
