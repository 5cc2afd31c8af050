using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// A straight line through a known point (a vertex, a track start) fitted to charge: the major axis of the
/// charge's second moments about that point, pointing towards the charge. Accumulate, then read.
/// </summary>
public struct AnchoredLine(Vec3 anchor)
{
    private double _q, _xx, _yy, _zz, _xy, _xz, _yz;
    private Vec3 _sum;

    public readonly Vec3 Anchor => anchor;
    public int Points { get; private set; }
    public readonly double Charge => _q;

    public void Add(Vec3 p, double q)
    {
        var d = p - anchor;
        _q += q;
        _sum += q * d;
        _xx += q * d.X * d.X; _yy += q * d.Y * d.Y; _zz += q * d.Z * d.Z;
        _xy += q * d.X * d.Y; _xz += q * d.X * d.Z; _yz += q * d.Y * d.Z;
        Points++;
    }

    /// <summary>The fitted direction (unit), or zero without charge.</summary>
    public readonly Vec3 Direction
    {
        get
        {
            if (_q <= 0) return Vec3.Zero;
            var outward = _sum.Normalized();
            if (Points < 2) return outward;
            var axis = PrincipalAxes.MajorAxis(_xx, _yy, _zz, _xy, _xz, _yz);
            return axis.Dot(outward) >= 0 ? axis : -1 * axis;
        }
    }
}
