using TrackPipeline.Output;
using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>Settings of the main job (configuration section <c>Run</c>).</summary>
public sealed class RunOptions
{
    public const string Section = "Run";

    /// <summary>Dataset root: tracks are found at any depth below it. Empty: generate the built-in default dataset.</summary>
    public string? Input { get; set; }

    /// <summary>Output folder for the Parquet tables, images and run.json. Re-running into it resumes.</summary>
    public string Output { get; set; } = "";

    /// <summary>Shard <c>K/N</c>: process a deterministic 1/N of the tracks (SLURM job arrays).</summary>
    public string Shard { get; set; } = "";

    /// <summary>Run seed; each track's random stream is derived from it and the track name.</summary>
    public ulong Seed { get; set; }

    /// <summary>Tracks processed at once per stage; 0 means one per core.</summary>
    public int MaxParallelism { get; set; }

    /// <summary>Track rows per Parquet file (and per resume checkpoint).</summary>
    public int TracksPerFile { get; set; }

    /// <summary>Largest number of rows in one detail (pixel) file before a batch is cut early.</summary>
    public int MaxDetailRowsPerFile { get; set; }

    /// <summary>Which of a raw and a compressed copy of the same track to read.</summary>
    public CompressedTrackPolicy CompressedTracks { get; set; }

    /// <summary>
    /// When another live process writes the same (or an overlapping) shard into the output: false (default) refuses
    /// to start with a message naming it; true waits until it has ended.
    /// </summary>
    public bool WaitForShard { get; set; }

    /// <summary>
    /// When the output already holds rows made with other row-changing settings (seed, readout, medium, depth, the
    /// analysis sections; <c>RowSettings</c>): false (default) refuses to start, naming the settings that differ; true
    /// writes anyway, and the tables then mix the two.
    /// </summary>
    public bool AllowMixedSettings { get; set; }

    /// <summary>Seconds between progress lines when the output is not a terminal.</summary>
    public double ProgressIntervalSeconds { get; set; }

    /// <summary>
    /// Memory for the points of the tracks in flight, in MiB: tracks are admitted by their estimated footprint, and a
    /// track that alone exceeds it is rejected (<c>too_large</c>). Default 2560: a 2-core, 4 GB SLURM slot, leaving
    /// about 1.5 GB for the runtime, the writer's open batches and the page cache (docs/benchmarks/memory.md).
    /// </summary>
    public int MemoryBudgetMb { get; set; }

    /// <summary>
    /// Bytes in flight per byte of arrays a track's .npz declares (decoded deposits, drifted charge, readout samples,
    /// topology), measured on 10M-point tracks in docs/benchmarks/memory.md.
    /// </summary>
    public double BytesInFlightPerNpzByte { get; set; }

    /// <summary>Largest truth .pickle read, in bytes (default 64 MiB; the sample's are about 3 kB).</summary>
    public long MaxPickleBytes { get; set; }

    /// <summary>
    /// Largest |x|, |y| or |z| of a deposit, in metres (default 100). A deposit farther out is an error row of kind
    /// <c>value</c> naming the file (known issue Q8: a track at 1e6 m was an internal_error deep in the topology), not a
    /// track: the largest liquid-argon TPC (a DUNE far-detector module) is 66 m long, so such a position is a unit
    /// mistake or damage; the topology's voxel indices reach +-2^20 voxels, +-524 m at its finest 0.5 mm voxels.
    /// </summary>
    public double MaxDepositDistanceM { get; set; }

    /// <summary>
    /// Largest energy a track may deposit, in MeV (default 1000): with the medium's W / (1 - recombination) it bounds the
    /// electrons a track's deposits may hold (<see cref="TrackLimitsIn"/>); a track above is refused as <c>too_large</c>.
    /// The datasets hold tracks up to 50 MeV (20x below); the drift's memory grows with the electrons (breaker16: 3
    /// deposits of 2^31-1 electrons took it past 14 GB), and 1 GeV of charge (3.2e7 electrons in LAr) drifts in a few hundred MB.
    /// </summary>
    public double MaxTrackEnergyMeV { get; set; }

    /// <summary>Seconds Ctrl+C waits for the tracks in flight before the run ends anyway with exit code 130 (default 20).</summary>
    public double ShutdownTimeoutSeconds { get; set; }

    public long MemoryBudgetBytes => (long)MemoryBudgetMb << 20;

    /// <summary>The reader's limits that follow from these settings.</summary>
    public TrackLimits TrackLimits => new()
    {
        MaxDeclaredNpzBytes = (long)(MemoryBudgetBytes / BytesInFlightPerNpzByte),
        MaxPickleBytes = MaxPickleBytes,
        // A truth pickle may take, while parsed, what one track's arrays may declare: the budget's share for one track.
        MaxPickleAllocatedBytes = (long)(MemoryBudgetBytes / BytesInFlightPerNpzByte),
        MaxDepositDistanceM = MaxDepositDistanceM,
    };

    /// <summary>
    /// The reader's limits in <paramref name="medium"/>: those of <see cref="TrackLimits"/> and the most electrons a track may
    /// hold, <see cref="MaxTrackEnergyMeV"/> over the energy per collected electron.
    /// </summary>
    public TrackLimits TrackLimitsIn(Drift.MediumSettings medium) =>
        TrackLimits with { MaxTrackElectrons = (long)Math.Ceiling(MaxTrackEnergyMeV * 1e3 / medium.KeVPerCollectedElectron) };

    /// <summary>
    /// Whether <paramref name="inner"/> is <paramref name="outer"/> or a folder below it (full paths, symbolic links of the
    /// folders themselves followed). An input below the output (OUTPUT/generated, the README's own command) is allowed.
    /// </summary>
    private static bool IsSameOrInside(string inner, string outer)
    {
        static string Full(string path)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
            return Directory.Exists(full) && new DirectoryInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target
                ? Path.TrimEndingDirectorySeparator(target.FullName) : full;
        }
        string i = Full(inner), o = Full(outer);
        return i == o || i.StartsWith(o.EndsWith(Path.DirectorySeparatorChar) ? o : o + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    public int EffectiveParallelism => MaxParallelism > 0 ? MaxParallelism : Environment.ProcessorCount;

    public ShardSpec ParsedShard => ShardSpec.TryParse(Shard, out var s, out _) ? s : ShardSpec.Single;

    /// <summary>Every problem with these settings, each a sentence naming the setting.</summary>
    public IEnumerable<string> Problems()
    {
        if (!ShardSpec.TryParse(Shard, out _, out var problem)) yield return $"Run:Shard: {problem}";
        if (string.IsNullOrWhiteSpace(Output)) yield return "Run:Output: an output folder is required (--output DIR)";
        if (!string.IsNullOrWhiteSpace(Input) && File.Exists(Input))
            yield return $"Run:Input: '{Input}' is a file, not a folder: give the folder that holds <material>/<particle>/E<7 digits>/TrackE*.npz (one track: trackpipeline inspect FILE)";
        else if (!string.IsNullOrWhiteSpace(Input) && !Directory.Exists(Input)) yield return $"Run:Input: folder '{Input}' does not exist";
        else if (!string.IsNullOrWhiteSpace(Input) && !string.IsNullOrWhiteSpace(Output) && IsSameOrInside(Output, Input))
            yield return $"Run:Input: folder '{Input}' is the output folder '{Output}' or holds it: the run would read the output's own generated tracks " +
                "as inputs and write each track twice (breaker16 F); give the tracks' own folder (the default dataset's is OUTPUT/generated)";
        if (MaxParallelism < 0 || MaxParallelism > 1024) yield return $"Run:MaxParallelism: {MaxParallelism} is not in 0..1024";
        if (TracksPerFile < 1) yield return $"Run:TracksPerFile: {TracksPerFile} must be at least 1";
        if (MaxDetailRowsPerFile < 1) yield return $"Run:MaxDetailRowsPerFile: {MaxDetailRowsPerFile} must be at least 1";
        if (!(ShutdownTimeoutSeconds > 0)) yield return $"Run:ShutdownTimeoutSeconds: {ShutdownTimeoutSeconds} must be positive";
        if (MemoryBudgetMb < 64) yield return $"Run:MemoryBudgetMb: {MemoryBudgetMb} MiB is too small (at least 64)";
        if (!(BytesInFlightPerNpzByte >= 1)) yield return $"Run:BytesInFlightPerNpzByte: {BytesInFlightPerNpzByte} must be at least 1 (the arrays themselves)";
        if (MaxPickleBytes < 1) yield return $"Run:MaxPickleBytes: {MaxPickleBytes} must be positive";
        if (!(MaxDepositDistanceM > 0)) yield return $"Run:MaxDepositDistanceM: {MaxDepositDistanceM} must be a positive distance in metres";
        if (!(MaxTrackEnergyMeV > 0 && MaxTrackEnergyMeV <= 1e6)) yield return $"Run:MaxTrackEnergyMeV: {MaxTrackEnergyMeV} must be a positive energy in MeV, at most 1e6";
        if (!(ProgressIntervalSeconds > 0)) yield return $"Run:ProgressIntervalSeconds: {ProgressIntervalSeconds} must be positive";
    }
}
