using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Reconstruction;

/// <summary>
/// The stem fit's point error by each pitch-long bin's charge (issue 10 round 14, a study mode): the bands, and what
/// it is for: a bin made heavy by a delta ray next to the stem is trusted less than a clean crossing.
/// </summary>
public sealed class StemPointErrorTests
{
    private const double VoxelM = 0.5e-3;
    private const double ElectronsPerMip = 6745 * 0.5;   // one MIP over a 0.5 mm bin (Topology:VertexMipElectronsPerMm)
    private static readonly Vec3 Vertex = new(0.012, -0.021, 0.033);
    private static readonly ScatteringLimit Scattering = ScatteringLimit.From(Shipped.Reconstruction);
    // The round-14 measurement's shape (docs/reconstruction.md): clean bins ~0.1 mm, heavy ones several times worse.
    private static readonly double[] Edges = [1.5, 2.5, 4];
    private static readonly double[] SigmasM = [0.12e-3, 0.11e-3, 0.37e-3, 0.54e-3];

    private static double AngleDeg(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(a.Normalized().Dot(b.Normalized()), -1, 1)) * 180 / Math.PI;

    [Fact]
    public void A_bin_takes_the_error_of_its_charge_band()
    {
        var table = new StemPointError(Edges, SigmasM, ElectronsPerMip);
        Assert.Equal(0.12e-3 * 0.12e-3, table.VarianceM2(1.0 * ElectronsPerMip), 12);
        Assert.Equal(0.11e-3 * 0.11e-3, table.VarianceM2(1.5 * ElectronsPerMip), 12);   // an edge opens the next band
        Assert.Equal(0.37e-3 * 0.37e-3, table.VarianceM2(3.0 * ElectronsPerMip), 12);
        Assert.Equal(0.54e-3 * 0.54e-3, table.VarianceM2(40 * ElectronsPerMip), 12);
        Assert.Throws<ArgumentException>(() => new StemPointError(Edges, [0.1e-3], ElectronsPerMip));
    }

    [Fact]
    public void A_delta_ray_next_to_the_stem_pulls_the_line_less_when_heavy_bins_are_trusted_less()
    {
        // A straight two-MIP stem (both leptons of a 50 MeV pair, unscattered) and a delta ray's first mm: 3 MIPs per bin,
        // 0.6 mm to the side, 1.5-2.5 mm from the vertex, inside the shipped corridor. Its bins' centroids sit ~0.36 mm off.
        var truth = new Vec3(0.3, -0.2, 1).Normalized();
        var side = truth.Cross(new Vec3(1, 0, 0)).Normalized();
        var x = new List<double>(); var y = new List<double>(); var z = new List<double>(); var q = new List<double>();
        const double stepM = 0.05e-3;
        double perStep = ElectronsPerMip * stepM / VoxelM;
        for (double s = stepM / 2; s < 0.020; s += stepM)
        {
            Add(Vertex + s * truth, 2 * perStep);
            if (s is > 1.5e-3 and < 2.5e-3) Add(Vertex + s * truth + 0.6e-3 * side, 3 * perStep);
        }
        var grid = new VoxelGrid(new ChargeCloud([.. x], [.. y], [.. z], [.. q]), VoxelM);
        var stem = new MultipleScatteringFit.Track(25, 2, 0.020, Shipped.Reconstruction.Corridor(), 0.12e-3, 0.5e-3);
        var measured = stem with { ChargePointError = new StemPointError(Edges, SigmasM, ElectronsPerMip) };

        double uniform = AngleDeg(MultipleScatteringFit.Fit(grid, Vertex, truth, stem, Scattering)!.Value.Direction, truth);
        double byCharge = AngleDeg(MultipleScatteringFit.Fit(grid, Vertex, truth, measured, Scattering)!.Value.Direction, truth);
        Assert.True(byCharge < 0.7 * uniform, $"by charge {byCharge:F2} deg, one error for every bin {uniform:F2} deg");

        void Add(Vec3 p, double charge) { x.Add(p.X); y.Add(p.Y); z.Add(p.Z); q.Add(charge); }
    }
}
