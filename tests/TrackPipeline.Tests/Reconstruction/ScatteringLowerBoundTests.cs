using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Reconstruction;

/// <summary>
/// Breaker B7 (seventh session): a lepton straighter than its pixels can tell gives a multiple-scattering lower bound (null
/// sigma), and on the sample one read 3,780 keV on a 3 MeV photon. A lower bound above the event's whole charge energy bounds
/// nothing (no lepton carries more than the event deposits): it is dropped (null), one below it is kept. Synthetic V: two
/// unscattered 40 mm leptons, 30 deg apart, diffused by 0.12 mm and read out on the centres of 0.5 mm pixels (seeded); the same geometry with a small charge
/// (a 100 MeV event) and a large one (1 GeV), so the scattering fit, which weighs the charge only relatively, is the same.
/// </summary>
public sealed class ScatteringLowerBoundTests
{
    private const double VoxelM = 0.5e-3;
    private const double KeVPerElectron = 0.0236;
    private const double DiffusionM = 0.12e-3;

    private static ChargeCloud StraightV(double eventKev)
    {
        var vertex = new Vec3(0.0013, -0.0021, 0.0042);
        var axis = new Vec3(0.6, 0.5, 0.62).Normalized();
        var (e1, _) = ScatteringCorridor.Transverse(axis);
        double half = 15 * Math.PI / 180;
        Vec3[] legs = [(Math.Cos(half) * axis + Math.Sin(half) * e1).Normalized(), (Math.Cos(half) * axis - Math.Sin(half) * e1).Normalized()];
        const double stepM = 0.1e-3;
        const int steps = 600;
        double electronsPerStep = eventKev / KeVPerElectron / (2 * steps);
        var random = new Random(20261128);
        var x = new List<double>(); var y = new List<double>(); var z = new List<double>(); var q = new List<double>();
        foreach (var leg in legs)
            for (int i = 1; i <= steps; i++)
            {
                var p = vertex + i * stepM * leg;
                x.Add(Pixel(p.X + DiffusionM * Gauss(random))); y.Add(Pixel(p.Y + DiffusionM * Gauss(random))); z.Add(Pixel(p.Z + DiffusionM * Gauss(random))); q.Add(electronsPerStep);
            }
        return new ChargeCloud(x.ToArray(), y.ToArray(), z.ToArray(), q.ToArray());
    }

    private static double Gauss(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static double Pixel(double c) => (Math.Floor(c / VoxelM) + 0.5) * VoxelM;

    private static PairKinematics Pair(double eventKev)
    {
        var cloud = StraightV(eventKev);
        var topology = Shipped.Topology;
        var shape = ShapeAnalysis.Measure(cloud, VoxelM, VoxelM, null, topology);
        var reconstruction = new ReconstructionStage(Shipped.Reconstruction, topology, KeVPerElectron).Reconstruct(cloud, VoxelM, VoxelM, shape.AtPairVertex);
        return Assert.IsType<PairKinematics>(reconstruction.Pair);
    }

    private static bool IsLowerBound(Lepton l) => double.IsFinite(l.ScatteringKineticMeV) && !double.IsFinite(l.ScatteringSigmaLn);

    [Fact]
    public void A_scattering_lower_bound_above_the_events_charge_energy_is_dropped_and_one_below_it_kept()
    {
        // 1 GeV of charge: the straight leptons' lower bounds (~0.3 GeV: straighter than 0.5 mm pixels can tell apart from
        // a 0.3 GeV track's scattering) are below it and kept.
        var large = Pair(1_000_000);
        Lepton[] bounded = [.. new[] { large.A, large.B }.Where(IsLowerBound)];
        Assert.True(bounded.Length > 0, $"A {large.A.ScatteringKineticMeV} {large.A.ScatteringSigmaLn}, B {large.B.ScatteringKineticMeV} {large.B.ScatteringSigmaLn}");
        Assert.All(bounded, l => Assert.InRange(l.ScatteringKineticMeV, 100.0, 1000.0));

        // The same V with 100 MeV of charge: those bounds exceed the event's energy and are not written (null, like unmeasured).
        var small = Pair(100_000);
        foreach (var l in new[] { small.A, small.B })
        {
            Assert.True(!double.IsFinite(l.ScatteringKineticMeV) || l.ScatteringKineticMeV <= 100.0,
                $"scattering kinetic energy {l.ScatteringKineticMeV * 1e3:F0} keV (sigma_ln {l.ScatteringSigmaLn}) on a 100,000 keV event");
            if (!double.IsFinite(l.ScatteringKineticMeV)) Assert.Equal(double.PositiveInfinity, l.ScatteringSigmaLn);
        }
        // The rule itself: a bounded estimate is kept whatever its value (its error says how far off it may be).
        Assert.True(new MultipleScatteringMomentum.Estimate(3.5, 0.34, 6).InformsWithin(3.0));
        Assert.False(new MultipleScatteringMomentum.Estimate(3.78, double.PositiveInfinity, 6).InformsWithin(3.0));
        Assert.True(new MultipleScatteringMomentum.Estimate(2.9, double.PositiveInfinity, 6).InformsWithin(3.0));
    }
}
