using TrackPipeline.Classification;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Readout;

namespace TrackPipeline.Rendering;

/// <summary>
/// The last stage: draws each track (raw, drifted, readout and projections) to
/// <c>OUT/images/&lt;particle&gt;/E&lt;energy&gt;/&lt;track&gt;.png</c>, written atomically. In
/// <see cref="ImageMode.Quest"/> mode only quest candidates are drawn.
/// </summary>
public sealed class RenderStage(RenderOptions options, string outputRoot, ReadoutSettings? readout, Topology.TopologySettings topology) : IBestEffortStage
{
    private readonly TrackRenderer _renderer = TrackRenderer.Create(options.ResolvedColormap);

    public string Name => "render";

    /// <summary>The readout whose pixels are drawn (null when drift and readout are off).</summary>
    public ReadoutSettings? Readout => readout;
    public RenderOptions Options => options;
    /// <summary>The topology settings the pictures frame with (the same clusters and vertex as the features).</summary>
    public Topology.TopologySettings Topology => topology;

    public void Process(TrackItem item, CancellationToken cancellationToken)
    {
        if (!Wants(item)) return;
        var track = item.RequireTrack();
        var sheet = TrackSheets.Build(track, item.Drifted, item.Readout, readout, item.Topology?.Raw, topology, options);
        using var bitmap = _renderer.RenderSheet(sheet, options.Width, options.Height);
        var png = TrackRenderer.EncodePng(bitmap);
        var path = ImagePaths.TrackImage(outputRoot, track.Source.Particle, track.Source.EnergyKev, track.Name);
        AtomicFile.WriteAsync(path, s => s.WriteAsync(png).AsTask(), cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>
    /// All: every track. Quest: none during the run — which tracks rank in the top N of a category is known only
    /// at the end, so the gallery post-pass draws exactly those (a bounded number, whatever the dataset size).
    /// </summary>
    public bool Wants(TrackItem item) => options.Mode == ImageMode.All;
}
