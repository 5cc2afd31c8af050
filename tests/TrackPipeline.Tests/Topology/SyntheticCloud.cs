using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Topology;

/// <summary>Charge clouds of known shape: straight segments sampled every 0.2 mm with a fixed charge per mm.</summary>
public sealed class SyntheticCloud
{
    private readonly List<double> _x = [], _y = [], _z = [], _q = [];

    public SyntheticCloud Segment(Vec3 from, Vec3 to, double electronsPerMm = 100, double stepMm = 0.2)
    {
        var d = to - from;
        double lengthMm = d.Length * 1e3;
        int steps = Math.Max(1, (int)Math.Round(lengthMm / stepMm));
        for (int s = 0; s <= steps; s++)
        {
            var p = from + ((double)s / steps) * d;
            _x.Add(p.X); _y.Add(p.Y); _z.Add(p.Z); _q.Add(electronsPerMm * stepMm);
        }
        return this;
    }

    public SyntheticCloud Blob(Vec3 at, double electrons)
    {
        _x.Add(at.X); _y.Add(at.Y); _z.Add(at.Z); _q.Add(electrons);
        return this;
    }

    /// <summary>A prong leaving <paramref name="vertex"/> at <paramref name="angleDeg"/> from +z in the xz plane.</summary>
    public SyntheticCloud Prong(Vec3 vertex, double angleDeg, double lengthMm, double electronsPerMm = 100)
    {
        double a = angleDeg * Math.PI / 180;
        return Segment(vertex, vertex + (lengthMm * 1e-3) * new Vec3(Math.Sin(a), 0, Math.Cos(a)), electronsPerMm);
    }

    public ShapeFeatures Measure(Vec3? truthVertex = null, TopologySettings? settings = null, double voxelMm = 2) =>
        ShapeAnalysis.Measure(new ChargeCloud(_x.ToArray(), _y.ToArray(), _z.ToArray(), _q.ToArray()), voxelMm * 1e-3, voxelMm * 1e-3, truthVertex, settings ?? Config.ShippedSettings.Load<TopologySettings>(TopologySettings.Section));
}
