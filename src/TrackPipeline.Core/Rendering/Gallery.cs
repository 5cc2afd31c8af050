using System.Globalization;
using System.Threading.Channels;
using SkiaSharp;
using TrackPipeline.Classification;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;

namespace TrackPipeline.Rendering;

/// <summary>What the gallery post-pass wrote.</summary>
/// <param name="QuestNotDrawn">Quest winners (category, track) no run drew a picture of (their run had <c>--images none</c>).</param>
/// <param name="Failed">Gallery files that could not be written (path: reason): the tracks' rows and pictures stand, the run ends with exit 2.</param>
/// <param name="IndexWritten">False when index.html could not be written (it is then among <paramref name="Failed"/>).</param>
/// <param name="SideBySideSheets">Electrons | photons sheets written (<see cref="ImagePaths.SideBySide"/>), one per energy with both.</param>
public sealed record GalleryReport(int QuestImages, int ComparisonSheets, int ContactSheets, int EventPages, string IndexPath,
    IReadOnlyList<(string Category, string TrackId)> QuestNotDrawn, IReadOnlyList<string> Failed, bool IndexWritten, int SideBySideSheets = 0,
    IReadOnlyList<string>? Unreadable = null);

/// <summary>
/// The pictures made after a run, from the tracks table, the quest selection and what the render stage drew: the best
/// candidate of each quest category (<c>OUT/quest/&lt;category&gt;.png</c>: its track picture under the quest line), an
/// electron-vs-photon sheet per energy, an electrons | photons sheet per energy (the energy's tracks of both, one column each) and contact sheets per energy folder (composed from the thumbnails the render
/// stage kept), the run plots and <c>OUT/index.html</c>. It never reads a track: what it cannot find drawn (an output
/// written by a version that kept no thumbnails) it marks as missing.
/// </summary>
/// <param name="counters">When given, the CPU each kind of sheet and the plots cost (drawn and encoded) is added to its post-run passes.</param>
public sealed class Gallery(RenderOptions options, string outputRoot, int parallelism, PipelineCounters? counters = null)
{
    private readonly TrackRenderer _renderer = TrackRenderer.Create(options.ResolvedColormap);
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _failed = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _unreadable = new();
    /// <summary>
    /// The sheets are renamed into place unflushed and flushed to disk on a thread of their own, as the render stage's
    /// pictures are (<see cref="DeferredSync"/> says what a crash can then leave): an fsync per sheet kept a drawing worker
    /// waiting for the disk, a core idle in the tail. All are flushed before the gallery is done.
    /// </summary>
    private readonly DeferredSync _sync = new();

    /// <summary>
    /// A picture an earlier stage kept, or null: absent (nothing drawn it), or on disk but unreadable (emptied, overwritten,
    /// damaged), which is recorded for a warning naming the file (once, though two quest categories may read it); either way its cell is drawn as missing (breaker 11 F1).
    /// </summary>
    private SKBitmap? ReadKeptPicture(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return PngDecoder.Decode(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            // One bad picture costs its own cell, never the gallery (nor the run).
            _unreadable.Enqueue($"{path}: {(e is InvalidDataException ? e.Message : $"{e.GetType().Name}: {e.Message}")}");
            return null;
        }
    }

    /// <summary>
    /// Writes one gallery file; a file that cannot be written (a file where its folder should be, a full or read-only
    /// disk) is recorded and the rest of the gallery still made: one blocked folder must not cost index.html and the plots.
    /// </summary>
    private async Task<bool> GuardedAsync(string path, Func<Task> write)
    {
        if (await AtomicFile.TryAsync(path, write) is not { } failure) return true;
        _failed.Enqueue(failure.Message);
        return false;
    }

    /// <summary>
    /// Quest pictures, then one partition of the tracks table (particle, energy) at a time: its contact sheets and, when
    /// it is large, its own page; only a summary of each partition is kept for index.html, so memory does not grow
    /// with the dataset.
    /// </summary>
    public async Task<GalleryReport> BuildAsync(IReadOnlyList<QuestCandidate> quest, CancellationToken cancellationToken)
    {
        var best = quest.Where(c => c.Rank == 1).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };
        // The run plots read the tracks table on their own and draw four pictures: beside the sheets, not after them.
        IReadOnlyList<(string Link, string Caption)> plots = [];
        var plotting = Task.Run(() => GuardedAsync(Path.Combine(outputRoot, RunPlots.Folder),
            async () => plots = await RunPlots.WriteAsync(outputRoot, RunPlots.Default(), _renderer, 1600, 900, cancellationToken,
                cpu => counters?.AddPostPassCpu("gallery_plots", cpu))), cancellationToken);

        // Everything else is composed beside the plots; both are awaited before this returns, also when one of them
        // throws (Task.WhenAll: all ended, then the first bug reported), so that a failed run leaves nothing still writing
        // into the output (the run plots went on being written after a bug in a gallery file had ended the run).
        var composing = ComposeAsync();
        await Task.WhenAll(composing, plotting);
        var (folders, eventPages, questMissing, written) = await composing;
        foreach (var unflushed in _sync.Drain()) _failed.Enqueue($"{unflushed} (written, but not flushed to disk)");
        var notDrawn = best.Where((_, q) => questMissing[q]).Select(c => (c.Category, c.TrackId)).ToList();

        var index = ImagePaths.Index(outputRoot);
        bool indexWritten = await GuardedAsync(index, () => AtomicFile.WriteAllTextAsync(index, GalleryIndex.Build(outputRoot, folders, best, quest, plots), cancellationToken));
        return new GalleryReport(written[(int)Kind.Quest], written[(int)Kind.Comparison], written[(int)Kind.Contact], eventPages, index, notDrawn, [.. _failed], indexWritten,
            written[(int)Kind.SideBySide], [.. _unreadable.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);

        async Task<(List<GalleryFolder> Folders, int EventPages, bool[] QuestMissing, int[] Written)> ComposeAsync()
        {
            // Every sheet of the gallery is independent of the others: as many are drawn at once as the run has workers, fed
            // through a bounded queue while the tables are read. Drawn one folder (one page) at a time they were a serial tail
            // after the last track (docs/benchmarks/rendering.md, seventh round); drawn in batches, the end of each batch and the
            // reading of the next folders left a worker idle, and the largest sheets (electrons | photons) all came last
            // (docs/benchmarks/whole-run.md, round 12).
            var written = new int[Enum.GetValues<Kind>().Length];
            var pending = Channel.CreateBounded<Sheet>(new BoundedChannelOptions(PendingSheetsPerWorker * parallel.MaxDegreeOfParallelism) { SingleWriter = true });
            var drawing = Parallel.ForEachAsync(pending.Reader.ReadAllAsync(cancellationToken), parallel, async (sheet, ct) =>
            {
                bool wrote = false;
                if (await GuardedAsync(sheet.Path, () => { wrote = WritePng(sheet.Path, sheet.Draw, sheet.Kind, ct); return Task.CompletedTask; }) && wrote)
                    Interlocked.Increment(ref written[(int)sheet.Kind]);
            });
            // A bug in a sheet (or a cancellation) ends the drawing: the queue is closed, so that the reading ends too.
            _ = drawing.ContinueWith(t => pending.Writer.TryComplete(t.IsCanceled ? new OperationCanceledException() : t.Exception?.InnerException),
                CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            var collecting = CollectAsync(pending.Writer);
            try
            {
                await Task.WhenAll(collecting, drawing);
            }
            catch when (drawing.IsFaulted || drawing.IsCanceled)
            {
                await drawing;   // what ended the drawing, rather than the closed queue it left the reading with
                throw;
            }
            var (folders, eventPages, questMissing) = await collecting;
            return (folders, eventPages, questMissing, written);
        }

        // Reads the tables and queues each sheet as soon as what it shows is known; returns what index.html needs of them.
        async Task<(List<GalleryFolder> Folders, int EventPages, bool[] QuestMissing)> CollectAsync(ChannelWriter<Sheet> sheets)
        {
            try
            {
                ValueTask Draw(string path, Func<SKBitmap?> draw, Kind kind) => sheets.WriteAsync(new Sheet(path, draw, kind), cancellationToken);
                var questMissing = new bool[best.Count];
                for (int q = 0; q < best.Count; q++)
                {
                    var candidate = best[q];
                    int slot = q;
                    // The candidate's track picture, drawn by the render stage of whichever run (or shard) processed it.
                    var picture = ImagePaths.TrackImage(outputRoot, (string)candidate.Track["particle"]!, (int)candidate.Track["energy_kev"]!, PictureName.Of(candidate.Track));
                    await Draw(ImagePaths.Quest(outputRoot, candidate.Category), () =>
                    {
                        using var drawn = ReadKeptPicture(picture);
                        if (drawn is not null) return ComposeQuest(candidate, drawn);
                        // No run kept its picture (an output written before pictures were kept): no quest picture rather than an old one of another track.
                        File.Delete(ImagePaths.Quest(outputRoot, candidate.Category));
                        questMissing[slot] = true;
                        return null;
                    }, Kind.Quest);
                }

                var folders = new List<GalleryFolder>();
                var firstOfEnergy = new Dictionary<int, (Dictionary<string, object?>? Electron, Dictionary<string, object?>? Photon)>();
                // The energy's first tracks of each particle for the electrons | photons sheet: at most half a contact page each,
                // so what is held does not grow with the dataset (only with the number of energies, as firstOfEnergy).
                int columnRows = Math.Max(1, options.ContactSheetTracksPerPage / 2);
                var columnsOfEnergy = new Dictionary<int, (List<Dictionary<string, object?>> Electrons, int ElectronCount, List<Dictionary<string, object?>> Photons, int PhotonCount)>();
                foreach (var partition in Partitions())
                {
                    var rows = (await ParquetDataset.ReadAsync(partition, KeyFigures.Columns, Path.Combine(outputRoot, DatasetLayout.TracksFolder))).Rows
                        .OrderBy(r => (string)r["track_id"]!, StringComparer.Ordinal).ThenBy(PictureName.Of, StringComparer.Ordinal).ToList();
                    if (rows.Count == 0) continue;
                    string particle = (string)rows[0]["particle"]!;
                    int energy = (int)rows[0]["energy_kev"]!;
                    // Sheets an earlier --images all run left are kept current by every later run (known issue Q3: a quest rerun
                    // that added tracks left index.html linking sheets without them); a track without a thumbnail is a marked cell.
                    if (options.Mode == ImageMode.All || File.Exists(ImagePaths.ContactSheet(outputRoot, particle, energy)))
                    {
                        // Pages of a bounded size: a folder of thousands of tracks must not become one giant bitmap; the queue holds
                        // a few pages per worker, so the rows the gallery holds of the table do not grow with the number of folders.
                        int folderTracks = rows.Count;
                        foreach (var (tracks, i) in rows.Chunk(options.ContactSheetTracksPerPage).Select((tracks, i) => (tracks.ToList(), i)))
                        {
                            if (options.ContactSheetMaxPages != 0 && i + 1 > options.ContactSheetMaxPages) break;
                            int page = i + 1;
                            await Draw(ImagePaths.ContactSheet(outputRoot, particle, energy, page),
                                () => RenderContactSheet(particle, energy, tracks, page, folderTracks), Kind.Contact);
                        }
                    }
                    if (rows.Count > options.IndexTracksPerFolder)
                    {
                        var folderIndex = ImagePaths.FolderIndex(outputRoot, particle, energy);
                        await GuardedAsync(folderIndex, () => AtomicFile.WriteAllTextAsync(folderIndex, GalleryIndex.BuildFolder(outputRoot, particle, energy, rows), cancellationToken));
                    }
                    folders.Add(new GalleryFolder(particle, energy, rows.Count, rows.Take(options.IndexTracksPerFolder).ToList()));
                    // An energy's comparison and electrons | photons sheets show its first folder of each particle: queued as soon
                    // as both are read (a later folder of the energy changes neither), not after the last folder.
                    var pair = firstOfEnergy.GetValueOrDefault(energy);
                    bool hadPair = pair is { Electron: not null, Photon: not null };
                    if (particle.StartsWith("electron", StringComparison.Ordinal)) pair.Electron ??= Exemplar(rows, QuestCategory.IsElectronClass);
                    if (particle.StartsWith("photon", StringComparison.Ordinal)) pair.Photon ??= Exemplar(rows, QuestCategory.IsPairClass);
                    firstOfEnergy[energy] = pair;
                    if (!hadPair && pair is { Electron: { } electron, Photon: { } photon }
                        && (options.Mode == ImageMode.All || File.Exists(ImagePaths.Comparison(outputRoot, energy))))
                        await Draw(ImagePaths.Comparison(outputRoot, energy), () => RenderComparison(energy, electron, photon), Kind.Comparison);
                    var columns = columnsOfEnergy.GetValueOrDefault(energy, ([], 0, [], 0));
                    bool hadColumns = columns.Electrons.Count > 0 && columns.Photons.Count > 0;
                    if (particle.StartsWith("electron", StringComparison.Ordinal) && columns.Electrons.Count == 0)
                        columns = (SignatureFirst(rows, QuestCategory.IsElectronClass, columnRows), rows.Count, columns.Photons, columns.PhotonCount);
                    if (particle.StartsWith("photon", StringComparison.Ordinal) && columns.Photons.Count == 0)
                        columns = (columns.Electrons, columns.ElectronCount, SignatureFirst(rows, QuestCategory.IsPairClass, columnRows), rows.Count);
                    columnsOfEnergy[energy] = columns;
                    var (electrons, electronCount, photons, photonCount) = columns;
                    if (!hadColumns && electrons.Count > 0 && photons.Count > 0
                        && (options.Mode == ImageMode.All || File.Exists(ImagePaths.SideBySide(outputRoot, energy))))
                        await Draw(ImagePaths.SideBySide(outputRoot, energy),
                            () => RenderSideBySide(energy, electrons, electronCount, photons, photonCount), Kind.SideBySide);
                }

                int eventPages = 0;
                if (options.EventDisplays)
                {
                    // Pages the render stage wrote for the ranked candidates and the tracks shown on index.html.
                    var shown = folders.SelectMany(f => f.Shown).Select(r => ((string)r["particle"]!, (int)r["energy_kev"]!, PictureName.Of(r)));
                    var ranked = quest.Select(c => ((string)c.Track["particle"]!, (int)c.Track["energy_kev"]!, PictureName.Of(c.Track)));
                    eventPages = ranked.Concat(shown).Distinct().Count(t => File.Exists(EventDisplay.PagePath(outputRoot, t.Item1, t.Item2, t.Item3)));
                    // Guarded like every gallery file: a file or folder in the way of OUT/viewer/ is a warning, not a failed run (breaker 6 F1).
                    if (eventPages > 0)
                        foreach (var (file, write) in EventDisplay.LibraryFiles(outputRoot, cancellationToken)) await GuardedAsync(file, write);
                }
                return (folders, eventPages, questMissing);
            }
            finally
            {
                sheets.TryComplete();   // the drawing ends once what was queued is drawn, also when the reading failed
            }
        }
    }

    /// <summary>One gallery sheet waiting to be drawn: its file, what draws it (null: nothing to write) and what kind it is.</summary>
    private readonly record struct Sheet(string Path, Func<SKBitmap?> Draw, Kind Kind);

    private enum Kind { Quest, Contact, Comparison, SideBySide }

    /// <summary>The post-run pass each kind of sheet is counted under (run.json <c>post_pass_cpu_seconds</c>).</summary>
    private static readonly string[] PassOf = ["gallery_quest_pictures", "gallery_contact_sheets", "gallery_comparisons", "gallery_side_by_side"];

    /// <summary>Sheets collected per worker before they are drawn: enough to keep every worker busy across folders of one page each.</summary>
    private const int PendingSheetsPerWorker = 4;

    /// <summary>The tracks table's partition folders, by particle then by energy (numerically).</summary>
    private IEnumerable<string> Partitions()
    {
        var tracks = Path.Combine(outputRoot, DatasetLayout.TracksFolder);
        if (!Directory.Exists(tracks)) return [];
        static int Energy(string dir) => int.TryParse(Path.GetFileName(dir).Split('=').Last(), NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : 0;
        return Directory.GetDirectories(tracks).Order(StringComparer.Ordinal)
            .SelectMany(p => Directory.GetDirectories(p).OrderBy(Energy));
    }

    /// <summary>
    /// The track a comparison sheet shows for a folder: the first (by id) whose charge the classifier reads as the
    /// signature that tells the two apart (an electron class for the electron; a pair for the photon, which exists only
    /// above 1.022 MeV and takes over from Compton scattering in argon above roughly 10-15 MeV), so the sheet shows the difference; else the first with a
    /// thumbnail; else the first. The predicted class only picks the example shown; the caption says it.
    /// </summary>
    private Dictionary<string, object?> Exemplar(List<Dictionary<string, object?>> rows, Func<string, bool> typical)
    {
        bool Kept(Dictionary<string, object?> r) => File.Exists(ImagePaths.Thumbnail(outputRoot, (string)r["particle"]!, (int)r["energy_kev"]!, PictureName.Of(r)));
        return rows.FirstOrDefault(r => r.GetValueOrDefault(TrackColumns.PredictedClass) is string c && typical(c) && Kept(r))
            ?? rows.FirstOrDefault(Kept) ?? rows[0];
    }

    /// <summary>
    /// The first <paramref name="count"/> tracks of a folder for its column of the electrons | photons sheet: those the
    /// classifier reads as the signature that tells the two apart first (as <see cref="Exemplar"/>), then the others,
    /// each group by id. The predicted class only orders the column; every track shown is the folder's.
    /// </summary>
    private static List<Dictionary<string, object?>> SignatureFirst(List<Dictionary<string, object?>> rows, Func<string, bool> typical, int count)
    {
        bool Typical(Dictionary<string, object?> r) => r.GetValueOrDefault(TrackColumns.PredictedClass) is string c && typical(c);
        return [.. rows.Where(Typical).Concat(rows.Where(r => !Typical(r))).Take(count)];
    }

    /// <summary>The candidate's track picture under a banner: the quest line (score, threshold) and the key figures.</summary>
    private SKBitmap ComposeQuest(QuestCandidate candidate, SKBitmap picture)
    {
        var lines = new List<string>
        {
            $"quest {candidate.Category.Replace('_', ' ')}: score {candidate.Score.ToString("0.00", CultureInfo.InvariantCulture)}"
            + (candidate.PassesThreshold ? "" : " (below the candidate threshold)"),
        };
        if (KeyFigures.Describe(candidate.Track) is { Length: > 0 } figures) lines.Add(figures);
        int banner = TrackRenderer.BannerHeight(picture.Width, lines.Count);
        var bitmap = TrackRenderer.NewBitmap(picture.Width, picture.Height + banner);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        _renderer.DrawBanner(canvas, lines, picture.Width);
        using (var image = SKImage.FromBitmap(picture)) canvas.DrawImage(image, 0, banner, SKSamplingOptions.Default);
        return bitmap;
    }

    /// <summary>
    /// Every track of one page of an energy folder as its thumbnail, three to a row: the raw deposits framed like the track
    /// pictures (main cluster or V, with the whole-event inset), under the track id and its key figures.
    /// </summary>
    private SKBitmap RenderContactSheet(string particle, int energyKev, List<Dictionary<string, object?>> rows, int page, int folderTracks)
    {
        const int columns = 3;
        // A cell as wide as a kept thumbnail and tall enough for it under the id and up to four lines of key figures, so that
        // it is copied at its own size (not resampled) whenever its caption leaves it room.
        int thumbW = options.Width / columns, thumbH = (int)(thumbW * TrackRenderer.ThumbnailAspect) + ThumbnailCaptionRoom, header = 48;
        int n = Math.Max(1, rows.Count), lines = (n + columns - 1) / columns;
        var bitmap = TrackRenderer.NewBitmap(thumbW * columns, header + thumbH * lines);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        int first = (page - 1) * options.ContactSheetTracksPerPage + 1;
        string which = rows.Count == folderTracks ? $"{rows.Count} tracks" : $"tracks {first}-{first + rows.Count - 1} of {folderTracks}";
        _renderer.DrawHeader(canvas, $"{ImagePaths.ParticlesLabel(particle)}, {ImagePaths.EnergyLabel(energyKev)}: {which} (raw deposits, charge on a log scale; teal: detached clusters)", bitmap.Width, header);
        for (int i = 0; i < rows.Count; i++)
        {
            var rect = new SKRect(i % columns * thumbW, header + i / columns * thumbH, (i % columns + 1) * thumbW, header + (i / columns + 1) * thumbH);
            DrawThumbnail(bitmap, canvas, rect, rows[i], PictureName.Of(rows[i]));
        }
        return bitmap;
    }

    /// <summary>An electron beside a photon of the same energy, each framed on what it is about; each caption states its frame's size, since they differ.</summary>
    private SKBitmap RenderComparison(int energyKev, Dictionary<string, object?> electron, Dictionary<string, object?> photon)
    {
        // Each panel as wide as a kept thumbnail, so that it is drawn at its own size (not enlarged).
        int cell = (int)(options.Width * TrackRenderer.ThumbnailWidthFraction), w = 2 * cell, header = 48;
        int h = header + (int)(cell * TrackRenderer.ThumbnailAspect) + 90;   // room for a two-line caption above the thumbnail at full size
        var bitmap = TrackRenderer.NewBitmap(w, h);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        _renderer.DrawHeader(canvas, $"electron vs photon, {ImagePaths.EnergyLabel(energyKev)} (each panel framed on its own track: see the frame sizes and scale bars)", w, header);
        foreach (var (row, i) in new[] { (electron, 0), (photon, 1) })
            DrawThumbnail(bitmap, canvas, new SKRect(i * cell, header, (i + 1) * cell, h), row,
                $"{ImagePaths.ParticleLabel((string)row["particle"]!)}: {PictureName.Of(row)}"
                + (row.GetValueOrDefault(TrackColumns.PredictedClass) is string c ? $" (classified: {c.Replace('_', ' ')})" : ""));
        return bitmap;
    }

    /// <summary>Room above a thumbnail on a contact sheet for its caption (the id and up to four lines of key figures), px.</summary>
    private const int ThumbnailCaptionRoom = 84;

    /// <summary>Header of the electrons | photons sheet (title line) and of its two column titles, px.</summary>
    public const int SideBySideHeader = 48, SideBySideColumnTitle = 36;

    /// <summary>
    /// Cell (<paramref name="column"/> 0 electrons, 1 photons; <paramref name="row"/> from 0) of the electrons | photons sheet:
    /// as wide as a kept thumbnail (<see cref="TrackRenderer.ThumbnailWidthFraction"/>: 400 px at the shipped 1200, the contact
    /// sheets' cell), so it is drawn at its own size under a caption of up to six lines; the two columns apart by a gutter with
    /// a rule in it.
    /// </summary>
    public static SKRect SideBySideCell(int pictureWidth, int column, int row)
    {
        int cellW = (int)(pictureWidth * TrackRenderer.ThumbnailWidthFraction), cellH = (int)(cellW * TrackRenderer.ThumbnailAspect) + 100, gutter = cellW / 15;
        float left = column * (cellW + gutter), top = SideBySideHeader + SideBySideColumnTitle + row * cellH;
        return new SKRect(left, top, left + cellW, top + cellH);
    }

    /// <summary>
    /// The electrons of one energy in the left column and its photons in the right, one track per cell (the kept
    /// thumbnail under its id, class and key figures), so the two populations are seen side by side: an electron's one
    /// track with its brem sub-tracks against a photon's Compton sites or pair V. Each cell is framed on its own track
    /// (the frame's size is written over it); the columns start with the tracks the classifier reads as each signature.
    /// </summary>
    private SKBitmap RenderSideBySide(int energyKev, List<Dictionary<string, object?>> electrons, int electronCount,
        List<Dictionary<string, object?>> photons, int photonCount)
    {
        int rows = Math.Max(electrons.Count, photons.Count);
        var last = SideBySideCell(options.Width, 1, rows - 1);
        var bitmap = TrackRenderer.NewBitmap((int)last.Right, (int)last.Bottom);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        _renderer.DrawHeader(canvas, $"electrons | photons, {ImagePaths.EnergyLabel(energyKev)} (raw deposits; each cell framed on its own track: its size over it, a scale bar under it; teal: detached clusters)",
            bitmap.Width, SideBySideHeader);
        var left = SideBySideCell(options.Width, 0, 0);
        var right = SideBySideCell(options.Width, 1, 0);
        static string Shown(int shown, int of) => shown == of ? $"{of} tracks" : $"first {shown} of {of} tracks";
        // Column titles at the cells' caption size (the caption scale follows the rectangle: a cell's, not the title band's).
        _renderer.DrawCaption(canvas, new SKRect(left.Left, SideBySideHeader - 6, left.Right, SideBySideHeader - 6 + left.Height),
            $"electrons ({Shown(electrons.Count, electronCount)}, those classified as an electron first)");
        _renderer.DrawCaption(canvas, new SKRect(right.Left, SideBySideHeader - 6, right.Right, SideBySideHeader - 6 + right.Height),
            $"photons ({Shown(photons.Count, photonCount)}, those classified as a pair first)");
        using (var rule = new SKPaint { Color = new SKColor(0xB0, 0xB0, 0xB0), StrokeWidth = 2, IsAntialias = false })
        {
            float x = (left.Right + right.Left) / 2;
            canvas.DrawLine(x, SideBySideHeader, x, bitmap.Height, rule);
        }
        foreach (var (column, tracks) in new[] { (0, electrons), (1, photons) })
            for (int i = 0; i < tracks.Count; i++)
                DrawThumbnail(bitmap, canvas, SideBySideCell(options.Width, column, i), tracks[i],
                    PictureName.Of(tracks[i]) + (tracks[i].GetValueOrDefault(TrackColumns.PredictedClass) is string c ? $" (classified: {c.Replace('_', ' ')})" : ""));
        return bitmap;
    }

    /// <summary>A kept thumbnail under its caption (first line, then the key figures), fitted into <paramref name="rect"/>.</summary>
    private void DrawThumbnail(SKBitmap sheet, SKCanvas canvas, SKRect rect, IReadOnlyDictionary<string, object?> row, string firstLine)
    {
        float y = _renderer.DrawCaption(canvas, rect, $"{firstLine}\n{KeyFigures.Describe(row)}");
        // On a whole pixel, so that a thumbnail the cell's size is copied rather than resampled (BilinearFit).
        var body = new SKRect(rect.Left, MathF.Ceiling(y + 4), rect.Right, rect.Bottom);
        var path = ImagePaths.Thumbnail(outputRoot, (string)row["particle"]!, (int)row["energy_kev"]!, PictureName.Of(row));
        using var thumbnail = ReadKeptPicture(path);
        if (thumbnail is null) _renderer.DrawMissing(canvas, body, "no thumbnail: the run that processed this track drew none (--images quest or none); a rerun with --images all draws it");
        else TrackRenderer.DrawFitted(sheet, canvas, thumbnail, body);
    }

    /// <summary>Draws, encodes and writes one sheet; false when the drawing returns null (a quest winner without its picture) and nothing is written.</summary>
    private bool WritePng(string path, Func<SKBitmap?> draw, Kind kind, CancellationToken ct)
    {
        byte[] png;
        long cpu = ThreadCpuClock.NowNanoseconds();
        using (var bitmap = draw())
        {
            if (bitmap is null) return false;
            png = TrackRenderer.EncodePng(bitmap);
        }
        counters?.AddPostPassCpu(PassOf[(int)kind], ThreadCpuClock.NowNanoseconds() - cpu);
        ct.ThrowIfCancellationRequested();
        // Written on the worker that drew it (an async write handed it to another pool thread), flushed by _sync.
        AtomicFile.Write(path, s => s.Write(png), _sync);
        return true;
    }
}
