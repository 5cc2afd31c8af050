using System.Runtime.CompilerServices;

namespace TrackPipeline.Readout;

/// <summary>
/// Bins along one axis: edge k at <c>Origin + k Pitch</c>. A collapsed axis (wires along it) maps everything to bin 0.
/// </summary>
internal readonly struct AxisBinning : IAxis
{
    public AxisBinning(double origin, double pitch)
    {
        Origin = origin;
        Pitch = pitch;
        // A multiplication per clump instead of a division (a collapsed axis: 1 / inf = 0, every u to bin 0).
        _perPitch = 1 / pitch;
    }

    public double Origin { get; }
    public double Pitch { get; }
    private readonly double _perPitch;

    public static AxisBinning Collapsed => new(0, double.PositiveInfinity);
    public bool IsCollapsed => double.IsPositiveInfinity(Pitch);

    // Per clump in the readout loops: inlined (the compilers left these tiny bodies as calls, ~0.1 CPU-s a sample run).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Index(double u) => IsCollapsed ? 0 : ToIndex(Math.Floor((u - Origin) * _perPitch));

    /// <summary>The bin of <paramref name="u"/> and how far across it <paramref name="u"/> lies, in [0, 1) (not for a collapsed axis).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Index(double u, out double fraction)
    {
        double inPitches = (u - Origin) * _perPitch;
        double whole = Math.Floor(inPitches);
        fraction = inPitches - whole;
        return ToIndex(whole);
    }
    public double Centre(int i) => IsCollapsed ? double.NaN : Origin + (i + 0.5) * Pitch;

    /// <summary>
    /// A whole number of pitches as an index: the processor's own conversion (one instruction), not C#'s saturating cast,
    /// whose compares and selects were a tenth of the readout's clump loops. The same index for every value in range;
    /// one out of range or NaN gives int.MinValue, which <see cref="VoxelKey.Pack"/> refuses (clumps are finite: the
    /// reader screens the deposits).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int ToIndex(double whole) => double.ConvertToIntegerNative<int>(whole);

    /// <summary>
    /// The reference's grid across a cell of <paramref name="width"/>: floor(width / pitch) bins symmetric about 0,
    /// so the edges sit on whole or half pitches depending on that count's parity (<c>readout_tools.Params</c>).
    /// </summary>
    public static AxisBinning AcrossCell(double width, double pitch, double offsetInPitches = 0) =>
        new((-Math.Floor(width / pitch) / 2 + offsetInPitches) * pitch, pitch);
}

/// <summary>Maps a coordinate to a bin index and back to the bin centre.</summary>
internal interface IAxis
{
    int Index(double u);
    double Centre(int i);
}

/// <summary>
/// Fine pixels inside coarse chips along one axis: <c>FinePerChip</c> pixels of <c>FinePitch</c> centred in each
/// chip of <c>ChipPitch</c> (edges at <c>ChipOrigin + k ChipPitch</c>). As in the reference, chip-local
/// coordinates are scaled by the focus factor (pixels span / chip pitch) so that all charge lands on a pixel;
/// the global index is chip x FinePerChip + pixel.
/// </summary>
internal readonly struct ChipPixelAxis : IAxis
{
    public ChipPixelAxis(double chipOrigin, double chipPitch, double finePitch)
    {
        ChipOrigin = chipOrigin;
        ChipPitch = chipPitch;
        FinePitch = finePitch;
        FinePerChip = (int)Math.Floor(chipPitch / finePitch); // the reference's num_edges = floor(span / pitch)
        if (FinePerChip < 1) throw new ArgumentException($"pixel pitch {finePitch} m is larger than the chip pitch {chipPitch} m");
        Focus = FinePerChip * finePitch / chipPitch;
        _perChipPitch = 1 / chipPitch;
    }

    private readonly double _perChipPitch;

    public double ChipOrigin { get; }
    public double ChipPitch { get; }
    public double FinePitch { get; }
    public int FinePerChip { get; }
    public double Focus { get; }

    public int Chip(int globalIndex) => Math.DivRem(globalIndex, FinePerChip, out int f) - (f < 0 ? 1 : 0); // floor division

    public int Index(double u) => Index(u, out _);

    /// <summary>The global pixel index of <paramref name="u"/>, and its <paramref name="chip"/> (= <see cref="Chip"/> of that index).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Index(double u, out int chip)
    {
        // In chip pitches from the chip origin: the whole part is the chip, the fraction the place across it. The focus
        // maps the chip's width onto its FinePerChip pixels, so the pixel is floor(fraction x FinePerChip): the reference's
        // ((u - chip centre) focus / fine pitch + FinePerChip / 2) without its two divisions.
        double inChips = (u - ChipOrigin) * _perChipPitch;
        double whole = Math.Floor(inChips);
        chip = AxisBinning.ToIndex(whole);
        int f = AxisBinning.ToIndex((inChips - whole) * FinePerChip);
        if (f >= FinePerChip) f = FinePerChip - 1; // a fraction rounded up to 1
        return chip * FinePerChip + f;
    }

    public double Centre(int i)
    {
        int chip = Chip(i);
        int f = i - chip * FinePerChip;
        return ChipOrigin + (chip + 0.5) * ChipPitch + (f + 0.5 - FinePerChip / 2.0) * FinePitch;
    }
}

/// <summary>Packs three signed voxel indices (|i| &lt; 2^20) into one 64-bit hash key.</summary>
internal static class VoxelKey
{
    private const int Bits = 21;
    private const long Bias = 1L << (Bits - 1);
    private const long Mask = (1L << Bits) - 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Pack(int ix, int iy, int iz)
    {
        if ((ulong)(ix + Bias) > Mask || (ulong)(iy + Bias) > Mask || (ulong)(iz + Bias) > Mask) ThrowBeyondRange(ix, iy, iz);
        return ((ix + Bias) << (2 * Bits)) | ((iy + Bias) << Bits) | (iz + Bias);
    }

    // Out of line, so that Pack (once or twice per clump) stays small enough to inline.
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private static void ThrowBeyondRange(int ix, int iy, int iz) =>
        throw new InvalidOperationException($"voxel index ({ix}, {iy}, {iz}) is beyond +-{Bias}: the track is too large for this pitch");

    public static (int X, int Y, int Z) Unpack(long key) =>
        ((int)((key >> (2 * Bits)) - Bias), (int)(((key >> Bits) & Mask) - Bias), (int)((key & Mask) - Bias));
}

/// <summary>An inclusive box of voxel indices, grown point by point.</summary>
internal struct VoxelBox
{
    public int X0, X1, Y0, Y1, Z0, Z1;
    public int Occupied;

    public static VoxelBox Empty => new() { X0 = int.MaxValue, Y0 = int.MaxValue, Z0 = int.MaxValue, X1 = int.MinValue, Y1 = int.MinValue, Z1 = int.MinValue };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Include(int x, int y, int z)
    {
        if (x < X0) X0 = x; if (x > X1) X1 = x;
        if (y < Y0) Y0 = y; if (y > Y1) Y1 = y;
        if (z < Z0) Z0 = z; if (z > Z1) Z1 = z;
    }

    public readonly long Volume => X1 < X0 ? 0 : (long)(X1 - X0 + 1) * (Y1 - Y0 + 1) * (Z1 - Z0 + 1);

    /// <summary>The voxel at linear position <paramref name="i"/> in [0, Volume).</summary>
    public readonly (int X, int Y, int Z) At(long i)
    {
        long ny = Y1 - Y0 + 1, nz = Z1 - Z0 + 1;
        int z = (int)(i % nz); i /= nz;
        int y = (int)(i % ny); i /= ny;
        return (X0 + (int)i, Y0 + y, Z0 + z);
    }
}
