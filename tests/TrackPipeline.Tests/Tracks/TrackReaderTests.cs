using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;
using TrackPipeline.Output;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Tracks;

public sealed class TrackReaderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tp-reader-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [SharedDataFact]
    public void A_compressed_track_is_read_with_its_bin_size()
    {
        // Build a .c.npz from a real track: same r and num_e plus the scalar bin_size, beside the real pickle.
        var real = DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0000300")).First();
        var folder = Directory.CreateDirectory(Path.Combine(_root, "LAr", "electrons", "E0000300")).FullName;
        var arrays = NpzReader.ReadAll(real.NpzPath);
        AtomicFile.Write(Path.Combine(folder, real.Name + ".c.npz"), s => NpzWriter.Write(s,
            [new("r", arrays["r"]), new("num_e", arrays["num_e"]), new("bin_size", new NdArray(NdElementType.Float64, [], new[] { 2.5e-4 }))],
            new NpzWriteOptions { Compress = true }));
        File.Copy(real.PicklePath!, Path.Combine(folder, real.Name + ".pickle"));

        var source = Assert.Single(DatasetDiscovery.Discover(_root));
        Assert.True(source.IsCompressed);
        var track = TrackReader.Read(source);
        Assert.Equal(2.5e-4, track.BinSizeM);
        Assert.Equal(TrackReader.Read(real).Deposits.TotalElectrons(), track.Deposits.TotalElectrons());
        Assert.Equal(track.Truth!.NumElectrons, track.Deposits.TotalElectrons());
    }

    /// <summary>breaker19 F4: a .pickle listed, then deleted before its read, is a track without truth (real data), not a refused pickle.</summary>
    [SharedDataFact]
    public void A_pickle_deleted_between_the_listing_and_the_read_is_a_track_without_truth_and_no_problem()
    {
        var real = DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", "photons", "E0001000")).First();
        var folder = Directory.CreateDirectory(Path.Combine(_root, "LAr", "photons", "E0001000")).FullName;
        File.Copy(real.NpzPath, Path.Combine(folder, real.Name + ".npz"));
        var pickle = Path.Combine(folder, real.Name + ".pickle");
        File.Copy(real.PicklePath!, pickle);
        var listed = Assert.Single(DatasetDiscovery.Discover(_root));
        Assert.Equal(pickle, listed.PicklePath);
        File.Delete(pickle);

        var track = TrackReader.Read(listed, TrackLimits.None, out var truthProblem);
        Assert.Null(truthProblem);
        Assert.Null(track.Truth);
        // A link left pointing nowhere is still there: a problem to say.
        File.CreateSymbolicLink(pickle, Path.Combine(folder, "gone.pickle"));
        TrackReader.Read(listed, TrackLimits.None, out truthProblem);
        Assert.NotNull(truthProblem);
    }

    [SharedDataFact]
    public void A_track_without_its_pickle_is_read_with_null_truth_and_the_same_random_key_under_any_name()
    {
        var real = DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", "photons", "E0001000")).First();
        var folder = Directory.CreateDirectory(Path.Combine(_root, "LAr", "unknown", "E0000000")).FullName;
        File.Copy(real.NpzPath, Path.Combine(folder, "TrackE0000000_D20000101_T0000000001.npz"));

        var source = Assert.Single(DatasetDiscovery.Discover(_root));
        Assert.Null(source.PicklePath);
        var blind = TrackReader.Read(source);
        var withTruth = TrackReader.Read(real);
        Assert.Null(blind.Truth);
        Assert.NotNull(withTruth.Truth);
        // Drift and readout noise are keyed on the deposits, so renaming a track cannot change its detector response.
        Assert.Equal(withTruth.RandomKey, blind.RandomKey);
        var other = DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", "photons", "E0001000")).Skip(1).First();
        Assert.NotEqual(withTruth.RandomKey, TrackReader.Read(other).RandomKey);
    }

    /// <summary>
    /// A pickle that cannot be read as truth (a FIFO or a folder: never opened; larger than Run:MaxPickleBytes: not read) does not
    /// cost the track: it is read without truth, with the deposits of the same .npz, and the problem names the .pickle.
    /// The strict reader (train, evaluate) still refuses it. Unreadable by permissions is not testable as root.
    /// </summary>
    [SharedDataTheory]
    [InlineData("fifo", "not_regular_file")]
    [InlineData("folder", "not_regular_file")]   // known issues s26 breaker12 item 9: it was left out, no error row
    [InlineData("too_large", "too_large")]
    // Known issues s26 breaker12 item 9: a small file of small objects (here 2 MB, a million empty dicts) was parsed
    // outside the memory budget whatever it built; under the shipped run limits it is now refused while parsed.
    [InlineData("small_objects", "too_large")]
    // Breaker14 F1: a memo-shared tuple key of 2^61 items written out hashed for ever; refused as too large a key.
    [InlineData("shared_key", "pickle")]
    public async Task A_truth_pickle_that_cannot_be_read_leaves_the_track_without_truth(string how, string kind)
    {
        var real = DatasetDiscovery.Discover(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000")).First();
        var folder = Directory.CreateDirectory(Path.Combine(_root, "LAr", "electrons", "E0001000")).FullName;
        File.Copy(real.NpzPath, Path.Combine(folder, real.Name + ".npz"));
        var pickle = Path.Combine(folder, real.Name + ".pickle");
        var limits = TrackLimits.None;
        if (how == "fifo")
        {
            using var mkfifo = System.Diagnostics.Process.Start("mkfifo", [pickle]);
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        else if (how == "folder") Directory.CreateDirectory(pickle);
        else if (how == "shared_key") File.WriteAllBytes(pickle, Formats.Pickle.PickleBytes.SharedTupleKey(60));
        else if (how == "small_objects")
        {
            var dicts = new byte[3 + 2 * 1_000_000 + 1];
            dicts[0] = 0x80; dicts[1] = 2; dicts[2] = (byte)']';
            for (int i = 0; i < 1_000_000; i++) { dicts[3 + 2 * i] = (byte)'}'; dicts[4 + 2 * i] = (byte)'a'; }
            dicts[^1] = (byte)'.';
            File.WriteAllBytes(pickle, dicts);
            limits = TrackPipeline.Config.ShippedSettings.Load<TrackPipeline.Pipeline.RunOptions>(TrackPipeline.Pipeline.RunOptions.Section).TrackLimits;
        }
        else
        {
            File.Copy(real.PicklePath!, pickle);
            limits = limits with { MaxPickleBytes = new FileInfo(pickle).Length - 1 };
        }

        var source = Assert.Single(DatasetDiscovery.Discover(_root));
        Assert.Equal(pickle, source.PicklePath);
        var track = TrackReader.Read(source, limits, out var problem);
        Assert.Null(track.Truth);
        Assert.NotNull(problem);
        Assert.Equal(pickle, problem.Path);
        Assert.Equal(kind, TrackPipeline.Pipeline.TrackPipelineGraph.ErrorKindName(problem.Kind));
        Assert.Equal(TrackReader.Read(real).Deposits.TotalElectrons(), track.Deposits.TotalElectrons());
        Assert.Equal(TrackReader.Read(real).RandomKey, track.RandomKey);
        Assert.Equal(problem.Kind, Assert.Throws<TrackFormatException>(() => TrackReader.Read(source, limits)).Kind);
    }

    [Fact]
    public void Deposits_with_a_wrong_count_shape_name_the_entry()
    {
        var arrays = new Dictionary<string, NdArray>
        {
            ["r"] = new(NdElementType.Float64, [3, 2], new double[6]),
            ["num_e"] = new(NdElementType.Int64, [3], new long[3]),
        };
        var e = Assert.Throws<TrackFormatException>(() => TrackReader.ReadDeposits(arrays, "x.npz"));
        Assert.Equal(InputErrorKind.Shape, e.Kind);
        Assert.Contains("num_e.npy", e.Message);
        Assert.Contains("(2,)", e.Message);
    }

    /// <summary>
    /// breaker16: 3 deposits of 2^31-1 electrons each (every count a valid int32) drove the drift past 14 GB. The track's
    /// total is bounded: above the bound it is too_large, naming the entry, the total and the bound; at the bound it reads.
    /// </summary>
    [Fact]
    public void A_track_with_more_electrons_than_the_bound_is_too_large_naming_total_and_bound()
    {
        var arrays = new Dictionary<string, NdArray>
        {
            ["r"] = new(NdElementType.Float64, [3, 3], new double[9]),
            ["num_e"] = new(NdElementType.Int64, [3], new long[] { int.MaxValue, int.MaxValue, int.MaxValue }),
        };
        var e = Assert.Throws<TrackFormatException>(() => TrackReader.ReadDeposits(arrays, "x.npz", maxElectrons: 31_818_182));
        Assert.Equal(InputErrorKind.TooLarge, e.Kind);
        Assert.Contains("num_e.npy", e.Message);
        Assert.Contains((3L * int.MaxValue).ToString("N0"), e.Message);
        Assert.Contains(31_818_182.ToString("N0"), e.Message);
        Assert.Equal(3L * int.MaxValue, TrackReader.ReadDeposits(arrays, "x.npz").TotalElectrons());
        Assert.Equal(3L * int.MaxValue, TrackReader.ReadDeposits(arrays, "x.npz", maxElectrons: 3L * int.MaxValue).TotalElectrons());
    }

    /// <summary>
    /// The shipped bound (Run:MaxTrackEnergyMeV over the LAr preset's W / (1 - R)) reads every sample track, each at least
    /// 10 times below it (the sample's tracks deposit up to 50 MeV; the bound is 1 GeV of charge).
    /// </summary>
    [SharedDataFact]
    public void The_shipped_electron_bound_reads_every_sample_track_far_below_it()
    {
        var run = TrackPipeline.Config.ShippedSettings.Load<TrackPipeline.Pipeline.RunOptions>(TrackPipeline.Pipeline.RunOptions.Section);
        var medium = TrackPipeline.Config.DetectorConfig.LoadMedium(Path.Combine(TrackPipeline.Config.ShippedSettings.Directory, "config", "medium", "LAr.json")).Item1;
        var limits = run.TrackLimitsIn(medium);
        Assert.InRange(limits.MaxTrackElectrons, 1_000_000L, 1_000_000_000L);
        var sources = DatasetDiscovery.Discover(TestData.TracksRoot!).ToList();
        Assert.NotEmpty(sources);
        long largest = sources.Max(s => TrackReader.Read(s, limits).Deposits.TotalElectrons());
        Assert.True(largest * 10 < limits.MaxTrackElectrons, $"largest sample track {largest:N0} electrons, bound {limits.MaxTrackElectrons:N0}");
    }

    /// <summary>
    /// The positions are screened a vector block at a time before the value-by-value check: every bad value, wherever it
    /// falls in a block or in the tail after the last whole block, is still found and named by axis and index.
    /// </summary>
    [Theory]
    [InlineData(double.NaN, double.PositiveInfinity)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity, 10.0)]
    [InlineData(-25.0, 10.0)]
    [InlineData(10.5, 10.0)]
    public void Every_bad_position_is_named_wherever_it_lies(double bad, double maxDistanceM)
    {
        const int n = 11; // 33 values: whole blocks of 2, 4 or 8 and a tail
        for (int at = 0; at < 3 * n; at++)
        {
            var positions = new double[3 * n];
            for (int i = 0; i < positions.Length; i++) positions[i] = (i % 7 - 3) * 1.5; // within 10 m, -0 and 0 included
            positions[at] = bad;
            var arrays = new Dictionary<string, NdArray>
            {
                ["r"] = new(NdElementType.Float64, [3, n], positions),
                ["num_e"] = new(NdElementType.Int64, [n], new long[n]),
            };
            var e = Assert.Throws<TrackFormatException>(() => TrackReader.ReadDeposits(arrays, "x.npz", maxDistanceM));
            Assert.Equal(InputErrorKind.Value, e.Kind);
            Assert.Contains($"position {"xyz"[at / n]}[{at % n}] is ", e.Message);
        }
    }

    [Fact]
    public void Positions_at_the_distance_limit_and_signed_zeros_are_accepted()
    {
        const int n = 9;
        var positions = new double[3 * n];
        for (int i = 0; i < positions.Length; i++) positions[i] = i % 3 == 0 ? 10.0 : i % 3 == 1 ? -10.0 : -0.0;
        var arrays = new Dictionary<string, NdArray>
        {
            ["r"] = new(NdElementType.Float64, [3, n], positions),
            ["num_e"] = new(NdElementType.Int64, [n], Enumerable.Range(1, n).Select(k => (long)k).ToArray()),
        };
        var d = TrackReader.ReadDeposits(arrays, "x.npz", 10.0);
        Assert.Equal(n, d.Count);
        Assert.Equal(n * (n + 1) / 2, d.TotalElectrons());
    }

    /// <summary>
    /// The electron counts are narrowed to int32 while the file is inflated: every sample track's counts and random key are
    /// those of the int64 array the file stores (read as stored and narrowed after, as before round 16).
    /// </summary>
    [SharedDataFact]
    public void Counts_narrowed_as_read_equal_the_stored_int64_counts_and_keep_the_random_key()
    {
        var sources = DatasetDiscovery.Discover(TestData.TracksRoot!).ToList();
        Assert.NotEmpty(sources);
        foreach (var source in sources)
        {
            var deposits = TrackReader.Read(source).Deposits;
            var stored = NpzReader.ReadAll(source.NpzPath);
            Assert.Equal(NdElementType.Int64, stored["num_e"].ElementType);
            var asStored = TrackReader.ReadDeposits(stored, source.NpzPath);
            Assert.Equal((long[])stored["num_e"].Data, deposits.NumElectrons.Select(c => (long)c).ToArray());
            Assert.Equal(asStored.ContentDigest(), deposits.ContentDigest());
        }
    }

    /// <summary>
    /// A count outside int32 (past the first inflated chunk) or a negative one is still named with the value the file holds,
    /// by deposit, whether the counts were narrowed as read or not.
    /// </summary>
    [Theory]
    [InlineData(9000, 2147483648L)]
    [InlineData(9000, long.MinValue)]
    [InlineData(0, 1L << 40)]
    [InlineData(9999, -3L)]
    [InlineData(4096, -2147483648L)]
    public void A_count_out_of_range_is_named_with_the_stored_value(int at, long value)
    {
        const int n = 10_000;
        var counts = new long[n];
        for (int i = 0; i < n; i++) counts[i] = i % 97;
        counts[at] = value;
        var folder = Directory.CreateDirectory(Path.Combine(_root, "LAr", "electrons", "E0001000")).FullName;
        AtomicFile.Write(Path.Combine(folder, "TrackE0001000_D20000101_T0000000001.npz"), s => NpzWriter.Write(s,
            [new("r", new NdArray(NdElementType.Float64, [3, n], new double[3 * n])), new("num_e", new NdArray(NdElementType.Int64, [n], counts))],
            new NpzWriteOptions { Compress = true }));
        var source = Assert.Single(DatasetDiscovery.Discover(_root));
        var e = Assert.Throws<TrackFormatException>(() => TrackReader.Read(source));
        Assert.Equal(InputErrorKind.Value, e.Kind);
        Assert.Contains($"deposit {at} has {value} electrons, expected a count from 0 to {int.MaxValue}", e.Message);
    }

    /// <summary>A uint64 count above int64's range (breaker16: an internal error from the int64 conversion) is a value error naming the deposit.</summary>
    [Fact]
    public void A_uint64_count_above_int64_is_named_by_deposit_as_a_value_error()
    {
        const int n = 8;
        var counts = new ulong[n];
        counts[3] = 9223372036854775813UL;
        var folder = Directory.CreateDirectory(Path.Combine(_root, "LAr", "electrons", "E0001000")).FullName;
        AtomicFile.Write(Path.Combine(folder, "TrackE0001000_D20000101_T0000000002.npz"), s => NpzWriter.Write(s,
            [new("r", new NdArray(NdElementType.Float64, [3, n], new double[3 * n])), new("num_e", new NdArray(NdElementType.UInt64, [n], counts))]));
        var source = Assert.Single(DatasetDiscovery.Discover(_root));
        var e = Assert.Throws<TrackFormatException>(() => TrackReader.Read(source));
        Assert.Equal(InputErrorKind.Value, e.Kind);
        Assert.Contains("deposit 3 has 9223372036854775813 electrons", e.Message);
    }
}
