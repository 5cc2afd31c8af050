using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>
/// The input tree walked once (issue 14): one background walk (<see cref="DatasetDiscovery"/>) appends every track it
/// finds to a hidden spill file in the output folder, one JSON line each, and counts them; the pipeline is fed from that
/// file as it grows, so it starts at the first track, the progress gets its total when the walk ends, and no list of
/// 10^6 paths is held in memory. The order is the walk's, so the outputs do not change.
/// <para>The file is deleted on dispose; one left by a killed run of the same shard is deleted when the next one starts
/// (it holds the shard's lease then).</para>
/// </summary>
public sealed class InputListing : IDisposable
{
    private const string FilePrefix = ".input-listing-";

    private readonly string _path;
    private readonly Func<TrackSource, bool> _counted;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<bool> _anyTrack = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _grown = new(0);
    private readonly Task _walk;
    private long _committedBytes;
    private long _tracks;
    private long _countedTracks;
    private volatile bool _walkEnded;
    private Exception? _walkFailure;

    private InputListing(string path, IEnumerable<TrackSource> walk, Func<TrackSource, bool> counted)
    {
        _path = path;
        _counted = counted;
        // Created before the walk starts, so a reader can open it at once.
        var file = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        _walk = Task.Run(() => Walk(walk, file));
    }

    /// <summary>Starts the walk of <paramref name="input"/>.</summary>
    /// <param name="outputRoot">Where the spill file goes (hidden, beside the tables).</param>
    /// <param name="owner">The shard label: a leftover of this owner's killed run is deleted.</param>
    /// <param name="counted">Which tracks the progress total counts (this shard's).</param>
    /// <param name="leftoversOf">Other shards whose locks this run holds (a merge pass holds every shard's): their killed
    /// runs' leftovers are deleted too, since none of them can be running.</param>
    public static InputListing Start(string input, CompressedTrackPolicy compressed, string outputRoot, string owner, Func<TrackSource, bool> counted,
        IEnumerable<string>? leftoversOf = null) =>
        Start(DatasetDiscovery.Discover(input, compressed), outputRoot, owner, counted, leftoversOf);   // Discover throws now for a missing folder

    /// <summary>Starts listing the tracks of <paramref name="walk"/> (a discovery, or a test's own sequence).</summary>
    public static InputListing Start(IEnumerable<TrackSource> walk, string outputRoot, string owner, Func<TrackSource, bool> counted,
        IEnumerable<string>? leftoversOf = null)
    {
        foreach (var label in (leftoversOf ?? []).Append(owner).Distinct(StringComparer.Ordinal))
            foreach (var stale in Directory.EnumerateFiles(outputRoot, $"{FilePrefix}{label}-*"))
                File.Delete(stale);
        var path = Path.Combine(outputRoot, $"{FilePrefix}{owner}-{Environment.ProcessId}-{Guid.NewGuid():N}.jsonl");
        return new InputListing(path, walk, counted);
    }

    /// <summary>The spill file (hidden; deleted on dispose).</summary>
    public string SpillPath => _path;

    /// <summary>Completes with true at the first track found, false when the walk ends without one.</summary>
    public Task<bool> HasAnyTrack => _anyTrack.Task;

    /// <summary>Completes when the walk has ended, with every track written to the spill file.</summary>
    public Task Walked => _walk;

    /// <summary>Tracks found (any shard); final once <see cref="Walked"/> completed.</summary>
    public long Tracks => Interlocked.Read(ref _tracks);

    /// <summary>Tracks the progress counts (<c>counted</c>); final once <see cref="Walked"/> completed.</summary>
    public long CountedTracks => Interlocked.Read(ref _countedTracks);

    private void Walk(IEnumerable<TrackSource> walk, FileStream file)
    {
        try
        {
            using var owned = file;
            using var writer = new StreamWriter(file, new UTF8Encoding(false));
            foreach (var source in walk)
            {
                if (_stop.IsCancellationRequested) break;
                writer.Write(JsonSerializer.Serialize(source, ListingJson.Default.TrackSource));
                writer.Write('\n');
                Interlocked.Increment(ref _tracks);
                if (_counted(source)) Interlocked.Increment(ref _countedTracks);
                // Published line by line (one small write per track, nothing next to reading it): the reader sees whole
                // lines only, and never waits on a track the walk has found while the walk lists the next folder.
                Publish(writer, file);
                _anyTrack.TrySetResult(true);
            }
            Publish(writer, file);
        }
        catch (Exception e)
        {
            _walkFailure = e;
        }
        finally
        {
            _walkEnded = true;
            _anyTrack.TrySetResult(false);
            _grown.Release();
        }
    }

    private void Publish(StreamWriter writer, FileStream file)
    {
        writer.Flush();
        Interlocked.Exchange(ref _committedBytes, file.Position);
        _grown.Release();
    }

    /// <summary>
    /// The tracks in walk order, read back from the spill file while the walk goes on (waits for more when it has read
    /// everything published so far). One enumeration at a time.
    /// </summary>
    public IEnumerable<TrackSource> Sources()
    {
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var pending = new List<byte>(256);
        var buffer = new byte[64 * 1024];
        long read = 0;
        while (true)
        {
            bool ended = _walkEnded;   // read before the committed count: after the end nothing more is published
            long committed = Interlocked.Read(ref _committedBytes);
            while (read < committed)
            {
                int n = file.Read(buffer, 0, (int)Math.Min(buffer.Length, committed - read));
                if (n <= 0) throw new IOException($"the input listing {_path} is shorter than written");
                read += n;
                int start = 0;
                for (int i = 0; i < n; i++)
                {
                    if (buffer[i] != (byte)'\n') continue;
                    pending.AddRange(new ReadOnlySpan<byte>(buffer, start, i - start));
                    yield return JsonSerializer.Deserialize(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(pending), ListingJson.Default.TrackSource)
                        ?? throw new InvalidDataException($"the input listing {_path} has an empty line");
                    pending.Clear();
                    start = i + 1;
                }
                pending.AddRange(new ReadOnlySpan<byte>(buffer, start, n - start));
            }
            if (ended)
            {
                if (_walkFailure is { } failure) throw new IOException($"walking the input failed: {failure.Message}", failure);
                yield break;
            }
            _grown.Wait();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try { _walk.Wait(); }
        catch (AggregateException) { }
        try { File.Delete(_path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        _stop.Dispose();
        _grown.Dispose();
    }
}

/// <summary>
/// The listing's JSON lines, serialised by code generated at build time: the reflection-based serialiser built its
/// metadata for <see cref="TrackSource"/> at the start of every run, on the walk the first track waits for
/// (docs/benchmarks/whole-run.md).
/// </summary>
[JsonSerializable(typeof(TrackSource))]
internal sealed partial class ListingJson : JsonSerializerContext;
