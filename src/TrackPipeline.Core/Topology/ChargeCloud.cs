namespace TrackPipeline.Topology;

/// <summary>
/// Charge at points in space, the input of every shape measurement: raw deposits (electrons at deposit
/// positions) or triggered pixels (charge at voxel centres). Coordinates in metres.
/// </summary>
public readonly ref struct ChargeCloud
{
    public ChargeCloud(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, ReadOnlySpan<double> charge)
    {
        if (y.Length != x.Length || z.Length != x.Length || charge.Length != x.Length)
            throw new ArgumentException("x, y, z and charge must have the same length");
        X = x; Y = y; Z = z; Charge = charge;
    }

    public ReadOnlySpan<double> X { get; }
    public ReadOnlySpan<double> Y { get; }
    public ReadOnlySpan<double> Z { get; }
    public ReadOnlySpan<double> Charge { get; }
    public int Count => X.Length;
}
