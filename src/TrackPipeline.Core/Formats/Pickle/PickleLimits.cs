namespace TrackPipeline.Formats.Pickle;

/// <summary>
/// Resource bounds for <see cref="PickleReader"/>. Anything beyond them is reported as a
/// <see cref="TrackFormatException"/> of kind <see cref="InputErrorKind.Pickle"/>.
/// Declared lengths (strings, bytes, LONG4, FRAME) are always checked against the bytes left in the input
/// before anything is allocated, so the input size itself bounds allocations.
/// </summary>
public sealed record PickleLimits
{
    public static PickleLimits Default { get; } = new();

    /// <summary>Maximum nesting of the result (containers inside containers) and of open MARKs. Default 256.</summary>
    public int MaxDepth { get; init; } = 256;

    /// <summary>Maximum number of objects on the unpickling stack at once. Default 4,194,304.</summary>
    public int MaxStackSize { get; init; } = 4 * 1024 * 1024;

    /// <summary>Maximum number of container items created in total (list/tuple/set items, dict entries). Default 16,777,216.</summary>
    public long MaxTotalElements { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Most items a dict key or set element may hold, counted through nested tuples and frozensets as if written out
    /// (<see cref="PyTuple.KeySize"/>). Default 4096. Hashing and comparing a key costs its written-out size, and memo
    /// references let a 430-byte pickle describe a key of 2^60 items (a tuple of the level below twice, 60 levels), which
    /// hung the reader; a truth pickle's keys are strings.
    /// </summary>
    public long MaxKeyItems { get; init; } = 4096;

    /// <summary>Maximum number of memo entries. Default 4,194,304.</summary>
    public int MaxMemoEntries { get; init; } = 4 * 1024 * 1024;

    /// <summary>Maximum digits of a text integer (INT, LONG opcodes), like Python's int_max_str_digits. Default 4300.</summary>
    public int MaxIntDigits { get; init; } = 4300;

    /// <summary>Maximum elements of one NumPy array. Default <see cref="Array.MaxLength"/>.</summary>
    public long MaxArrayElements { get; init; } = Array.MaxLength;

    /// <summary>
    /// Most bytes the reader may allocate while it parses one pickle (the objects it builds, its stack, memo and the
    /// check of the result), measured as it goes; past it the pickle is refused as <see cref="InputErrorKind.TooLarge"/>.
    /// Default unlimited. The other limits bound counts, not bytes: a crafted 16 MB pickle of small objects (a dict or a
    /// boxed number per opcode byte) built half a gigabyte within them, outside the run's memory budget.
    /// </summary>
    public long MaxAllocatedBytes { get; init; } = long.MaxValue;

    /// <summary>Where <see cref="MaxAllocatedBytes"/> comes from, said in the refusal (the setting a user may change).</summary>
    public string AllocationLimitSource { get; init; } = "PickleLimits.MaxAllocatedBytes";

    /// <summary>When false (default) bytes after the STOP opcode are an error; when true they are ignored.</summary>
    public bool AllowTrailingData { get; init; }
}
