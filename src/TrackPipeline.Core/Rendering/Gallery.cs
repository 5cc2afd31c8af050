using System.Globalization;
using SkiaSharp;
using TrackPipeline.Classification;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Readout;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>What the gallery post-pass wrote.</summary>
public sealed record GalleryReport(int QuestImages, int ComparisonSheets, int ContactSheets, int EventPages, string IndexPath);

/// <summary>
/// The pictures made after a run, from the tracks table and the quest selection: the best candidate of each
/// quest category (<c>OUT/quest/&lt;category&gt;.png</c>, re-read from disk and run through the same stages, so
/// with the same seed it shows what the run saw), an electron-vs-photon sheet per energy, a contact sheet per
/// energy folder and <c>OUT/index.html</c>.
/// </summary>
public sealed class Gallery(RenderOptions options, string outputRoot, string inputRoot, CompressedTrackPolicy compressed,
    IReadOnlyList<ITrackStage> stages, ReadoutSettings? readout, Topology.TopologySettings topology, int parallelism)
{
    private readonly TrackRenderer _renderer = TrackRenderer.Create(options.ResolvedColormap);

    /// <summary>
    /// Quest pictures, then one partition of the tracks table (particle, energy) at a time: its contact sheets and, when
    /// it is large, its own page; only a summary of each partition is kept for index.html, so memory does not grow
    /// with the dataset.
    /// </summary>
    public async Task<GalleryReport> BuildAsync(IReadOnlyList<QuestCandidate> quest, CancellationToken cancellationToken)
    {
        var sources = new SourceLookup(inputRoot, compressed);
        var best = quest.Where(c => c.Rank == 1).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };

        int questImages = 0, contacts = 0, eventPages = 0;
        foreach (var candidate in best)
        {
            if (sources.Find(candidate.SourcePath) is not { } source) continue;
            await WritePngAsync(ImagePaths.Quest(outputRoot, candidate.Category), RenderQuest(candidate, source, candidate.Track), cancellationToken);
            questImages++;
        }

        if (options.Mode == ImageMode.Quest)
        {
            // Every ranked candidate gets its track picture (a bounded number: top N per category).
            var ranked = quest.GroupBy(c => c.TrackId).Select(g => g.First()).ToList();
            await Parallel.ForEachAsync(ranked, parallel, async (candidate, ct) =>
            {
                if (sources.Find(candidate.SourcePath) is not { } source) return;
                var path = ImagePaths.TrackImage(outputRoot, source.Particle, source.EnergyKev, source.Name);
                await WritePngAsync(path, RenderQuest(candidate, source, candidate.Track), ct);
            });
        }

        var folders = new List<GalleryFolder>();
        var firstOfEnergy = new SortedDictionary<int, (Dictionary<string, object?>? Electron, Dictionary<string, object?>? Photon)>();
        foreach (var partition in Partitions())
        {
            var rows = (await ParquetDataset.ReadAsync(partition, KeyFigures.Columns, Path.Combine(outputRoot, DatasetLayout.TracksFolder))).Rows
                .OrderBy(r => (string)r["track_id"]!, StringComparer.Ordinal).ToList();
            if (rows.Count == 0) continue;
            string particle = (string)rows[0]["particle"]!;
            int energy = (int)rows[0]["energy_kev"]!;
            if (options.Mode == ImageMode.All)
            {
                // Pages of a bounded size: a folder of thousands of tracks must not become one giant bitmap.
                var pages = rows.Chunk(options.ContactSheetTracksPerPage).Select((tracks, i) => (Page: i + 1, Tracks: tracks.ToList()))
                    .Where(p => options.ContactSheetMaxPages == 0 || p.Page <= options.ContactSheetMaxPages).ToList();
                await Parallel.ForEachAsync(pages, parallel, async (page, ct) =>
                {
                    var sheet = RenderContactSheet(particle, energy, page.Tracks, page.Page, rows.Count, sources);
                    await WritePngAsync(ImagePaths.ContactSheet(outputRoot, particle, energy, page.Page), sheet, ct);
                    Interlocked.Increment(ref contacts);
                });
            }
            if (rows.Count > options.IndexTracksPerFolder)
                await AtomicFile.WriteAllTextAsync(ImagePaths.FolderIndex(outputRoot, particle, energy),
                    GalleryIndex.BuildFolder(outputRoot, particle, energy, rows), cancellationToken);
            folders.Add(new GalleryFolder(particle, energy, rows.Count, rows.Take(options.IndexTracksPerFolder).ToList()));
            var pair = firstOfEnergy.GetValueOrDefault(energy);
            if (particle.StartsWith("electron", StringComparison.Ordinal)) pair.Electron ??= rows[0];
            if (particle.StartsWith("photon", StringComparison.Ordinal)) pair.Photon ??= rows[0];
            firstOfEnergy[energy] = pair;
            sources.Forget();
        }

        if (options.EventDisplays)
        {
            var shown = folders.SelectMany(f => f.Shown).Where(r => r.GetValueOrDefault("source_path") is string)
                .Select(r => ((string)r["source_path"]!, (IReadOnlyDictionary<string, object?>)r));
            var ranked = quest.Select(c => (c.SourcePath, (IReadOnlyDictionary<string, object?>)c.Track));
            eventPages = await WriteEventDisplaysAsync(ranked.Concat(shown), sources, parallel);
            sources.Forget();
        }

        int comparisons = 0;
        if (options.Mode == ImageMode.All)
        {
            foreach (var (energy, pair) in firstOfEnergy)
            {
                if (pair.Electron is null || pair.Photon is null) continue;
                await WritePngAsync(ImagePaths.Comparison(outputRoot, energy), RenderComparison(energy, pair.Electron, pair.Photon, sources), cancellationToken);
                comparisons++;
            }
        }

        // Slide-sized (16:9) plots of the run, linked from index.html.
        var plots = await RunPlots.WriteAsync(outputRoot, RunPlots.Default(), _renderer, 1600, 900, cancellationToken);

        await AtomicFile.WriteAllTextAsync(ImagePaths.Index(outputRoot), GalleryIndex.Build(outputRoot, folders, best, quest, plots), cancellationToken);
        return new GalleryReport(questImages, comparisons, contacts, eventPages, ImagePaths.Index(outputRoot));
    }

    /// <summary>The tracks table's partition folders, by particle then by energy (numerically).</summary>
    private IEnumerable<string> Partitions()
    {
        var tracks = Path.Combine(outputRoot, DatasetLayout.TracksFolder);
        if (!Directory.Exists(tracks)) return [];
        static int Energy(string dir) => int.TryParse(Path.GetFileName(dir).Split('=').Last(), NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : 0;
        return Directory.GetDirectories(tracks).Order(StringComparer.Ordinal)
            .SelectMany(p => Directory.GetDirectories(p).OrderBy(Energy));
    }

    private SKBitmap RenderQuest(QuestCandidate candidate, TrackSource source, IReadOnlyDictionary<string, object?> row)
    {
        var line = $"quest {candidate.Category.Replace('_', ' ')}: score {candidate.Score.ToString("0.00", CultureInfo.InvariantCulture)}"
                   + (candidate.PassesThreshold ? "" : " (below threshold)") + "   -   " + KeyFigures.Describe(row);
        return _renderer.RenderSheet(SheetOf(source, [line]), options.Width, options.Height);
    }

    /// <summary>A track re-read from disk and run through the same stages (same seed: what the run saw), as a sheet.</summary>
    private TrackSheet SheetOf(TrackSource source, IReadOnlyList<string>? lines)
    {
        var item = new TrackItem(source);
        foreach (var stage in stages)
        {
            stage.Process(item, CancellationToken.None);
            if (item.Failure is not null) break;
        }
        var track = item.Track ?? TrackReader.Read(source);
        return TrackSheets.Build(track, item.Drifted, item.Readout, readout, item.Topology?.Raw, topology, options, lines);
    }

    /// <summary>
    /// The interactive 3D pages: every ranked quest candidate and every track shown on index.html (a bounded number), each
    /// re-run through the stages so the drifted and readout layers are there; plotly.js is written once for all of them.
    /// </summary>
    private async Task<int> WriteEventDisplaysAsync(IEnumerable<(string SourcePath, IReadOnlyDictionary<string, object?> Row)> tracks, SourceLookup sources, ParallelOptions parallel)
    {
        var unique = tracks.GroupBy(t => t.SourcePath, StringComparer.Ordinal).Select(g => g.First()).ToList();
        if (unique.Count == 0) return 0;
        await EventDisplay.WriteLibraryAsync(outputRoot, parallel.CancellationToken);
        int written = 0;
        await Parallel.ForEachAsync(unique, parallel, async (t, ct) =>
        {
            if (sources.Find(t.SourcePath) is not { } source) return;
            var extra = KeyFigures.Describe(t.Row) is { Length: > 0 } k ? new[] { k } : [];
            string html;
            try { html = EventDisplay.BuildPage(SheetOf(source, extra), source.Particle, source.EnergyKev, source.Name, options.EventDisplayMaxPoints, options.ResolvedColormap); }
            catch (Formats.TrackFormatException) { return; }   // the run already reported the bad file
            await AtomicFile.WriteAllTextAsync(EventDisplay.PagePath(outputRoot, source.Particle, source.EnergyKev, source.Name), html, ct);
            Interlocked.Increment(ref written);
        });
        return written;
    }

    /// <summary>
    /// Every track of one energy folder as a thumbnail, three to a row: the raw deposits framed like the track pictures
    /// (main cluster or V, with the whole-event inset), each caption saying the frame's size.
    /// </summary>
    private SKBitmap RenderContactSheet(string particle, int energyKev, List<Dictionary<string, object?>> rows, int page, int folderTracks, SourceLookup sources)
    {
        const int columns = 3;
        int thumbW = options.Width / columns, thumbH = (int)(thumbW * 0.95), header = 48;
        int n = Math.Max(1, rows.Count), lines = (n + columns - 1) / columns;
        var bitmap = TrackRenderer.NewBitmap(thumbW * columns, header + thumbH * lines);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        int first = (page - 1) * options.ContactSheetTracksPerPage + 1;
        string which = rows.Count == folderTracks ? $"{rows.Count} tracks" : $"tracks {first}-{first + rows.Count - 1} of {folderTracks}";
        _renderer.DrawHeader(canvas, $"{ImagePaths.ParticleLabel(particle)}s, {ImagePaths.EnergyLabel(energyKev)}: {which} (raw deposits, charge on a log scale; teal: detached clusters)", bitmap.Width, header);
        for (int i = 0; i < rows.Count; i++)
        {
            var rect = new SKRect(i % columns * thumbW, header + i / columns * thumbH, (i % columns + 1) * thumbW, header + (i / columns + 1) * thumbH);
            var id = (string)rows[i]["track_id"]!;
            var view = ReadView(rows[i], sources);
            _renderer.DrawSceneWithTitle(bitmap, canvas, rect, view.Scene, $"{id}\n{FrameCaption(view)}{KeyFigures.Describe(rows[i])}", legend: false,
                view.Frame, view.Unit, options.TruthInThumbnails, view.Frame is { } f && TrackSheets.NeedsOverview(f) ? options.OverviewFraction : 0);
        }
        return bitmap;
    }

    /// <summary>An electron beside a photon of the same energy, each framed on what it is about; each caption states its frame's size, since they differ.</summary>
    private SKBitmap RenderComparison(int energyKev, Dictionary<string, object?> electron, Dictionary<string, object?> photon, SourceLookup sources)
    {
        int w = options.Width, half = w / 2, header = 48, h = (int)(half * 1.0) + header;
        var bitmap = TrackRenderer.NewBitmap(w, h);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        _renderer.DrawHeader(canvas, $"electron vs photon, {ImagePaths.EnergyLabel(energyKev)} (each panel framed on its own track: see the frame sizes)", w, header);
        foreach (var (row, i) in new[] { (electron, 0), (photon, 1) })
        {
            var view = ReadView(row, sources);
            var title = $"{ImagePaths.ParticleLabel((string)row["particle"]!)}: {(string)row["track_id"]!}\n{FrameCaption(view)}{KeyFigures.Describe(row)}";
            _renderer.DrawSceneWithTitle(bitmap, canvas, new SKRect(i * half, header, (i + 1) * half, h), view.Scene, title, legend: options.TruthInThumbnails,
                view.Frame, view.Unit, options.TruthInThumbnails, view.Frame is { } f && TrackSheets.NeedsOverview(f) ? options.OverviewFraction : 0);
        }
        return bitmap;
    }

    private static string FrameCaption(TrackView view) =>
        view.Frame is { } f ? $"{view.Unit.Format(f.SideMm)} frame on the {f.Subject}; " : "";

    /// <summary>A track read back from disk: its raw deposits with their clusters, and the frame the topology gives it.</summary>
    private sealed record TrackView(TrackScene Scene, PictureFrame? Frame, LengthUnit Unit);

    private TrackView ReadView(IReadOnlyDictionary<string, object?> row, SourceLookup sources)
    {
        if (row.GetValueOrDefault("source_path") is not string rel || sources.Find(rel) is not { } source)
            return new TrackView(new TrackScene("track not found below the input folder", [], [], [], [], 0), null, LengthUnit.Millimetre);
        try
        {
            var track = TrackReader.Read(source);
            var clusters = ChargeClusters.Of(track.Deposits, topology);
            var frame = TrackSheets.FrameOf(track, clusters, null, topology, options);
            var scene = TrackScene.FromTrack(track, "", clusters.Roles);
            return new TrackView(scene, frame, LengthUnit.For(frame.SideMm, options));
        }
        catch (Formats.TrackFormatException e)
        {
            return new TrackView(new TrackScene(e.Message, [], [], [], [], 0), null, LengthUnit.Millimetre);
        }
    }

    private static async Task WritePngAsync(string path, SKBitmap bitmap, CancellationToken ct)
    {
        byte[] png;
        using (bitmap) png = TrackRenderer.EncodePng(bitmap);
        await AtomicFile.WriteAsync(path, s => s.WriteAsync(png, ct).AsTask(), ct);
    }

    /// <summary>
    /// Finds a track's source from its path below the input root by listing only that track's folder (cached until
    /// <see cref="Forget"/>), instead of holding the whole dataset's listing.
    /// </summary>
    private sealed class SourceLookup(string inputRoot, CompressedTrackPolicy compressed)
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Dictionary<string, TrackSource>> _folders = new(StringComparer.Ordinal);

        public TrackSource? Find(string relativePath)
        {
            var full = Path.GetFullPath(Path.Combine(inputRoot, relativePath));
            var folder = Path.GetDirectoryName(full);
            if (folder is null || !Directory.Exists(folder)) return null;
            var tracks = _folders.GetOrAdd(folder, f => DatasetDiscovery.Discover(f, compressed)
                .ToDictionary(s => Path.GetFullPath(s.NpzPath), StringComparer.Ordinal));
            return tracks.GetValueOrDefault(full);
        }

        public void Forget() => _folders.Clear();
    }
}
