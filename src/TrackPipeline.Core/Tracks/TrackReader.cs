using System.Numerics;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;
using TrackPipeline.Formats.Pickle;

namespace TrackPipeline.Tracks;

/// <summary>
/// Reads one track: the deposits from its <c>.npz</c>, the truth from its <c>.pickle</c> when there is one. Every problem is a
/// <see cref="TrackFormatException"/> naming the file; nothing else escapes for bad input.
/// </summary>
public static class TrackReader
{
    public static Track Read(TrackSource source) => Read(source, TrackLimits.None);

    /// <summary>Reads one track within <paramref name="limits"/> (file types are always checked); a refused truth pickle fails the track.</summary>
    public static Track Read(TrackSource source, TrackLimits limits)
    {
        var track = Read(source, limits, out var truthProblem);
        if (truthProblem is not null) throw truthProblem;
        return track;
    }

    /// <summary>
    /// Reads one track within <paramref name="limits"/>; a truth pickle that is refused (unsafe, truncated, not a pickle,
    /// unreadable, too large, not a track's truth) does not cost the track: it is returned without truth, exactly as
    /// without a pickle, and <paramref name="truthProblem"/> says what was wrong with the pickle (null when nothing was).
    /// </summary>
    public static Track Read(TrackSource source, TrackLimits limits, out TrackFormatException? truthProblem)
    {
        if (source.Problem is not null)
            throw new TrackFormatException(InputErrorKind.Io, source.NpzPath, null, null, source.Problem);

        var (deposits, binSize) = ReadDepositsOf(source.NpzPath, limits);

        // No pickle: a track without truth (real data), processed all the same; its truth_* columns are null.
        // A refused pickle: the same, and the caller records the pickle's problem (truth is for evaluation only).
        TrackTruth? truth = null;
        truthProblem = null;
        if (source.PicklePath is not null)
        {
            try { truth = ReadTruth(source.PicklePath, limits, deposits.Count); }
            catch (TrackFormatException e) when (!InputFile.IsGone(source.PicklePath)) { truthProblem = e; }
            catch (TrackFormatException) { }   // deleted since the listing: a track without a pickle, as real data (breaker19 F4)
        }
        return new Track(source, deposits, truth, binSize);
    }

    /// <summary>
    /// What keeps a track file's deposits from being read (null when they read): a resume asks this of a .npz modified
    /// since its track was written, which is processed again only when it reads: an emptied or damaged file (inputs
    /// emptied to save disk before a merge pass) must not cost the written track (<c>PartsToProcessAgain</c>, session 30).
    /// </summary>
    public static Exception? DepositsProblemOf(string npzPath, TrackLimits limits)
    {
        try
        {
            ReadDepositsOf(npzPath, limits);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException) { return e; }
    }

    /// <summary>
    /// A track file's deposits and bin size, read within <paramref name="limits"/>: the one way both a run
    /// (<see cref="Read(TrackSource, TrackLimits, out TrackFormatException?)"/>) and a resume's check
    /// (<see cref="DepositsProblemOf"/>) read a .npz, so that a file the check lets through is one the run reads.
    /// </summary>
    private static (Deposits Deposits, double? BinSize) ReadDepositsOf(string npzPath, TrackLimits limits)
    {
        // File types first: a FIFO or device must never be opened (the open itself can block).
        InputFile.RequireRegular(npzPath);

        // num_e (int64 in the files) narrowed to int32 while it is inflated: the deposits' electron counts without an
        // int64 copy that is garbage at once (33 MB of the sample run's ~490, docs/benchmarks/whole-run.md round 16).
        var arrays = ReadFile(npzPath, p => NpzReader.ReadAll(p, limits.MaxDeclaredNpzBytes, narrowedToInt32: "num_e"));
        var deposits = ReadDeposits(arrays, npzPath, limits.MaxDepositDistanceM, limits.MaxTrackElectrons);
        double? binSize = null;
        if (arrays.TryGetValue("bin_size", out var bin))
        {
            if (bin.Length != 1) throw Shape(npzPath, "bin_size", $"has shape ({string.Join(", ", bin.Shape)}), expected a scalar");
            binSize = bin.ToDoubleArray()[0];
        }
        return (deposits, binSize);
    }

    /// <summary>
    /// What keeps a truth pickle from being read (null when it now reads): a resume asks this of the pickles an earlier run
    /// refused, so that one repaired since is read again (<c>PartsToProcessAgain</c>).
    /// </summary>
    public static TrackFormatException? TruthProblemOf(string picklePath, TrackLimits limits) => TruthRootOf(picklePath, limits).Problem;

    /// <summary>
    /// The parsed pickle (its root object, null when it cannot be parsed) and what keeps its truth from being read (null
    /// when it reads), from one read of the file: <c>inspect</c> shows the one and says the other.
    /// </summary>
    public static (object? Root, TrackFormatException? Problem) TruthRootOf(string picklePath, TrackLimits limits)
    {
        object? root = null;
        try
        {
            root = LoadTruthPickle(picklePath, limits);
            TruthParser.Parse(root, picklePath, depositCount: null);
            return (root, null);
        }
        catch (TrackFormatException e)
        {
            return (root, e);
        }
    }

    /// <summary>
    /// Reads and parses a truth pickle: checked as a regular file within the size limit first; never calls what it names.
    /// Its per-deposit arrays must match <paramref name="depositCount"/>, the .npz's deposits (null: not checked).
    /// </summary>
    private static TrackTruth ReadTruth(string picklePath, TrackLimits limits, int? depositCount) =>
        TruthParser.Parse(LoadTruthPickle(picklePath, limits), picklePath, depositCount);

    /// <summary>The pickle's root object, parsed within the limits (a regular file, its size, the memory its parse allocates).</summary>
    private static object? LoadTruthPickle(string picklePath, TrackLimits limits)
    {
        long pickleLength = InputFile.RequireRegular(picklePath);
        if (pickleLength > limits.MaxPickleBytes)
            throw new TrackFormatException(InputErrorKind.TooLarge, picklePath, null, null,
                $"truth pickle is {pickleLength:N0} bytes, more than the limit of {limits.MaxPickleBytes:N0} bytes (Run:MaxPickleBytes); not read");
        var pickleBytes = ReadFile(picklePath, File.ReadAllBytes);
        var parsing = new PickleLimits
        {
            MaxAllocatedBytes = limits.PickleAllocationLimit(pickleLength),
            AllocationLimitSource = $"{TrackLimits.PickleAllocatedBytesPerByte} per byte of the file and 1 MiB, at most Run:MemoryBudgetMb / Run:BytesInFlightPerNpzByte",
        };
        return PickleReader.Load(pickleBytes, picklePath, parsing);
    }

    /// <summary>Checks shapes and values: r is (3, N) of finite metres, num_e is (N,) of non-negative counts.</summary>
    /// <param name="maxDistanceM">Largest |x|, |y|, |z| accepted (<see cref="TrackLimits.MaxDepositDistanceM"/>).</param>
    /// <param name="maxElectrons">Most electrons the whole track may carry (<see cref="TrackLimits.MaxTrackElectrons"/>).</param>
    public static Deposits ReadDeposits(IReadOnlyDictionary<string, NdArray> arrays, string path, double maxDistanceM = double.PositiveInfinity,
        long maxElectrons = long.MaxValue)
    {
        if (!arrays.TryGetValue("r", out var r)) throw Shape(path, "r.npy", "entry is missing");
        if (!arrays.TryGetValue("num_e", out var numE)) throw Shape(path, "num_e.npy", "entry is missing");
        if (r.Rank != 2 || r.Shape[0] != 3)
            throw Shape(path, "r.npy", $"has shape ({string.Join(", ", r.Shape)}), expected (3, N)");
        int n = r.Shape[1];
        if (numE.Rank != 1 || numE.Shape[0] != n)
            throw Shape(path, "num_e.npy", $"has shape ({string.Join(", ", numE.Shape)}), expected ({n},) to match r.npy");
        if (numE.ElementType is NdElementType.Float32 or NdElementType.Float64)
            throw new TrackFormatException(InputErrorKind.Value, path, "num_e.npy", null, $"holds {numE.ElementType} values, expected integer electron counts");

        var positions = r.ToDoubleArray();
        for (int i = FirstSuspectPosition(positions, maxDistanceM); i < positions.Length; i++)
        {
            if (!double.IsFinite(positions[i]))
                throw new TrackFormatException(InputErrorKind.Value, path, "r.npy", null,
                    $"position {"xyz"[i / Math.Max(n, 1)]}[{i % Math.Max(n, 1)}] is {positions[i]}, expected a finite number of metres");
            // Far outside any detector: a unit mistake or damage, said here rather than failing deep in a stage.
            if (Math.Abs(positions[i]) > maxDistanceM)
                throw new TrackFormatException(InputErrorKind.Value, path, "r.npy", null,
                    $"position {"xyz"[i / Math.Max(n, 1)]}[{i % Math.Max(n, 1)}] is {positions[i].ToString("G6", System.Globalization.CultureInfo.InvariantCulture)} m, " +
                    $"farther than {maxDistanceM.ToString(System.Globalization.CultureInfo.InvariantCulture)} m from the origin (Run:MaxDepositDistanceM): not a position in a detector (metres expected)");
        }

        // Already int32 (narrowed as it was read, or stored so): taken as it is, once no count is negative.
        if (numE.Data is int[] narrowed && narrowed.GetType() == typeof(int[]))
        {
            for (int i = 0; i < n; i++)
                if (narrowed[i] < 0) throw NotACount(path, i, narrowed[i]);
            return new Deposits(positions, WithinElectronBound(narrowed, path, maxElectrons));
        }
        // uint64 counts above int64 (ToInt64Array would overflow): a value error naming the deposit, as every other count out of range.
        if (numE.Data is ulong[] unsigned && unsigned.GetType() == typeof(ulong[]))
            for (int i = 0; i < n; i++)
                if (unsigned[i] > int.MaxValue) throw NotACount(path, i, unsigned[i]);
        var counts = numE.ToInt64Array();
        var electrons = GC.AllocateUninitializedArray<int>(n); // every element set below, or the track fails
        for (int i = 0; i < n; i++)
        {
            long c = counts[i];
            if (c < 0 || c > int.MaxValue) throw NotACount(path, i, c);
            electrons[i] = (int)c;
        }
        return new Deposits(positions, WithinElectronBound(electrons, path, maxElectrons));
    }

    /// <summary>
    /// The counts, once their total is within <paramref name="maxElectrons"/>: the drift and readout hold memory in
    /// proportion to the electrons (breaker16: 3 deposits of 2^31-1 took the drift past 14 GB and never ended), so a
    /// track with more than the largest energy a track may deposit is refused before any stage sees it.
    /// </summary>
    private static int[] WithinElectronBound(int[] electrons, string path, long maxElectrons)
    {
        if (maxElectrons == long.MaxValue) return electrons;
        long total = 0;
        foreach (int e in electrons) total += e; // at most 2^31 counts of 2^31: no overflow
        if (total > maxElectrons)
            throw new TrackFormatException(InputErrorKind.TooLarge, path, "num_e.npy", null,
                $"the deposits hold {total:N0} electrons in all, more than the bound of {maxElectrons:N0} (Run:MaxTrackEnergyMeV over the medium's W / (1 - recombination)); not drifted");
        return electrons;
    }

    /// <summary>
    /// Where the checks of every position must start: the first vector block holding a value that is not finite or
    /// farther than <paramref name="maxDistanceM"/> (the length when there is none). The scalar loop from there says which
    /// value and why, exactly as it would from 0; four values a compare, the sample's 12 M positions in a few milliseconds.
    /// </summary>
    private static int FirstSuspectPosition(ReadOnlySpan<double> positions, double maxDistanceM)
    {
        int width = Vector<double>.Count, i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var max = new Vector<double>(maxDistanceM);
            for (; i <= positions.Length - width; i += width)
            {
                var v = new Vector<double>(positions[i..]);
                // v - v is 0 only for a finite v (NaN for NaN and +-inf); |v| <= max is false for NaN.
                var good = Vector.Equals(v - v, Vector<double>.Zero)
                    & Vector.LessThanOrEqual(Vector.Abs(v), max);
                if (!Vector.EqualsAll(good, new Vector<long>(-1))) return i;
            }
        }
        return i;
    }

    private static TrackFormatException NotACount(string path, int deposit, decimal electrons) =>
        new(InputErrorKind.Value, path, "num_e.npy", null, $"deposit {deposit} has {electrons} electrons, expected a count from 0 to {int.MaxValue}");

    private static T ReadFile<T>(string path, Func<string, T> read)
    {
        try { return read(path); }
        catch (TrackFormatException) { throw; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TrackFormatException(InputErrorKind.Io, path, null, null, e.Message, e);
        }
    }

    private static TrackFormatException Shape(string path, string entry, string problem) =>
        new(InputErrorKind.Shape, path, entry, null, problem);
}
