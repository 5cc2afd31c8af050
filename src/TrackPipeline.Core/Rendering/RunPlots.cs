using System.Globalization;
using SkiaSharp;
using TrackPipeline.Output;

namespace TrackPipeline.Rendering;

/// <summary>
/// One plot of the whole run, filled row by row from the tracks table (so memory holds a few numbers per track, not
/// the rows) and drawn once. The classifier's confusion matrix and efficiency vs energy are two of them
/// (<see cref="ConfusionMatrixPlot"/>, <see cref="EfficiencyPlot"/>).
/// </summary>
public interface IRunPlot
{
    /// <summary>File name below <c>OUT/plots/</c>.</summary>
    string FileName { get; }
    /// <summary>What the plot shows, for index.html.</summary>
    string Caption { get; }
    /// <summary>The tracks-table columns it reads (besides <c>particle</c> and <c>energy_kev</c>).</summary>
    IReadOnlyCollection<string> Columns { get; }
    void Add(string particle, int energyKev, IReadOnlyDictionary<string, object?> row);
    SKBitmap Draw(TrackRenderer renderer, int width, int height);
}

/// <summary>
/// The distribution of one per-track quantity, one panel per particle, one step histogram per energy (log-spaced bins
/// for quantities spanning decades across the energies).
/// </summary>
public sealed class DistributionPlot(string column, string title, string axisLabel, bool logX, bool integer) : IRunPlot
{
    private readonly SortedDictionary<string, SortedDictionary<int, List<double>>> _values = new(StringComparer.Ordinal);

    public string FileName => column + ".png";
    public string Caption => title;
    public IReadOnlyCollection<string> Columns => [column];

    public void Add(string particle, int energyKev, IReadOnlyDictionary<string, object?> row)
    {
        if (KeyFigures.Number(row, column) is not { } v) return;
        if (!_values.TryGetValue(particle, out var byEnergy)) _values[particle] = byEnergy = [];
        if (!byEnergy.TryGetValue(energyKev, out var list)) byEnergy[energyKev] = list = [];
        list.Add(v);
    }

    public SKBitmap Draw(TrackRenderer renderer, int width, int height)
    {
        var bitmap = TrackRenderer.NewBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        float header = height * 0.08f;
        renderer.DrawHeader(canvas, title, width, header);
        int panels = Math.Max(1, _values.Count);
        int i = 0;
        var energies = _values.Values.SelectMany(e => e.Keys).Distinct().Order().ToList();
        foreach (var (particle, byEnergy) in _values)
        {
            var rect = new SKRect(i * width / (float)panels, header, (i + 1) * width / (float)panels, height);
            var series = byEnergy.Select(e => new HistogramSeries(
                $"{ImagePaths.EnergyLabel(e.Key)} ({e.Value.Count.ToString(CultureInfo.InvariantCulture)})",
                renderer.Colormap.Map(energies.Count <= 1 ? 0.5 : 0.85 * energies.IndexOf(e.Key) / (energies.Count - 1)),   // the palest end is unreadable on white
                e.Value)).ToList();
            renderer.DrawHistograms(canvas, rect, ImagePaths.ParticlesLabel(particle), axisLabel, "tracks", series, logX, integer);
            i++;
        }
        if (_values.Count == 0) renderer.DrawHistograms(canvas, new SKRect(0, header, width, height), "no tracks", axisLabel, "tracks", [], logX, integer);
        return bitmap;
    }
}

/// <summary>One energy's values in a histogram panel.</summary>
public sealed record HistogramSeries(string Label, SKColor Color, IReadOnlyList<double> Values);

/// <summary>The plots of a run, written to <c>OUT/plots/</c> and linked from index.html.</summary>
public static class RunPlots
{
    public const string Folder = Output.OutputLayout.Plots;

    /// <summary>
    /// The per-track distributions every run gets (column names from <see cref="KeyFigures"/>).
    /// </summary>
    public static IReadOnlyList<IRunPlot> Default() =>
    [
        new DistributionPlot(KeyFigures.DepositedChargeColumn, "Deposited charge per track", "ionization electrons (e-), log scale", logX: true, integer: false),
        new DistributionPlot(KeyFigures.TriggeredPixelsColumn, "Triggered readout pixels per track", "triggered pixels, log scale", logX: true, integer: false),
        new DistributionPlot(KeyFigures.TrackLengthColumn, "Track length (skeleton of the main cluster, raw deposits)", "track length (mm), log scale", logX: true, integer: false),
        new DistributionPlot(KeyFigures.SignificantClustersColumn, "Significant clusters per track (raw deposits)", "clusters (main + detached)", logX: false, integer: true),
        new ConfusionMatrixPlot(),
        new EfficiencyPlot(),
    ];

    /// <summary>Fills the plots from the tracks table one file at a time and writes them; returns the files written (relative to the output root).</summary>
    /// <param name="cpuSpent">Told the thread CPU (ns) each plot took to draw and encode.</param>
    public static async Task<IReadOnlyList<(string Link, string Caption)>> WriteAsync(string outputRoot, IReadOnlyList<IRunPlot> plots, TrackRenderer renderer,
        int width, int height, CancellationToken ct, Action<long>? cpuSpent = null)
    {
        await FillAsync(outputRoot, plots, ct);
        var written = new List<(string, string)>();
        foreach (var plot in plots)
        {
            byte[] png;
            long cpu = Pipeline.ThreadCpuClock.NowNanoseconds();
            using (var bitmap = plot.Draw(renderer, width, height)) png = TrackRenderer.EncodePng(bitmap);
            cpuSpent?.Invoke(Pipeline.ThreadCpuClock.NowNanoseconds() - cpu);
            await AtomicFile.WriteAsync(Path.Combine(outputRoot, Folder, plot.FileName), s => s.WriteAsync(png, ct).AsTask(), ct);
            written.Add(($"{Folder}/{plot.FileName}", plot.Caption));
        }
        return written;
    }

    /// <summary>Feeds every row of the tracks table under <paramref name="outputRoot"/> to the plots, one Parquet file at a time.</summary>
    public static async Task FillAsync(string outputRoot, IReadOnlyList<IRunPlot> plots, CancellationToken ct)
    {
        var tracks = Path.Combine(outputRoot, DatasetLayout.TracksFolder);
        var columns = plots.SelectMany(p => p.Columns).Append("particle").Append("energy_kev").Distinct().ToList();
        foreach (var file in ParquetDataset.FilesIn(tracks))
        {
            var table = await ParquetDataset.ReadColumnsAsync(file, columns, tracks);
            for (int r = 0; r < table.RowCount; r++)
            {
                var row = table.Row(r);
                if (row.GetValueOrDefault("particle") is not string particle || KeyFigures.Number(row, "energy_kev") is not { } energy) continue;
                foreach (var p in plots) p.Add(particle, (int)energy, row);
            }
            ct.ThrowIfCancellationRequested();
        }
    }
}
