namespace TrackPipeline.Drift;

/// <summary>
/// The charge of a track as it arrives at the anode plane: clumps of electrons with their position after
/// diffusion (x, y in metres; z in metres, standing for arrival time x drift velocity), struct-of-arrays.
/// </summary>
public sealed class DriftedCharge
{
    internal DriftedCharge(double[] x, double[] y, double[] z, int[] electrons, int count, SimpleCell cell, long electronsInBounds)
        : this(x, y, z, electrons, count, cell, electronsInBounds, null)
    {
    }

    /// <param name="sumZ">The clumps' z summed in clump order (the sum <see cref="MeanZ"/> would make).</param>
    internal DriftedCharge(ClumpBuffers buffers, int count, SimpleCell cell, long electronsInBounds, double sumZ)
        : this(buffers.X, buffers.Y, buffers.Z, buffers.Electrons, count, cell, electronsInBounds, buffers)
    {
        _meanZ = count > 0 ? sumZ / count : 0;
    }

    private DriftedCharge(double[] x, double[] y, double[] z, int[] electrons, int count, SimpleCell cell, long electronsInBounds, ClumpBuffers? buffers)
    {
        _x = x; _y = y; _z = z; _electrons = electrons;
        _buffers = buffers;
        Count = count;
        Cell = cell;
        ElectronsInBounds = electronsInBounds;
        long total = 0;
        foreach (var n in Electrons) total += n;
        TotalElectrons = total;
    }

    private double[] _x, _y, _z;
    private int[] _electrons;
    private ClumpBuffers? _buffers;

    /// <summary>
    /// Gives the clump arrays back for another track once nothing will read them (the pipeline: when the writer holds
    /// the track's rows). The clumps are gone after it (<see cref="Count"/> 0); the totals stay.
    /// </summary>
    public void ReturnBuffers()
    {
        if (_buffers is not { } buffers) return;
        _buffers = null;
        _x = _y = _z = [];
        _electrons = [];
        Count = 0;
        ClumpBuffers.Return(buffers);
    }

    public int Count { get; private set; }
    public ReadOnlySpan<double> X => _x.AsSpan(0, Count);
    public ReadOnlySpan<double> Y => _y.AsSpan(0, Count);
    public ReadOnlySpan<double> Z => _z.AsSpan(0, Count);
    public ReadOnlySpan<int> Electrons => _electrons.AsSpan(0, Count);
    /// <summary>The simple cell the track was drifted in (the readout lays its grids out across it).</summary>
    public SimpleCell Cell { get; }
    /// <summary>Electrons that started below the anode (positive drift distance), before capture.</summary>
    public long ElectronsInBounds { get; }
    /// <summary>Electrons that reached the anode.</summary>
    public long TotalElectrons { get; }

    /// <summary>Unweighted mean z of the clumps: the reference's origin for drift-time sampling (<c>z.mean()</c>).</summary>
    /// <remarks>Summed once (by the drift as it makes the clumps, or here on first use): both readout levels ask for it, and
    /// the sum over millions of clumps is one long chain of dependent additions.</remarks>
    public double MeanZ() => _meanZ ??= SumZ() is var s && Count > 0 ? s / Count : 0;

    private double? _meanZ;

    private double SumZ()
    {
        double s = 0;
        foreach (var v in Z) s += v;
        return s;
    }
}
