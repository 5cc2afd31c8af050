using System.Buffers;
using System.Globalization;
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
        foreach (var (_, write) in LibraryFiles(root, ct)) await write();
    }

    /// <summary>
    /// The assembly that embeds plotly.js, named by one of its types: the Native AOT compiler keeps an assembly (and its
    /// resources) that code names, and dropped it when it was loaded by name (round 9). Loading the type runs no F# code.
    /// </summary>
    private static Assembly PlotlyAssembly => typeof(Plotly.NET.Chart).Assembly;

    /// <summary>The library's files, each with its own write: a file that cannot be written is named, not its folder (breaker 9 B5).</summary>
    public static IReadOnlyList<(string Path, Func<Task> Write)> LibraryFiles(string root, CancellationToken ct)
    {
        string plotly = Path.Combine(root, ViewerFolder, PlotlyFile), script = Path.Combine(root, ViewerFolder, ScriptFile);
        return
        [
            (plotly, () => CopyResourceAsync(PlotlyAssembly, PlotlyResource, plotly, ct)),
            (script, () => CopyResourceAsync(typeof(EventDisplay).Assembly, "TrackPipeline.Rendering.EventDisplay.js", script, ct)),
        ];
    }

    /// <summary>
    /// Streams an embedded resource into <paramref name="path"/> (temp + rename): plotly.min.js is 3.6 MB, and read whole
    /// through a growing MemoryStream it took several copies of that on the large-object heap, enough to fail a run under
    /// a memory budget after every track was written (breaker 8 F2).
    /// </summary>
    private static async Task CopyResourceAsync(Assembly assembly, string name, string path, CancellationToken ct)
    {
        await using var resource = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{assembly.GetName().Name} has no resource {name} (is the package version the one in Directory.Packages.props?)");
        await Output.AtomicFile.WriteAsync(path, s =>
        {
            if (name == PlotlyResource && LibraryFaultForTests.Value is { } fault) throw fault;
            return resource.CopyToAsync(s, ct);
        }, ct);
    }

    /// <summary>
    /// Tests only: thrown while plotly.min.js is copied (an out-of-memory there, breaker 8 F2), for the runs started from the
    /// test's own async flow; null (always, outside tests) copies.
    /// </summary>
    internal static readonly AsyncLocal<Exception?> LibraryFaultForTests = new();

    /// <summary>The page of one track sheet as text (tests, benchmarks); the run writes <see cref="BuildPageUtf8"/>'s bytes.</summary>
    public static string BuildPage(TrackSheet sheet, string particle, int energyKev, string track, int maxPoints, Colormap colormap) =>
        Encoding.UTF8.GetString(BuildPageUtf8(sheet, particle, energyKev, track, maxPoints, colormap));

    /// <summary>
    /// The page of one track sheet, as the UTF-8 bytes written to disk: its layers, its truth, the frame and the whole event
    /// as two views. The JSON is written straight to UTF-8 with the base64 blocks encoded in place (no serializer, no
    /// string of the page): a page of 25k points per layer is ~0.75 MB, and building it as strings (base64 strings, the
    /// JSON, the page, then its UTF-8) allocated ~6x that on the large-object heap per track (docs/benchmarks/rendering.md).
    /// </summary>
    /// <param name="track">The track's picture name (<see cref="PictureName"/>): the page's title and its link to the picture.</param>
    /// <param name="maxPoints">Points per layer at most: a larger layer is thinned to every k-th point, and its legend entry says so.</param>
    public static byte[] BuildPageUtf8(TrackSheet sheet, string particle, int energyKev, string track, int maxPoints, Colormap colormap)
    {
        var page = new ArrayBufferWriter<byte>();
        WritePageUtf8(page, sheet, particle, energyKev, track, maxPoints, colormap);
        return page.WrittenSpan.ToArray();
    }

    /// <summary>
    /// <see cref="BuildPageUtf8"/>'s bytes into <paramref name="page"/>, emptied first: head, data and tail written in place in
    /// one buffer that a render worker reuses for every track (the data's buffer and the page's array were ~88 MB a sample
    /// run, docs/benchmarks/rendering.md round 18b). The page is <c>page.WrittenMemory</c>.
    /// </summary>
    public static void WritePageUtf8(ArrayBufferWriter<byte> page, TrackSheet sheet, string particle, int energyKev, string track, int maxPoints, Colormap colormap)
    {
        var title = $"{ImagePaths.ParticleLabel(particle)}, {ImagePaths.EnergyLabel(energyKev)} - {track}";
        var lines = string.Join("<br>", sheet.Subtitles.Select(HtmlText.Escape));
        var head = $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>{HtmlText.Escape(title)} (3D)</title>
            <style>body{"{"}font-family:sans-serif;margin:1em;color:#222{"}"} h1{"{"}font-size:1.2em;margin:0{"}"} p{"{"}font-size:.85em;color:#555;margin:.3em 0{"}"} #plot{"{"}width:100%;height:82vh{"}"}</style>
            <script src="../../../{ViewerFolder}/{PlotlyFile}"></script>
            </head>
            <body data-ready="0" data-errors="0">
            {PictureLinkLine(particle, ImagePaths.EnergyFolder(energyKev), track, linked: true)}
            <h1>{HtmlText.Escape(title)}</h1>
            <p>{lines}<br>drag to turn, scroll to zoom, click a legend entry to show or hide a layer; drifted charge, readout pixels and the truth start hidden; the "reconstructed" and "from raw deposits" entries are what the stages found in the charge (vertex, lepton directions, electron start), never the truth; those "from raw deposits (perfect detector)" used the simulated charge before drift and readout, so they start where the truth does, those "from pixels" what the detector sees</p>
            <div id="plot"></div>
            <script type="application/json" id="event-data">
            """;
        var tail = $"""
            </script>
            <script src="../../../{ViewerFolder}/{ScriptFile}"></script>
            </body></html>

            """;
        page.ResetWrittenCount();
        // Room for the whole page at once: the writer doubles its buffer as it fills (a copy each time) until it is as large as the largest page.
        page.GetSpan(Encoding.UTF8.GetByteCount(head) + EstimatedJsonBytes(sheet, maxPoints) + Encoding.UTF8.GetByteCount(tail));
        Encoding.UTF8.GetBytes(head, page);
        int dataStart = page.WrittenCount;
        using (var w = new Utf8JsonWriter(page, PageJson))
            WriteData(w, sheet, maxPoints, colormap);
        // Inside <script type="application/json"> only "</" (it could close the script) and "<!--" need escaping; the default
        // web-safe encoder also wrote every '+' of the base64 blocks as a 6-character escape (pages of the sample 86.1 -> 81.5 MB).
        // Base64 and numbers hold no '<': only a caption could, and then the escaping is done on the text.
        if (page.WrittenSpan[dataStart..].Contains((byte)'<'))
        {
            var escaped = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(page.WrittenSpan[dataStart..]).Replace("</", "<\\/").Replace("<!--", "\\u003C!--"));
            page.ResetWrittenCount();
            Encoding.UTF8.GetBytes(head, page);
            page.Write(escaped);
        }
        Encoding.UTF8.GetBytes(tail, page);
    }

    /// <summary>
    /// The page's line of links: the gallery, and the track picture when there is one. A page is written linking its
    /// picture; where the picture is not drawn (<c>--images quest</c> draws the candidates' only) or later removed (a
    /// candidate pushed out of its top list, the merge pass's pruning), the line is swapped for the unlinked one
    /// (<see cref="WithoutPictureLink"/>, <see cref="UnlinkPicture"/>), so that no page links a picture that is not there.
    /// </summary>
    private static string PictureLinkLine(string particle, string energyFolder, string track, bool linked) =>
        $"<p><a href=\"{HtmlText.Link($"../../../{ImagePaths.IndexFile}")}\">gallery</a> | " + (linked
            ? $"<a href=\"{HtmlText.Link($"../../../{ImagePaths.ImagesFolder}/{particle}/{energyFolder}/{track}.png")}\">picture</a></p>"
            : "no picture of this track (--images quest draws the quest candidates' only)</p>");

    /// <summary>The page <paramref name="page"/> (bytes of <see cref="BuildPageUtf8"/>) without its picture link; the same bytes when it has none.</summary>
    public static ReadOnlyMemory<byte> WithoutPictureLink(ReadOnlyMemory<byte> page, string particle, int energyKev, string track) =>
        Swap(page.Span, particle, ImagePaths.EnergyFolder(energyKev), track) ?? page;

    /// <summary>
    /// Removes the picture link of the page at <paramref name="pagePath"/> (<c>OUT/events/&lt;particle&gt;/E&lt;energy&gt;/&lt;picture&gt;.html</c>),
    /// rewritten atomically; false when it links none (or cannot be read: a page that cannot be read links nothing).
    /// </summary>
    public static bool UnlinkPicture(string pagePath)
    {
        var energyFolder = Path.GetDirectoryName(pagePath)!;
        var particle = Path.GetFileName(Path.GetDirectoryName(energyFolder)!);
        byte[] page;
        try { page = File.ReadAllBytes(pagePath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
        if (Swap(page, particle, Path.GetFileName(energyFolder), Path.GetFileNameWithoutExtension(pagePath)) is not { } unlinked) return false;
        Output.AtomicFile.Write(pagePath, s => s.Write(unlinked));
        return true;
    }

    /// <summary>The page with its linked line swapped for the unlinked one, or null when it has no linked line.</summary>
    private static byte[]? Swap(ReadOnlySpan<byte> page, string particle, string energyFolder, string track)
    {
        var linked = Encoding.UTF8.GetBytes(PictureLinkLine(particle, energyFolder, track, linked: true));
        int at = page.IndexOf(linked);   // in the head, before the data
        if (at < 0) return null;
        var unlinked = Encoding.UTF8.GetBytes(PictureLinkLine(particle, energyFolder, track, linked: false));
        var result = new byte[page.Length - linked.Length + unlinked.Length];
        page[..at].CopyTo(result);
        unlinked.CopyTo(result, at);
        page[(at + linked.Length)..].CopyTo(result.AsSpan(at + unlinked.Length));
        return result;
    }

    /// <summary>
    /// The page's data object: <c>{colorscale, frameLabel, frame, whole, view, layers, reco, truth}</c>, in the order and form the
    /// display script reads (event-display.js).
    /// </summary>
    private static void WriteData(Utf8JsonWriter w, TrackSheet sheet, int maxPoints, Colormap colormap)
    {
        var raw = sheet.Raw;
        var (cx, cy, cz, side) = sheet.Frame is { } f ? (f.CentreMm.X, f.CentreMm.Y, f.CentreMm.Z, f.SideMm) : TrackRenderer.CubeOf(raw);
        var whole = TrackRenderer.CubeOf(raw);
        double h = side / 2, H = whole.Side / 2;
        w.WriteStartObject();
        // The pictures' colormap as plotly stops (plotly.js has no plasma or inferno of its own).
        w.WriteStartArray("colorscale");
        for (int i = 0; i < 17; i++)
        {
            var col = colormap.Map(i / 16.0);
            w.WriteStartArray();
            w.WriteNumberValue(i / 16.0);
            w.WriteStringValue($"#{col.Red:x2}{col.Green:x2}{col.Blue:x2}");
            w.WriteEndArray();
        }
        w.WriteEndArray();
        w.WriteString("frameLabel", sheet.Frame is { } fr ? $"{sheet.Unit.Format(fr.SideMm)} on the {fr.Subject}" : "whole event");
        WriteNumbers(w, "frame", [cx - h, cx + h, cy - h, cy + h, cz - h, cz + h]);
        WriteNumbers(w, "whole", [whole.Cx - H, whole.Cx + H, whole.Cy - H, whole.Cy + H, whole.Cz - H, whole.Cz + H]);
        // The page opens where the pictures look from: a V face-on (the frame's view, from the charge), else matplotlib's
        // default. plotly's own default (eye 1.25, 1.25, 1.25: elevation 35 deg, azimuth 45 deg) showed the sample's V
        // frames obliquely or edge-on, another view than the picture beside it (round 10).
        var (elevation, azimuth) = sheet.Frame?.View ?? (OrthographicCamera.DefaultElevationDeg, OrthographicCamera.DefaultAzimuthDeg);
        WriteNumbers(w, "view", [elevation, azimuth]);

        w.WriteStartArray("layers");
        if (raw.Roles is { } roles)
        {
            Layer(w, "raw deposits, main cluster", raw, roles, ChargeRole.Main, maxPoints, size: 2, visible: true);
            if (Array.Exists(roles, r => r != ChargeRole.Main))
                Layer(w, "raw deposits, detached clusters", raw, roles, null, maxPoints, size: 2, visible: true, color: "#1a9e77");
        }
        else Layer(w, "raw deposits", raw, null, null, maxPoints, size: 2, visible: true);
        if (sheet.Drifted is { Count: > 0 } d) Layer(w, "drifted charge", d, null, null, maxPoints, size: 2, visible: false);
        if (sheet.Readout is { Count: > 0 } r) Layer(w, "readout pixels", r, null, null, maxPoints, size: 4, visible: false);
        w.WriteEndArray();

        WriteReconstructed(w, sheet, side);

        w.WriteStartArray("truth");
        if (raw.Truth is { } t)
        {
            Marker(w, "origin", [t.OriginMm], "circle-open", "#000000");
            if (t.Direction != Tracks.Vec3.Zero)
                Line(w, "initial direction", t.OriginMm, [t.Direction], [TrackRenderer.ArmLengthFraction * side], "#d62728", "solid", "circle-open", visible: false);
            Marker(w, "brem", t.BremMm, "diamond-open", "#17becf");
            Marker(w, "Compton", t.ComptonMm, "square-open", "#8c564b");
            Marker(w, "photoabsorption", t.PhotoMm, "square-open", "#e377c2");
            Marker(w, "pair", t.PairMm, "x", "#ff7f0e");
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// What the stages found in the charge, drawn as the pictures draw it and labelled "reconstructed" or by the charge it was computed from (the truth has
    /// its own entries): the vertex the frame is built on (the pictures' <c>+</c>) and the V's arms as far as their charge
    /// runs (the pictures' dashed arms); the reconstruction's pair vertex and fitted lepton directions, and its electron
    /// start and direction (both from the triggered pixels), each a line of 0.3 of the frame like the pictures' arrow.
    /// A pair's entries start shown on a track the charge calls a pair, the electron's on any other.
    /// </summary>
    private static void WriteReconstructed(Utf8JsonWriter w, TrackSheet sheet, double side)
    {
        var e = sheet.Evidence;
        double length = TrackRenderer.ArmLengthFraction * side;
        bool pair = e.LooksLikePair;
        w.WriteStartArray("reco");
        if (sheet.Frame is { Vertex: { } vertex } frame)
        {
            // The subject may name the + itself ("V where its charge starts (+), ..."): said once in the legend.
            Line(w, $"reconstructed: the pictures' + ({frame.Subject.Replace(" (+)", "", StringComparison.Ordinal)})", vertex, [], [], "#000000", "solid", "cross", visible: true);
            if (frame.Arms is { } arms && (arms.ChargeRunAMm > 0 || arms.ChargeRunBMm > 0))
            {
                var dirs = new List<Tracks.Vec3>(2); var runs = new List<double>(2);
                if (arms.ChargeRunAMm > 0) { dirs.Add(arms.A); runs.Add(Math.Min(length, arms.ChargeRunAMm)); }
                if (arms.ChargeRunBMm > 0) { dirs.Add(arms.B); runs.Add(Math.Min(length, arms.ChargeRunBMm)); }
                // Labelled by what they were computed from (breaker8 F4): the charge's arms come from the raw deposits, a
                // perfect detector, so they start where the simulation's particles did; the pixel-based entries below do not.
                // Where no V was resolved the dashed lines are the charge leaving the candidate vertex, not two leptons.
                Line(w, !frame.VResolved ? (frame.ArmsFollowCharge ? $"from raw deposits (perfect detector): charge leaving the candidate vertex, {NotResolved(frame)} (dashed in the pictures)" : $"reconstructed: vertex finder's lepton directions, on the charge ({NotResolved(frame)})")
                    : frame.ArmsFollowCharge ? "from raw deposits (perfect detector): the V's arms on the charge (dashed in the pictures)" : "reconstructed: vertex finder's lepton directions, on the charge",
                    arms.ApexMm, [.. dirs], [.. runs], "#404040", "dash", "circle", visible: true);
            }
        }
        if (e.RecoPair is { } p)
        {
            // The fit as the reconstruction gives it, but said how far it is to be trusted (T1332400307: a fit with an
            // energy split of 0.17 opened 84 deg where the charge's arms open ~33: its lines ran along neither arm, shown
            // at first as if they were the V). Not confident by the V frame's rule: hidden at first, the reason in the
            // legend; where the charge's arms are known, how far each fitted line lies from the nearer one (and a line farther
            // than Images:FittedPairMaxOffChargeDeg from both makes the fit not trusted either: PictureFrame.FittedPairDoubt).
            string doubt = sheet.Frame?.FittedPairDoubt is { } d ? $"; not confident: {d}, hidden at first" : "";
            string off = sheet.Frame is { Arms: { } charge, ArmsFollowCharge: true } onArms
                ? $"; {OffDeg(p.A.Direction, charge)} and {OffDeg(p.B.Direction, charge)} deg off {(onArms.VResolved ? "the V on the charge" : "the charge leaving the vertex")}" : "";
            Line(w, $"reconstructed from pixels: pair vertex and lepton directions (fitted, opening {p.OpeningAngleDeg.ToString("0", CultureInfo.InvariantCulture)} deg{off}{doubt})",
                1000 * p.Vertex, [p.A.Direction, p.B.Direction], [length, length], "#1f77b4", "solid", "diamond", visible: pair && doubt.Length == 0);
        }
        if (e.Start is { } s)
            Line(w, "reconstructed from pixels: electron start and direction", 1000 * s.Start, [s.Direction], [length], "#9467bd", "solid", "diamond-open", visible: !pair);
        w.WriteEndArray();
    }

    /// <summary>Angle (deg, rounded) between a fitted direction and the nearer of the charge's two arms.</summary>
    private static string OffDeg(Tracks.Vec3 fitted, VArms charge) => PictureFrame.OffChargeDeg(fitted, charge).ToString("0", CultureInfo.InvariantCulture);

    /// <summary>
    /// A point and straight segments from it (<paramref name="directions"/>, unit, each <paramref name="lengthsMm"/> long),
    /// as plain numbers: <c>{name, point: [x, y, z], lines: {x, y, z}}</c>, segments separated by nulls (plotly's gaps).
    /// </summary>
    /// <summary>What a frame's dashed entry says where no V was resolved: not "no V resolved" where the reconstruction fitted one (its header gives that V's opening).</summary>
    private static string NotResolved(PictureFrame frame) => frame.VFitted ? "V fitted by the reconstruction, not two arms in the charge there" : "no V resolved";

    private static void Line(Utf8JsonWriter w, string name, Tracks.Vec3 from, Tracks.Vec3[] directions, double[] lengthsMm, string color, string dash, string symbol, bool visible)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("color", color);
        w.WriteString("dash", dash);
        w.WriteString("symbol", symbol);
        w.WriteBoolean("visible", visible);
        WriteNumbers(w, "point", [from.X, from.Y, from.Z]);
        w.WriteStartObject("lines");
        for (int axis = 0; axis < 3; axis++)
        {
            w.WriteStartArray(axis == 0 ? "x" : axis == 1 ? "y" : "z");
            for (int k = 0; k < directions.Length; k++)
            {
                var to = from + lengthsMm[k] * directions[k];
                w.WriteNumberValue(axis == 0 ? from.X : axis == 1 ? from.Y : from.Z);
                w.WriteNumberValue(axis == 0 ? to.X : axis == 1 ? to.Y : to.Z);
                if (k < directions.Length - 1) w.WriteNullValue();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteNumbers(Utf8JsonWriter w, string name, ReadOnlySpan<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    /// <summary>A truth marker set: its points as one base64 float32 block, x then y then z.</summary>
    private static void Marker(Utf8JsonWriter w, string name, Tracks.Vec3[] points, string symbol, string color)
    {
        if (points.Length == 0) return;
        var xyz = new float[3 * points.Length];
        for (int i = 0; i < points.Length; i++)
        {
            xyz[i] = (float)points[i].X; xyz[points.Length + i] = (float)points[i].Y; xyz[2 * points.Length + i] = (float)points[i].Z;
        }
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("symbol", symbol);
        w.WriteString("color", color);
        w.WriteBase64String("xyz", MemoryMarshal.AsBytes(xyz.AsSpan()));
        w.WriteEndObject();
    }

    /// <summary>
    /// One layer: the points of <paramref name="scene"/> (those of role <paramref name="role"/>, or not Main when
    /// <paramref name="roles"/> is given without a role; all without roles), thinned to every k-th beyond
    /// <paramref name="maxPoints"/>, as base64 float32 blocks: x, y, z one after the other, then the charges.
    /// </summary>
    private static void Layer(Utf8JsonWriter w, string name, TrackScene scene, ChargeRole[]? roles, ChargeRole? role, int maxPoints, float size, bool visible,
        string? color = null)
    {
        bool Include(int i) => roles is null || (role is { } only ? roles[i] == only : roles[i] != ChargeRole.Main);
        int selected = 0;
        if (roles is null) selected = scene.Count;   // every point: the drifted and readout layers, the largest
        else for (int i = 0; i < scene.Count; i++) if (Include(i)) selected++;
        int stride = Math.Max(1, (selected + maxPoints - 1) / Math.Max(1, maxPoints));
        int n = (selected + stride - 1) / stride;
        // Pooled: a layer of 25k points is 400 kB of floats, every page.
        var xyz = ArrayPool<float>.Shared.Rent(Math.Max(1, 3 * n));
        var q = ArrayPool<float>.Shared.Rent(Math.Max(1, n));
        try
        {
            int k = 0, seen = 0;
            var x = scene.X; var y = scene.Y; var z = scene.Z; var c = scene.ChargeE;
            // Without roles the k-th point kept is point k x stride: no pass over the others.
            if (roles is null)
                for (int i = 0; k < n; i += stride, k++) { xyz[k] = x[i]; xyz[n + k] = y[i]; xyz[2 * n + k] = z[i]; q[k] = c[i]; }
            for (int i = 0; i < scene.Count && k < n; i++)
            {
                if (!Include(i)) continue;
                if (seen++ % stride != 0) continue;
                xyz[k] = x[i]; xyz[n + k] = y[i]; xyz[2 * n + k] = z[i];
                q[k] = c[i];   // the hover shows the deposit's own charge
                k++;
            }
            w.WriteStartObject();
            w.WriteString("name", name);
            if (stride > 1) w.WriteString("note", $"(1 in {stride.ToString(CultureInfo.InvariantCulture)} of {selected.ToString("N0", CultureInfo.InvariantCulture)} points)");
            else w.WriteNull("note");
            w.WriteNumber("size", size);
            w.WriteBoolean("visible", visible);
            if (color is null) w.WriteNull("color");
            else w.WriteString("color", color);
            w.WriteBase64String("xyz", MemoryMarshal.AsBytes(xyz.AsSpan(0, 3 * n)));
            w.WriteBase64String("q", MemoryMarshal.AsBytes(q.AsSpan(0, n)));
            w.WriteEndObject();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(xyz);
            ArrayPool<float>.Shared.Return(q);
        }
    }

    /// <summary>An upper bound of the data's size: base64 of 16 bytes a point per layer plus room for the rest.</summary>
    private static int EstimatedJsonBytes(TrackSheet sheet, int maxPoints)
    {
        long points = Math.Min(sheet.Raw.Count, 2L * maxPoints) + Math.Min(sheet.Drifted?.Count ?? 0, maxPoints) + Math.Min(sheet.Readout?.Count ?? 0, maxPoints);
        return (int)Math.Min(int.MaxValue / 2, 16 * points * 4 / 3 + 16_384);
    }

    private static readonly JsonWriterOptions PageJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
