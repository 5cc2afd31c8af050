using System.Globalization;
using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TrackPipeline.Rendering;

/// <summary>
/// The interactive event display: one HTML page per track (<c>OUT/events/&lt;particle&gt;/E&lt;energy&gt;/&lt;track&gt;.html</c>)
/// that turns and zooms the raw, drifted and readout charge in 3D with plotly.js, each layer and the truth a toggle,
/// one log colour bar, values on hover. The library is written once per output (<c>OUT/viewer/</c>): plotly.js as
/// embedded in the Plotly.NET package (restored by NuGet, so a fresh clone needs no npm and the page needs no
/// network), and our own small script. A page holds its data as base64 float32 blocks, not as JSON numbers.
/// </summary>
public static class EventDisplay
{
    public const string EventsFolder = Output.OutputLayout.Events;
    public const string ViewerFolder = Output.OutputLayout.Viewer;
    public const string PlotlyFile = "plotly.min.js";
    public const string ScriptFile = "event-display.js";
    /// <summary>The plotly.js bundle inside Plotly.NET 6.0.0 (Plotly.NET's own <c>Globals.PLOTLYJS_VERSION</c>).</summary>
    public const string PlotlyResource = "Plotly.NET.plotly-2.28.0.min.js";

    /// <summary><c>OUT/events/&lt;particle&gt;/E&lt;energy&gt;/&lt;picture&gt;.html</c></summary>
    /// <param name="picture">The track's picture name (<see cref="PictureName"/>).</param>
    public static string PagePath(string root, string particle, int energyKev, string picture) =>
        Path.Combine(root, EventsFolder, particle, ImagePaths.EnergyFolder(energyKev), picture + ".html");

    /// <summary>The page's link from the output root (for index.html).</summary>
    public static string RelativeLink(string particle, int energyKev, string picture) =>
        $"{EventsFolder}/{particle}/{ImagePaths.EnergyFolder(energyKev)}/{picture}.html";

    /// <summary>Writes plotly.js and the display script below <c>OUT/viewer/</c> (once per output, atomically).</summary>
    public static async Task WriteLibraryAsync(string root, CancellationToken ct)
    {
        var plotly = ReadResource(Assembly.Load("Plotly.NET"), PlotlyResource);
        var script = ReadResource(typeof(EventDisplay).Assembly, "TrackPipeline.Rendering.EventDisplay.js");
        await Output.AtomicFile.WriteAsync(Path.Combine(root, ViewerFolder, PlotlyFile), s => s.WriteAsync(plotly, ct).AsTask(), ct);
        await Output.AtomicFile.WriteAsync(Path.Combine(root, ViewerFolder, ScriptFile), s => s.WriteAsync(script, ct).AsTask(), ct);
    }

    private static byte[] ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no resource {name} (is the package version the one in Directory.Packages.props?)");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The page of one track sheet: its layers, its truth, the frame and the whole event as two views.</summary>
    /// <param name="track">The track's picture name (<see cref="PictureName"/>): the page's title and its link to the picture.</param>
    /// <param name="maxPoints">Points per layer at most: a larger layer is thinned to every k-th point, and its legend entry says so.</param>
    public static string BuildPage(TrackSheet sheet, string particle, int energyKev, string track, int maxPoints, Colormap colormap)
    {
        var layers = new List<object>();
        var raw = sheet.Raw;
        if (raw.Roles is { } roles)
        {
            layers.Add(Layer("raw deposits, main cluster", raw, i => roles[i] == ChargeRole.Main, maxPoints, size: 2, visible: true));
            if (Array.Exists(roles, r => r != ChargeRole.Main))
                layers.Add(Layer("raw deposits, detached clusters", raw, i => roles[i] != ChargeRole.Main, maxPoints, size: 2, visible: true, color: "#1a9e77"));
        }
        else layers.Add(Layer("raw deposits", raw, _ => true, maxPoints, size: 2, visible: true));
        if (sheet.Drifted is { Count: > 0 } d) layers.Add(Layer("drifted charge", d, _ => true, maxPoints, size: 2, visible: false));
        if (sheet.Readout is { Count: > 0 } r) layers.Add(Layer("readout pixels", r, _ => true, maxPoints, size: 4, visible: false));

        var truth = new List<object>();
        if (raw.Truth is { } t)
        {
            void Add(string name, Tracks.Vec3[] points, string symbol, string color)
            {
                if (points.Length == 0) return;
                var xyz = new float[3 * points.Length];
                for (int i = 0; i < points.Length; i++)
                {
                    xyz[i] = (float)points[i].X; xyz[points.Length + i] = (float)points[i].Y; xyz[2 * points.Length + i] = (float)points[i].Z;
                }
                truth.Add(new { name, symbol, color, xyz = Base64(xyz) });
            }
            Add("origin", [t.OriginMm], "circle-open", "#000000");
            Add("brem", t.BremMm, "diamond-open", "#17becf");
            Add("Compton", t.ComptonMm, "square-open", "#8c564b");
            Add("photoabsorption", t.PhotoMm, "square-open", "#e377c2");
            Add("pair", t.PairMm, "x", "#ff7f0e");
        }

        var (cx, cy, cz, side) = sheet.Frame is { } f ? (f.CentreMm.X, f.CentreMm.Y, f.CentreMm.Z, f.SideMm) : TrackRenderer.CubeOf(raw);
        var whole = TrackRenderer.CubeOf(raw);
        double h = side / 2, H = whole.Side / 2;
        // The pictures' colormap as plotly stops (plotly.js has no plasma or inferno of its own).
        var stops = new object[17];
        for (int i = 0; i < stops.Length; i++)
        {
            var col = colormap.Map(i / 16.0);
            stops[i] = new object[] { i / 16.0, $"#{col.Red:x2}{col.Green:x2}{col.Blue:x2}" };
        }
        var data = new
        {
            colorscale = stops,
            frameLabel = sheet.Frame is { } fr ? $"{sheet.Unit.Format(fr.SideMm)} on the {fr.Subject}" : "whole event",
            frame = new[] { cx - h, cx + h, cy - h, cy + h, cz - h, cz + h },
            whole = new[] { whole.Cx - H, whole.Cx + H, whole.Cy - H, whole.Cy + H, whole.Cz - H, whole.Cz + H },
            layers,
            truth,
        };
        // Inside <script type="application/json"> only "</" (it could close the script) and "<!--" need escaping; the default
        // web-safe encoder also wrote every '+' of the base64 blocks as a 6-character escape (pages of the sample 86.1 -> 81.5 MB).
        var json = JsonSerializer.Serialize(data, PageJson).Replace("</", "<\\/").Replace("<!--", "\\u003C!--");
        var title = $"{ImagePaths.ParticleLabel(particle)}, {ImagePaths.EnergyLabel(energyKev)} - {track}";
        var lines = string.Join("<br>", sheet.Subtitles.Select(WebUtility.HtmlEncode));
        return $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>{WebUtility.HtmlEncode(title)} (3D)</title>
            <style>body{"{"}font-family:sans-serif;margin:1em;color:#222{"}"} h1{"{"}font-size:1.2em;margin:0{"}"} p{"{"}font-size:.85em;color:#555;margin:.3em 0{"}"} #plot{"{"}width:100%;height:82vh{"}"}</style>
            <script src="../../../{ViewerFolder}/{PlotlyFile}"></script>
            </head>
            <body data-ready="0" data-errors="0">
            <p><a href="../../../{ImagePaths.IndexFile}">gallery</a> | <a href="../../../{ImagePaths.ImagesFolder}/{particle}/{ImagePaths.EnergyFolder(energyKev)}/{track}.png">picture</a></p>
            <h1>{WebUtility.HtmlEncode(title)}</h1>
            <p>{lines}<br>drag to turn, scroll to zoom, click a legend entry to show or hide a layer; drifted charge, readout pixels and the truth start hidden</p>
            <div id="plot"></div>
            <script type="application/json" id="event-data">{json}</script>
            <script src="../../../{ViewerFolder}/{ScriptFile}"></script>
            </body></html>

            """;
    }

    private static object Layer(string name, TrackScene scene, Func<int, bool> include, int maxPoints, float size, bool visible, string? color = null)
    {
        int selected = 0;
        for (int i = 0; i < scene.Count; i++) if (include(i)) selected++;
        int stride = Math.Max(1, (selected + maxPoints - 1) / Math.Max(1, maxPoints));
        int n = (selected + stride - 1) / stride;
        var xyz = new float[3 * n];
        var q = new float[n];
        int k = 0, seen = 0;
        var x = scene.X; var y = scene.Y; var z = scene.Z; var c = scene.ChargeE;
        for (int i = 0; i < scene.Count && k < n; i++)
        {
            if (!include(i)) continue;
            if (seen++ % stride != 0) continue;
            xyz[k] = x[i]; xyz[n + k] = y[i]; xyz[2 * n + k] = z[i];
            q[k] = c[i];   // the hover shows the deposit's own charge
            k++;
        }
        string? note = stride > 1 ? $"(1 in {stride.ToString(CultureInfo.InvariantCulture)} of {selected.ToString("N0", CultureInfo.InvariantCulture)} points)" : null;
        return new { name, note, size, visible, color, xyz = Base64(xyz), q = Base64(q) };
    }

    private static readonly JsonSerializerOptions PageJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Base64(float[] values) => Convert.ToBase64String(MemoryMarshal.AsBytes(values.AsSpan()));
}
