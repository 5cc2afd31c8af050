using SkiaSharp;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

// Where a panel draws a point (mm -> px) and which points it shows, as structs: the marks' pass over every main-charge
// point (KeepRingsOffTheMainCharge) is compiled once per kind of panel with both inlined. Through two delegates it paid
// two indirect calls a point per panel, 0.3-0.7 CPU-s of a run's pictures (docs/benchmarks/rendering.md, round 12).
public sealed partial class TrackRenderer
{
    /// <summary>A panel's mapping of the track's points: shown or not, and where, px.</summary>
    private interface IPanelPlacement
    {
        /// <summary>Whether the panel shows a point at <paramref name="p"/> (mm): inside its frame.</summary>
        bool Shows(Vec3 p);

        /// <summary>Where the panel draws <paramref name="p"/> (mm), px.</summary>
        SKPoint At(Vec3 p);
    }

    /// <summary>A 3D panel: the camera's cube, matplotlib's projection, then the viewport.</summary>
    private readonly struct CubePlacement(OrthographicCamera camera, Viewport view) : IPanelPlacement
    {
        public bool Shows(Vec3 p) => camera.Contains(p);

        public SKPoint At(Vec3 p)
        {
            var (tx, ty, _) = camera.Project(p.X, p.Y, p.Z);
            return view.ToScreen(tx, ty);
        }
    }

    /// <summary>A projection: two of the three axes (horizontal a, vertical b) on a plot of <paramref name="k"/> px per mm, the frame's cube shown.</summary>
    private readonly struct PlanePlacement(Plane plane, (double Cx, double Cy, double Cz, double Side) cube, double a0, double b0, float k, float left, float bottom) : IPanelPlacement
    {
        public bool Shows(Vec3 v)
        {
            double h = cube.Side / 2;
            return Math.Abs(v.X - cube.Cx) <= h && Math.Abs(v.Y - cube.Cy) <= h && Math.Abs(v.Z - cube.Cz) <= h;
        }

        public SKPoint At(Vec3 v) => new(left + (float)((plane == Plane.YZ ? v.Y : v.X) - a0) * k, bottom - (float)((plane == Plane.XY ? v.Y : v.Z) - b0) * k);
    }

    /// <summary>The whole-event inset (XY, every point shown): <paramref name="k"/> px per mm from <paramref name="origin"/>.</summary>
    private readonly struct InsetPlacement(SKPoint origin, float k) : IPanelPlacement
    {
        public bool Shows(Vec3 p) => true;

        public SKPoint At(Vec3 p) => new(origin.X + (float)(p.X * k), origin.Y - (float)(p.Y * k));
    }
}
