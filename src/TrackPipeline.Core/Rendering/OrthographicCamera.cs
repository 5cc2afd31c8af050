namespace TrackPipeline.Rendering;

/// <summary>
/// matplotlib's 3D camera (<c>mpl_toolkits.mplot3d</c>, <c>Axes3D.get_proj</c> with <c>proj_type='ortho'</c>,
/// roll 0, z vertical): the data box is scaled to a plot box of <c>box_aspect</c> (here a cube, matplotlib's
/// normalisation 1.8294640721620434 / sqrt(3) per side), the eye sits at distance 10 from the box centre at
/// the given elevation and azimuth, and the orthographic projection gives
/// <c>tx = u.(p - E) / 10</c>, <c>ty = v.(p - E) / 10</c>, <c>tz = -n.(p - E) / 10</c> with n the unit vector
/// from the box centre to the eye, <c>u = V x n</c>, <c>v = n x u</c>. Larger tz is farther from the viewer.
/// </summary>
public sealed class OrthographicCamera
{
    /// <summary>matplotlib's default view: elevation 30 degrees, azimuth -60 degrees.</summary>
    public const double DefaultElevationDeg = 30, DefaultAzimuthDeg = -60;
    /// <summary>matplotlib's camera distance (<c>Axes3D._dist</c>).</summary>
    public const double Distance = 10;
    /// <summary>matplotlib's norm of the box aspect (<c>set_box_aspect</c>).</summary>
    public const double BoxAspectNorm = 1.8294640721620434;

    // Rows of the affine map from data coordinates to (tx, ty, tz).
    private readonly double _ax, _ay, _az, _a0, _bx, _by, _bz, _b0, _cx, _cy, _cz, _c0;

    /// <summary>A camera on the box [x0, x1] x [y0, y1] x [z0, z1], drawn as a cube (equal aspect when the ranges are equal).</summary>
    public OrthographicCamera(double x0, double x1, double y0, double y1, double z0, double z1,
        double elevationDeg = DefaultElevationDeg, double azimuthDeg = DefaultAzimuthDeg)
    {
        if (!(x1 > x0 && y1 > y0 && z1 > z0)) throw new ArgumentException("the box must have positive extent on every axis");
        X0 = x0; X1 = x1; Y0 = y0; Y1 = y1; Z0 = z0; Z1 = z1;
        ElevationDeg = elevationDeg; AzimuthDeg = azimuthDeg;
        double side = BoxAspectNorm / Math.Sqrt(3);
        double sx = side / (x1 - x0), sy = side / (y1 - y0), sz = side / (z1 - z0);
        double el = elevationDeg * Math.PI / 180, az = azimuthDeg * Math.PI / 180;
        // n: from the box centre R towards the eye E = R + dist * n.
        double nx = Math.Cos(el) * Math.Cos(az), ny = Math.Cos(el) * Math.Sin(az), nz = Math.Sin(el);
        // u = V x n with V = (0, 0, 1), normalised; v = n x u.
        double ux = -ny, uy = nx, uz = 0;
        double ul = Math.Sqrt(ux * ux + uy * uy);
        ux /= ul; uy /= ul;
        double vx = ny * uz - nz * uy, vy = nz * ux - nx * uz, vz = nx * uy - ny * ux;
        double r = 0.5 * side;
        double ex = r + Distance * nx, ey = r + Distance * ny, ez = r + Distance * nz;
        // p (plot box) = ((x - x0) sx, (y - y0) sy, (z - z0) sz); t = row . (p - E) / dist.
        (_ax, _ay, _az, _a0) = Row(ux, uy, uz, 1 / Distance);
        (_bx, _by, _bz, _b0) = Row(vx, vy, vz, 1 / Distance);
        (_cx, _cy, _cz, _c0) = Row(nx, ny, nz, -1 / Distance);

        (double, double, double, double) Row(double wx, double wy, double wz, double k) =>
            (k * wx * sx, k * wy * sy, k * wz * sz,
             k * (wx * (-x0 * sx - ex) + wy * (-y0 * sy - ey) + wz * (-z0 * sz - ez)));
    }

    public double X0 { get; } public double X1 { get; }
    public double Y0 { get; } public double Y1 { get; }
    public double Z0 { get; } public double Z1 { get; }
    public double ElevationDeg { get; }
    public double AzimuthDeg { get; }

    /// <summary>A cube of side <paramref name="side"/> centred on (cx, cy, cz).</summary>
    public static OrthographicCamera Cube(double cx, double cy, double cz, double side,
        double elevationDeg = DefaultElevationDeg, double azimuthDeg = DefaultAzimuthDeg)
    {
        double h = side / 2;
        return new OrthographicCamera(cx - h, cx + h, cy - h, cy + h, cz - h, cz + h, elevationDeg, azimuthDeg);
    }

    /// <summary>True when the point lies inside the camera's box (the frame).</summary>
    public bool Contains(Tracks.Vec3 p) => p.X >= X0 && p.X <= X1 && p.Y >= Y0 && p.Y <= Y1 && p.Z >= Z0 && p.Z <= Z1;

    /// <summary>matplotlib's projected (tx, ty) and depth tz of a data point.</summary>
    public (double X, double Y, double Depth) Project(double x, double y, double z) =>
        (_ax * x + _ay * y + _az * z + _a0,
         _bx * x + _by * y + _bz * z + _b0,
         _cx * x + _cy * y + _cz * z + _c0);

    /// <summary>Projects many points at once (no allocation): screen (tx, ty) and depth tz.</summary>
    public void ProjectAll(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> z, Span<float> tx, Span<float> ty, Span<float> depth)
    {
        int n = x.Length;
        if (y.Length != n || z.Length != n || tx.Length < n || ty.Length < n || depth.Length < n)
            throw new ArgumentException("coordinate spans differ in length");
        float ax = (float)_ax, ay = (float)_ay, az = (float)_az, a0 = (float)_a0;
        float bx = (float)_bx, by = (float)_by, bz = (float)_bz, b0 = (float)_b0;
        float cx = (float)_cx, cy = (float)_cy, cz = (float)_cz, c0 = (float)_c0;
        for (int i = 0; i < n; i++)
        {
            float px = x[i], py = y[i], pz = z[i];
            tx[i] = ax * px + ay * py + az * pz + a0;
            ty[i] = bx * px + by * py + bz * pz + b0;
            depth[i] = cx * px + cy * py + cz * pz + c0;
        }
    }

    /// <summary>
    /// Screen units (tx, ty) per data unit of a displacement in the plane of the picture (at right angles to the line of
    /// sight), for a scale bar: matplotlib's plot box side over the data box's, over the camera distance. The box must be a
    /// cube (<see cref="Cube"/>, as every panel's is); along x for any other box.
    /// </summary>
    public double InPlanePerUnit => BoxAspectNorm / Math.Sqrt(3) / (X1 - X0) / Distance;

    /// <summary>The projected direction (screen tx, ty per unit of data) of a displacement: for arrows and tick offsets.</summary>
    public (double X, double Y) ProjectDirection(double dx, double dy, double dz) =>
        (_ax * dx + _ay * dy + _az * dz, _bx * dx + _by * dy + _bz * dz);
}
