namespace TrackPipeline.Readout;

/// <summary>
/// Samples of one readout level: voxel (or wire) centre in metres and charge in electrons, struct-of-arrays.
/// A wire sample has NaN for the coordinate along its wire.
/// </summary>
public sealed class ReadoutSamples
{
    private double[] _x = [], _y = [], _z = [], _q = [];

    public int Count { get; private set; }
    public ReadOnlySpan<double> X => _x.AsSpan(0, Count);
    public ReadOnlySpan<double> Y => _y.AsSpan(0, Count);
    public ReadOnlySpan<double> Z => _z.AsSpan(0, Count);
    public ReadOnlySpan<double> ChargeE => _q.AsSpan(0, Count);

    public double TotalChargeE()
    {
        double s = 0;
        foreach (var q in ChargeE) s += q;
        return s;
    }

    public void Add(double x, double y, double z, double chargeE)
    {
        if (Count == _x.Length) Grow();
        _x[Count] = x; _y[Count] = y; _z[Count] = z; _q[Count] = chargeE;
        Count++;
    }

    /// <summary>Makes room for <paramref name="more"/> samples beyond <see cref="Count"/> at once (a readout that knows how many it will add).</summary>
    public void Reserve(int more)
    {
        if (Count + more > _x.Length) Resize(Count + more);
    }

    private void Grow() => Resize(Math.Max(16, 2 * _x.Length));

    private void Resize(int n)
    {
        Array.Resize(ref _x, n);
        Array.Resize(ref _y, n);
        Array.Resize(ref _z, n);
        Array.Resize(ref _q, n);
    }
}
