using System.Globalization;
using TrackPipeline.Generation;
using TrackPipeline.Numerics;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// The generator's fine-transport multiple scattering (<see cref="MultipleScattering"/>: lambda_1 of the shipped physics
/// tables and the per-step angle shape, steps as <c>TrackGenerator.TransportCharged</c> cuts them) against the PDG's
/// Highland formula, theta0 = 13.6 MeV / (beta c p) sqrt(x/X0) (1 + 0.038 ln(x/X0)), accurate to 11 % for
/// 1e-3 &lt; x/X0 &lt; 100 (PDG Review of Particle Physics, "Passage of particles through matter", eq. 34.15; X0 of LAr
/// 14.0 cm). theta0 is the width of the central 98 % of the plane-projected angle (Lynch and Dahl 1991), so the generator's
/// figure is the rms of the central 98 % of its projected angles. Energy loss along the path is ignored (both sides).
/// (docs/generator-faithfulness.md, "The 45 features", candidate causes.)
/// </summary>
internal static class ScatteringAgainstHighland
{
    public static int Run(string configDir, TextWriter log)
    {
        var inv = CultureInfo.InvariantCulture;
        var settings = GeneratorSettings.Load(configDir);
        var physics = new ChargedParticlePhysics(settings.PhysicsDir, settings.DensityGPerCm3, settings.DeltaRayCutKev * 1e-3, settings.BremCutKev * 1e-3,
            settings.ElectronAbsorptionKev * 1e-3, positron: false);
        // X0 as config/generator.json states it (the generator itself reads it only for angle-scale checks).
        using var generatorJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(configDir, "generator.json")));
        double x0Cm = generatorJson.RootElement.GetProperty("radiation_length").GetProperty("value").GetDouble() * 100, maxStepCm = settings.MaxStepM * 100;
        var rng = new TrackRandom(20261128);
        log.WriteLine("| T (MeV) | path (cm) | steps | lambda_1 (cm) | generator: rms of the central 98 % (rad) | Highland theta0 (rad) | generator / Highland |");
        log.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (t, pathCm) in new[] { (5.0, 0.1), (5.0, 0.5), (10.0, 0.1), (10.0, 1.0), (20.0, 0.1), (20.0, 1.0) })
        {
            double lambda1 = physics.TransportMeanFreePath(t), s = physics.RestrictedStoppingPower(t);
            double step = Math.Min(Math.Min(settings.MaxFractionalEnergyLoss * t / s, maxStepCm), 0.2 * lambda1);
            int n = Math.Max(1, (int)Math.Round(pathCm / step));
            const int Histories = 40_000;
            var projected = new double[Histories];
            for (int k = 0; k < Histories; k++)
            {
                var d = new Vec3(0, 0, 1);
                for (int i = 0; i < n; i++)
                    d = Direction.Deflect(d, MultipleScattering.SampleCosTheta(pathCm / n / lambda1, rng), 2 * Math.PI * rng.NextDouble());
                projected[k] = Math.Atan2(d.X, d.Z);
            }
            Array.Sort(projected);
            int lo = (int)(0.01 * Histories), hi = (int)(0.99 * Histories);
            double sum = 0;
            for (int i = lo; i < hi; i++) sum += projected[i] * projected[i];
            double rms98 = Math.Sqrt(sum / (hi - lo));
            double pc = Math.Sqrt(t * (t + 2 * 0.51099895)), beta = pc / (t + 0.51099895);
            double highland = 13.6 / (beta * pc) * Math.Sqrt(pathCm / x0Cm) * (1 + 0.038 * Math.Log(pathCm / x0Cm));
            log.WriteLine(string.Create(inv, $"| {t} | {pathCm} | {n} | {lambda1:0.00} | {rms98:0.000} | {highland:0.000} | {rms98 / highland:0.00} |"));
        }
        return 0;
    }
}
