using TrackPipeline.Drift;
using TrackPipeline.Readout;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>
/// What one panel draws: points (or voxels) in millimetres, each with a charge in electrons, a caption and,
/// for the raw deposits, the truth markers. Coordinates are single precision: a picture needs no more.
/// </summary>
public sealed class TrackScene
{
    private readonly float[] _x, _y, _z, _q;

    public TrackScene(string caption, float[] x, float[] y, float[] z, float[] chargeE, int count)
    {
        if (count < 0 || x.Length < count || y.Length < count || z.Length < count || chargeE.Length < count)
            throw new ArgumentException("coordinate arrays are shorter than the count");
        Caption = caption;
        _x = x; _y = y; _z = z; _q = chargeE;
        Count = count;
    }

    public string Caption { get; }
    public int Count { get; }
    public ReadOnlySpan<float> X => _x.AsSpan(0, Count);
    public ReadOnlySpan<float> Y => _y.AsSpan(0, Count);
    public ReadOnlySpan<float> Z => _z.AsSpan(0, Count);
    public ReadOnlySpan<float> ChargeE => _q.AsSpan(0, Count);
    /// <summary>Voxel side in x and y (mm); 0 draws points.</summary>
    public float VoxelPitchMm { get; init; }
    /// <summary>Voxel side along the drift (mm).</summary>
    public float VoxelDepthMm { get; init; }
    public bool IsVoxels => VoxelPitchMm > 0;
    public TruthMarkers? Truth { get; init; }
    /// <summary>Main or detached cluster of each point (raw deposits only; null elsewhere): detached charge is drawn in <see cref="TrackRenderer.DetachedColor"/>.</summary>
    public ChargeRole[]? Roles { get; init; }
    /// <summary>The significant detached clusters (raw deposits only): ringed and labelled with their charge where they are small (<see cref="DetachedCluster"/>).</summary>
    public IReadOnlyList<DetachedCluster>? Detached { get; init; }
    /// <summary>Smallest ring radius of a detached cluster, px at ui scale 1 (Images:DetachedMarkerMinPx).</summary>
    public double DetachedMarkerMinPx { get; init; }
    /// <summary>How a detached cluster's ring grows with its charge (Images:DetachedRingChargeRefE, DetachedRingGrowthPerDecade); all rings alike by default.</summary>
    public DetachedRingSize RingSize { get; init; }

    /// <summary>Smallest and largest coordinate on each axis (zeros for an empty scene).</summary>
    /// <remarks>
    /// Computed once: a sheet asked for the raw scene's bounds five times (cube, frame test and whole-event inset of the
    /// 3D panel and of the thumbnail), a pass over every deposit each. A scene is drawn by one thread at a time.
    /// </remarks>
    public (float X0, float X1, float Y0, float Y1, float Z0, float Z1) Bounds() => _bounds ??= ComputeBounds();

    private (float X0, float X1, float Y0, float Y1, float Z0, float Z1)? _bounds;

    private (float X0, float X1, float Y0, float Y1, float Z0, float Z1) ComputeBounds()
    {
        if (Count == 0) return (0, 0, 0, 0, 0, 0);
        var (x0, x1) = MinMax(X);
        var (y0, y1) = MinMax(Y);
        var (z0, z1) = MinMax(Z);
        return (x0, x1, y0, y1, z0, z1);
    }

    /// <summary>The points as the last 3D panel that drew them projected them (<see cref="ProjectedPoints"/>), for the next panel with the same camera.</summary>
    internal ProjectedPoints? Projected { get; private set; }

    /// <summary>Keeps <paramref name="projected"/> (returning the buffers of the one it replaces) and returns it.</summary>
    internal ProjectedPoints KeepProjected(ProjectedPoints projected)
    {
        Projected?.Dispose();
        return Projected = projected;
    }

    /// <summary>Returns the kept projection's pooled buffers (the render stage, once the track's pictures are drawn); a later panel projects again.</summary>
    public void ReleaseProjection()
    {
        Projected?.Dispose();
        Projected = null;
    }

    /// <summary>The colour scale of the scene's own charges (<see cref="ChargeScale.FromValues"/>), computed once: the raw scene's was taken three times a sheet and again for the thumbnail.</summary>
    public ChargeScale Scale => _scale ??= ChargeScale.FromValues(ChargeE);

    private ChargeScale? _scale;

    private static (float, float) MinMax(ReadOnlySpan<float> v)
    {
        float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
        foreach (var a in v) { if (a < lo) lo = a; if (a > hi) hi = a; }
        return (lo, hi);
    }

    public double TotalChargeE()
    {
        double s = 0;
        foreach (var q in ChargeE) s += q;
        return s;
    }

    /// <summary>The ionization deposits of a track, with its truth.</summary>
    public static TrackScene FromTrack(Track track, string caption, ChargeRole[]? roles = null, IReadOnlyList<DetachedCluster>? detached = null, double detachedMarkerMinPx = 0,
        DetachedRingSize ringSize = default)
    {
        var d = track.Deposits;
        int n = d.Count;
        var x = new float[n]; var y = new float[n]; var z = new float[n]; var q = new float[n];
        ToMm(d.X, x); ToMm(d.Y, y); ToMm(d.Z, z);
        var e = d.NumElectrons;
        for (int i = 0; i < n; i++) q[i] = e[i];
        return new TrackScene(caption, x, y, z, q, n) { Truth = track.Truth is { } t ? TruthMarkers.FromTruth(t) : null, Roles = roles, Detached = detached, DetachedMarkerMinPx = detachedMarkerMinPx, RingSize = ringSize };
    }

    /// <summary>The charge at the anode after drift (clumps of electrons).</summary>
    public static TrackScene FromDrifted(DriftedCharge c, string caption)
    {
        int n = c.Count;
        var x = new float[n]; var y = new float[n]; var z = new float[n]; var q = new float[n];
        ToMm(c.X, x); ToMm(c.Y, y); ToMm(c.Z, z);
        var e = c.Electrons;
        for (int i = 0; i < n; i++) q[i] = e[i];
        return new TrackScene(caption, x, y, z, q, n);
    }

    /// <summary>Readout samples as voxels of the given pitch; wire samples (NaN on one axis) are left out.</summary>
    public static TrackScene FromReadout(ReadoutSamples s, double pitchM, double depthM, string caption)
    {
        int n = 0;
        var x = new float[s.Count]; var y = new float[s.Count]; var z = new float[s.Count]; var q = new float[s.Count];
        var sx = s.X; var sy = s.Y; var sz = s.Z; var sq = s.ChargeE;
        for (int i = 0; i < s.Count; i++)
        {
            if (!double.IsFinite(sx[i]) || !double.IsFinite(sy[i]) || !double.IsFinite(sz[i])) continue;
            x[n] = (float)(1000 * sx[i]); y[n] = (float)(1000 * sy[i]); z[n] = (float)(1000 * sz[i]); q[n] = (float)sq[i];
            n++;
        }
        return new TrackScene(caption, x, y, z, q, n) { VoxelPitchMm = (float)(1000 * pitchM), VoxelDepthMm = (float)(1000 * depthM) };
    }

    private static void ToMm(ReadOnlySpan<double> metres, Span<float> mm)
    {
        for (int i = 0; i < metres.Length; i++) mm[i] = (float)(1000 * metres[i]);
    }
}
