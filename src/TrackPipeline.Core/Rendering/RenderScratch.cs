namespace TrackPipeline.Rendering;

/// <summary>
/// What one render worker reuses from track to track: the buffers the track's PNGs and event page are encoded into before
/// they are written. Made anew for each track they were ~290 MB of the ~540 MB the pictures allocate on the sample, and
/// kept they are ~3 MB a worker (docs/benchmarks/rendering.md round 18b; the scenes' point arrays, kept the same way, cost
/// +40 MB of peak RSS and are not). A worker takes one for a track and gives it back when the track's files are written
/// (<see cref="RenderStage"/>): nothing built on it may outlive that.
/// </summary>
public sealed class RenderScratch
{
    /// <summary>The track picture's PNG (kept until the quest candidates' selection has taken it).</summary>
    public MemoryStream SheetPng { get; } = new();
    public MemoryStream ThumbnailPng { get; } = new();
    public System.Buffers.ArrayBufferWriter<byte> EventPage { get; } = new();

    /// <summary>The bytes a stream of this scratch holds (its buffer up to its length: no copy).</summary>
    public static ReadOnlyMemory<byte> Written(MemoryStream stream) => stream.GetBuffer().AsMemory(0, (int)stream.Length);
}
