using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Readout;

namespace TrackPipeline.Rendering;

/// <summary>
/// The last stage: draws each track (raw, drifted, readout and projections) to
/// <c>OUT/images/&lt;particle&gt;/E&lt;energy&gt;/&lt;picture name&gt;.png</c> (<see cref="PictureName"/>), written atomically, and, while it has the track in
/// hand, what the post-run pictures need of it (<see cref="KeptPictures"/>: thumbnails for the contact and comparison
/// sheets, event pages, the pictures of quest candidates), so that the gallery never reads a track back from disk.
/// Frames are chosen from the stages' results on the charge (<see cref="FramingEvidence"/>), never from the truth.
/// </summary>
public sealed class RenderStage(RenderOptions options, string outputRoot, ReadoutSettings? readout, Topology.TopologySettings topology, int questTopPerCategory)
    : IBestEffortStage
{
    private readonly TrackRenderer _renderer = TrackRenderer.Create(options.ResolvedColormap);

    public string Name => "render";

    public RenderOptions Options => options;

    /// <summary>The bounded selections of tracks whose post-run artefacts this run drew.</summary>
    public KeptPictures Kept { get; } = new(outputRoot, options, questTopPerCategory);

    /// <summary>
    /// Waits until every picture, thumbnail and page this stage wrote is flushed to disk (they are renamed into place at
    /// once and flushed on a thread of their own, <see cref="DeferredSync"/>); returns those that could not be.
    /// </summary>
    public IReadOnlyList<string> WaitForDisk() => Kept.Sync.Drain();

    /// <summary>The workers' reused buffers (<see cref="RenderScratch"/>): one is taken for each track and given back when its files are written.</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<RenderScratch> _scratch = [];

    public void Process(TrackItem item, CancellationToken cancellationToken)
    {
        var track = item.RequireTrack();
        // The pictures go by the track id (the sub-tree folders in front of the stem: two same-named files, two pictures, R2).
        var name = track.Source.TrackId;
        var kept = new KeptTrack(track.Source.Particle, track.Source.EnergyKev, name)
        {
            Picture = name, DepositDigest = track.RandomKey, SourcePath = track.Source.RelativePath,
        };
        var wants = Kept.Wants(kept, item.Scores);
        bool picture = options.Mode == ImageMode.All || wants.CandidatePicture;
        if (!picture && !wants.Thumbnail && !wants.EventPage) return;

        if (!_scratch.TryTake(out var scratch)) scratch = new RenderScratch();
        try
        {
            Draw(item, track, name, kept, wants, picture, scratch);
        }
        finally
        {
            // What was encoded into the scratch is written (or dropped) by now.
            _scratch.Add(scratch);
        }
    }

    private void Draw(TrackItem item, Tracks.Track track, string name, KeptTrack kept, (bool Thumbnail, bool EventPage, bool CandidatePicture) wants, bool picture,
        RenderScratch scratch)
    {
        var sheet = TrackSheets.Build(track, item.Drifted, item.Readout, readout, FramingEvidence.Of(item), topology, options);
        ReadOnlyMemory<byte>? png = null, thumbnail = null, page = null;
        if (picture)
        {
            using var bitmap = _renderer.RenderSheet(sheet, options.Width, options.Height);
            PngEncoder.EncodeInto(bitmap, scratch.SheetPng);
            png = RenderScratch.Written(scratch.SheetPng);
        }
        WriteFailure? failure = null;
        if (options.Mode == ImageMode.All)
        {
            var path = ImagePaths.TrackImage(outputRoot, track.Source.Particle, track.Source.EnergyKev, name);
            var bytes = png!.Value;
            // Written on the worker that drew it, synchronously: the async form handed each write to another thread-pool
            // thread while this one blocked on it (sync over async, on the two cores the stages share). A picture that
            // cannot be written costs that file only: the thumbnail and event page are still made.
            failure = AtomicFile.TryWrite(path, s => s.Write(bytes.Span), Kept.Sync);
        }
        if (wants.Thumbnail)
        {
            using var bitmap = _renderer.RenderThumbnail(sheet, (int)(options.Width * TrackRenderer.ThumbnailWidthFraction), options.TruthInThumbnails);
            PngEncoder.EncodeInto(bitmap, scratch.ThumbnailPng);
            thumbnail = RenderScratch.Written(scratch.ThumbnailPng);
        }
        sheet.Raw.ReleaseProjection();   // both raw views drawn: the projection they shared goes back to the pool
        if (wants.EventPage)
        {
            // The page's UTF-8 as built: a round trip through a string cost two more copies of ~0.85 MB per track on the large-object heap.
            EventDisplay.WritePageUtf8(scratch.EventPage, sheet, track.Source.Particle, track.Source.EnergyKev, name, options.EventDisplayMaxPoints, options.ResolvedColormap);
            page = scratch.EventPage.WrittenMemory;
        }
        var keptFailure = Kept.Commit(kept, item.Scores, thumbnail, page, wants.CandidatePicture ? png : null);
        failure ??= keptFailure;
        // An errors-table row (render_failed) naming the file, as the gallery names its own: the track's rows are kept.
        if (failure is not null) item.BestEffortFailure = TrackPipelineGraph.BestEffortFailureOf(track.Source, this, failure);
    }
}
