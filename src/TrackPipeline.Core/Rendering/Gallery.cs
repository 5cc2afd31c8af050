using System.Globalization;
using SkiaSharp;
using TrackPipeline.Classification;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;
using TrackPipeline.Readout;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>What the gallery post-pass wrote.</summary>
public sealed record GalleryReport(int QuestImages, int ComparisonSheets, int ContactSheets, string IndexPath);

/// <summary>
/// The pictures made after a run, from the tracks table and the quest selection: the best candidate of each
/// quest category (<c>OUT/quest/&lt;category&gt;.png</c>, re-read from disk and run through the same stages, so
/// with the same seed it shows what the run saw), an electron-vs-photon sheet per energy, a contact sheet per
/// energy folder and <c>OUT/index.html</c>.
/// </summary>
public sealed class Gallery(RenderOptions options, string outputRoot, string inputRoot, CompressedTrackPolicy compressed,
    IReadOnlyList<ITrackStage> stages, ReadoutSettings? readout, int parallelism)
{
    private readonly TrackRenderer _renderer = TrackRenderer.Create(options.ResolvedColormap);

    public async Task<GalleryReport> BuildAsync(IReadOnlyList<QuestCandidate> quest, CancellationToken cancellationToken)
    {
        var table = await ParquetDataset.ReadAsync(Path.Combine(outputRoot, DatasetLayout.TracksFolder), KeyFigures.Columns);
        var rows = table.Rows
            .OrderBy(r => (string)r["particle"]!, StringComparer.Ordinal)
            .ThenBy(r => (int)r["energy_kev"]!)
            .ThenBy(r => (string)r["track_id"]!, StringComparer.Ordinal)
            .ToList();
        var sources = DatasetDiscovery.Discover(inputRoot, compressed).ToDictionary(s => s.RelativePath, StringComparer.Ordinal);
        var best = quest.Where(c => c.Rank == 1).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };

        int questImages = 0, comparisons = 0, contacts = 0;
        await Parallel.ForEachAsync(best, parallel, async (candidate, ct) =>
        {
            if (!sources.TryGetValue(candidate.SourcePath, out var source)) return;
            var row = rows.FirstOrDefault(r => (string)r["track_id"]! == candidate.TrackId) ?? candidate.Track.ToDictionary();
            await WritePngAsync(ImagePaths.Quest(outputRoot, candidate.Category), RenderQuest(candidate, source, row), ct);
            Interlocked.Increment(ref questImages);
        });

        if (options.Mode == ImageMode.All)
        {
            // Pages of a bounded size: a folder of thousands of tracks must not become one giant bitmap.
            var pages = rows.GroupBy(r => ((string)r["particle"]!, (int)r["energy_kev"]!))
                .SelectMany(folder => folder.Chunk(options.ContactSheetTracksPerPage)
                    .Select((tracks, i) => (Particle: folder.Key.Item1, Energy: folder.Key.Item2, Page: i + 1, Tracks: tracks.ToList(), Total: folder.Count()))
                    .Where(p => options.ContactSheetMaxPages == 0 || p.Page <= options.ContactSheetMaxPages))
                .ToList();
            await Parallel.ForEachAsync(pages, parallel, async (page, ct) =>
            {
                var sheet = RenderContactSheet(page.Particle, page.Energy, page.Tracks, page.Page, page.Total, sources);
                await WritePngAsync(ImagePaths.ContactSheet(outputRoot, page.Particle, page.Energy, page.Page), sheet, ct);
                Interlocked.Increment(ref contacts);
            });
            var energies = rows.GroupBy(r => (int)r["energy_kev"]!).ToList();
            await Parallel.ForEachAsync(energies, parallel, async (energy, ct) =>
            {
                var electron = energy.FirstOrDefault(r => ((string)r["particle"]!).StartsWith("electron", StringComparison.Ordinal));
                var photon = energy.FirstOrDefault(r => ((string)r["particle"]!).StartsWith("photon", StringComparison.Ordinal));
                if (electron is null || photon is null) return;
                var sheet = RenderComparison(energy.Key, electron, photon, sources);
                await WritePngAsync(ImagePaths.Comparison(outputRoot, energy.Key), sheet, ct);
                Interlocked.Increment(ref comparisons);
            });
        }

        var index = GalleryIndex.Build(outputRoot, rows, best, options.IndexTracksPerFolder);
        await AtomicFile.WriteAllTextAsync(ImagePaths.Index(outputRoot), index, cancellationToken);
        foreach (var folder in rows.GroupBy(r => ((string)r["particle"]!, (int)r["energy_kev"]!)))
        {
            if (folder.Count() <= options.IndexTracksPerFolder) continue;
            var page = GalleryIndex.BuildFolder(outputRoot, folder.Key.Item1, folder.Key.Item2, folder.ToList());
            await AtomicFile.WriteAllTextAsync(ImagePaths.FolderIndex(outputRoot, folder.Key.Item1, folder.Key.Item2), page, cancellationToken);
        }
        return new GalleryReport(questImages, comparisons, contacts, ImagePaths.Index(outputRoot));
    }

    private SKBitmap RenderQuest(QuestCandidate candidate, TrackSource source, IReadOnlyDictionary<string, object?> row)
    {
        var item = new TrackItem(source, -1);
        foreach (var stage in stages)
        {
            stage.Process(item, CancellationToken.None);
            if (item.Failure is not null) break;
        }
        var track = item.Track ?? TrackReader.Read(source);
        var line = $"quest {candidate.Category.Replace('_', ' ')}: score {candidate.Score.ToString("0.00", CultureInfo.InvariantCulture)}"
                   + (candidate.PassesThreshold ? "" : " (below threshold)") + "   -   " + KeyFigures.Describe(row);
        var sheet = TrackSheets.Build(track, item.Drifted, item.Readout, readout, [line], options.PairZoomMm);
        return _renderer.RenderSheet(sheet, options.Width, options.Height);
    }

    /// <summary>Every track of one energy folder as a thumbnail (raw deposits in the 3D view), three to a row.</summary>
    private SKBitmap RenderContactSheet(string particle, int energyKev, List<Dictionary<string, object?>> rows, int page, int folderTracks, Dictionary<string, TrackSource> sources)
    {
        const int columns = 3;
        int thumbW = options.Width / columns, thumbH = (int)(thumbW * 0.82), header = 48;
        int n = Math.Max(1, rows.Count), lines = (n + columns - 1) / columns;
        var bitmap = TrackRenderer.NewBitmap(thumbW * columns, header + thumbH * lines);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        int first = (page - 1) * options.ContactSheetTracksPerPage + 1;
        string which = rows.Count == folderTracks ? $"{rows.Count} tracks" : $"tracks {first}-{first + rows.Count - 1} of {folderTracks}";
        _renderer.DrawHeader(canvas, $"{ImagePaths.ParticleLabel(particle)}s, {ImagePaths.EnergyLabel(energyKev)}: {which} (raw deposits)", bitmap.Width, header);
        for (int i = 0; i < rows.Count; i++)
        {
            var rect = new SKRect(i % columns * thumbW, header + i / columns * thumbH, (i % columns + 1) * thumbW, header + (i / columns + 1) * thumbH);
            var id = (string)rows[i]["track_id"]!;
            var scene = ReadScene(rows[i], sources, "");
            _renderer.DrawSceneWithTitle(bitmap, canvas, rect, scene, $"{id}\n{KeyFigures.Describe(rows[i])}", legend: false);
        }
        return bitmap;
    }

    private SKBitmap RenderComparison(int energyKev, Dictionary<string, object?> electron, Dictionary<string, object?> photon, Dictionary<string, TrackSource> sources)
    {
        int w = options.Width, half = w / 2, header = 48, h = (int)(half * 0.9) + header;
        var bitmap = TrackRenderer.NewBitmap(w, h);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        _renderer.DrawHeader(canvas, $"electron vs photon, {ImagePaths.EnergyLabel(energyKev)}", w, header);
        foreach (var (row, i) in new[] { (electron, 0), (photon, 1) })
        {
            var scene = ReadScene(row, sources, "");
            var title = $"{ImagePaths.ParticleLabel((string)row["particle"]!)}: {(string)row["track_id"]!}";
            _renderer.DrawSceneWithTitle(bitmap, canvas, new SKRect(i * half, header, (i + 1) * half, h), scene, title, legend: true);
        }
        return bitmap;
    }

    private static TrackScene ReadScene(IReadOnlyDictionary<string, object?> row, Dictionary<string, TrackSource> sources, string caption)
    {
        if (row.GetValueOrDefault("source_path") is not string rel || !sources.TryGetValue(rel, out var source))
            return new TrackScene("track not found below the input folder", [], [], [], [], 0);
        try
        {
            var track = TrackReader.Read(source);
            return TrackScene.FromTrack(track, caption);
        }
        catch (Formats.TrackFormatException e)
        {
            return new TrackScene(e.Message, [], [], [], [], 0);
        }
    }

    private static async Task WritePngAsync(string path, SKBitmap bitmap, CancellationToken ct)
    {
        byte[] png;
        using (bitmap) png = TrackRenderer.EncodePng(bitmap);
        await AtomicFile.WriteAsync(path, s => s.WriteAsync(png, ct).AsTask(), ct);
    }
}
