using TrackPipeline.Generation;
using TrackPipeline.Numerics;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Generation;

/// <summary>
/// PENELOPE's mixed elastic scheme of the coarse primaries (<see cref="MixedElasticScattering"/>): it must keep the
/// transport mean free path of the physics tables (Lewis: &lt;cos theta&gt; = exp(-s / lambda_1) over any path s,
/// whatever the split into hard kinks and soft hinges), and its hard events must follow PENELOPE's step criterion.
/// </summary>
public class MixedElasticScatteringTests
{
    private static ChargedParticlePhysics CoarseElectrons()
    {
        var s = GeneratorSettings.Load(GeneratorFixture.ConfigDir);
        return new ChargedParticlePhysics(s.PhysicsDir, s.DensityGPerCm3, s.CoarseDeltaRayCutKev * 1e-3, s.CoarseBremCutKev * 1e-3, s.ElectronAbsorptionKev * 1e-3, positron: false);
    }

    /// <summary>
    /// Directions turned by soft hinges and hard kinks over a path of 0.3 lambda_1 at fixed energy (20 and 50 MeV, and
    /// 2 MeV where the C2 criterion no longer limits): the mean cosine to the start is exp(-0.3) = 0.741 within 0.01
    /// (20,000 paths, standard error ~0.002).
    /// </summary>
    [Theory]
    [InlineData(2.0)]
    [InlineData(20.0)]
    [InlineData(50.0)]
    public void MixedSchemeKeepsTheTransportMeanFreePath(double kineticMeV)
    {
        var physics = CoarseElectrons();
        var settings = GeneratorSettings.Load(GeneratorFixture.ConfigDir);
        double lambda1 = physics.TransportMeanFreePath(kineticMeV);
        var elastic = MixedElasticScattering.At(kineticMeV, lambda1, physics.Screening(kineticMeV), physics.TotalStoppingPower(kineticMeV), settings.CoarseC1, settings.CoarseC2);
        double path = 0.3 * lambda1;
        var rng = new TrackRandom(2026);
        const int paths = 20_000;
        double sum = 0;
        long kinks = 0;
        var start = new Vec3(0, 0, 1);
        for (int i = 0; i < paths; i++)
        {
            var dir = start;
            double travelled = 0;
            while (true)
            {
                double toHard = -Math.Log(rng.NextDoubleNonZero()) * elastic.HardMeanFreePathCm;
                double step = Math.Min(toHard, path - travelled);
                dir = Direction.Deflect(dir, elastic.SampleSoftCosTheta(step, rng), 2 * Math.PI * rng.NextDouble());
                travelled += step;
                if (travelled >= path) break;
                dir = Direction.Deflect(dir, elastic.SampleHardCosTheta(rng), 2 * Math.PI * rng.NextDouble());
                kinks++;
            }
            sum += dir.Z;
        }
        Assert.Equal(Math.Exp(-0.3), sum / paths, 0.01);
        // The kinks are PENELOPE's hard events: one per lambda_h on average (Poisson, 20,000 paths: within 2 %).
        Assert.Equal(path / elastic.HardMeanFreePathCm, (double)kinks / paths, path / elastic.HardMeanFreePathCm * 0.02);
    }

    /// <summary>
    /// lambda_h = max(lambda_el, min(C1 lambda_1, C2 E / S)): at 20 and 50 MeV the energy criterion C2 E/S limits it
    /// (about a millimetre, C2 = 0.02), and it is far longer than one elastic collision (the soft share is nearly all
    /// collisions, so hard kinks are rare single scatters).
    /// </summary>
    [Theory]
    [InlineData(20.0)]
    [InlineData(50.0)]
    public void HardStepFollowsPenelopesCriterion(double kineticMeV)
    {
        var physics = CoarseElectrons();
        var settings = GeneratorSettings.Load(GeneratorFixture.ConfigDir);
        double lambda1 = physics.TransportMeanFreePath(kineticMeV), s = physics.TotalStoppingPower(kineticMeV);
        var elastic = MixedElasticScattering.At(kineticMeV, lambda1, physics.Screening(kineticMeV), s, settings.CoarseC1, settings.CoarseC2);
        double expected = Math.Min(settings.CoarseC1 * lambda1, settings.CoarseC2 * kineticMeV / s);
        Assert.Equal(expected, elastic.HardMeanFreePathCm, expected * 1e-9);
        Assert.InRange(elastic.HardMeanFreePathCm, 0.05, 0.3);
        Assert.True(elastic.HardFromCdf > 0.99, $"soft share {elastic.HardFromCdf}");
        Assert.True(elastic.SoftTransportMeanFreePathCm > lambda1, "the soft part alone scatters less than all collisions");
    }
}
