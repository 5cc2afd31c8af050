namespace TrackPipeline.Tracks;

/// <summary>
/// The ionization deposits of a track: positions in metres and the number of ionization electrons
/// (after recombination) at each. Positions are held as NumPy's (3, N) C-order block, so x, y and z are
/// contiguous spans over one array and reading a track costs no copy.
/// </summary>
public sealed class Deposits
{
    public Deposits(double[] positions, int[] numElectrons)
    {
        if (positions.Length != 3 * numElectrons.Length)
            throw new ArgumentException($"positions hold {positions.Length} values, expected 3 x {numElectrons.Length}");
        Positions = positions;
        NumElectrons = numElectrons;
    }

    /// <summary>x[0..N), y[0..N), z[0..N) back to back, metres.</summary>
    public double[] Positions { get; }
    /// <summary>Ionization electrons per deposit.</summary>
    public int[] NumElectrons { get; }
    public int Count => NumElectrons.Length;

    public ReadOnlySpan<double> X => Positions.AsSpan(0, Count);
    public ReadOnlySpan<double> Y => Positions.AsSpan(Count, Count);
    public ReadOnlySpan<double> Z => Positions.AsSpan(2 * Count, Count);

    public Vec3 this[int i] => new(Positions[i], Positions[Count + i], Positions[2 * Count + i]);

    private (Vec3 Min, Vec3 Max)? _bounds;

    /// <summary>
    /// A digest of the positions and electron counts (XxHash64 of their bytes, 16 hex digits): the same for the same
    /// deposits whatever the file is called or where it lies.
    /// </summary>
    public string ContentDigest()
    {
        var hash = new System.IO.Hashing.XxHash64();
        hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Positions.AsSpan()));
        hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(NumElectrons.AsSpan()));
        return hash.GetCurrentHashAsUInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The axis-aligned bounding box of the deposits (computed once).</summary>
    public (Vec3 Min, Vec3 Max) Bounds => _bounds ??= ComputeBounds();

    private (Vec3, Vec3) ComputeBounds()
    {
        var (x0, x1) = MinMax(X);
        var (y0, y1) = MinMax(Y);
        var (z0, z1) = MinMax(Z);
        return (new Vec3(x0, y0, z0), new Vec3(x1, y1, z1));
    }

    private static (double, double) MinMax(ReadOnlySpan<double> v)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (var x in v)
        {
            if (x < lo) lo = x;
            if (x > hi) hi = x;
        }
        return (lo, hi);
    }

    public long TotalElectrons()
    {
        long sum = 0;
        foreach (var n in NumElectrons) sum += n;
        return sum;
    }
}
