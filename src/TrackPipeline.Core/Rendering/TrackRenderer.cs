using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>
/// Draws tracks with SkiaSharp in matplotlib's default 3D view (<see cref="OrthographicCamera"/>): a cube box
/// with grey back panes, ticks and labels in mm, points back to front coloured by charge, a colour bar
/// "Charge (e-)", and the truth (origin, initial direction, interaction vertices) with a legend. Without a
/// typeface everything but the text is drawn. Safe to use from several threads at once (no mutable state); a scene is
/// drawn by one thread at a time (it keeps its bounds, colour scale and last projection: <see cref="TrackScene"/>).
/// </summary>
public sealed partial class TrackRenderer(Colormap colormap, SKTypeface? typeface)
{
    private static readonly SKColor Background = SKColors.White;
    private static readonly SKColor PaneFill = new(0xF0, 0xF0, 0xF0);
    private static readonly SKColor PaneEdge = new(0xB0, 0xB0, 0xB0);
    private static readonly SKColor GridLine = new(0xD8, 0xD8, 0xD8);
    private static readonly SKColor Ink = new(0x20, 0x20, 0x20);
    private static readonly SKColor Muted = new(0x55, 0x55, 0x55);
    private static readonly SKColor OriginColor = SKColors.Black;
    private static readonly SKColor DirectionColor = new(0xD6, 0x27, 0x28);
    // Interaction markers: light colours outside plasma's and viridis' hues where the charge is dense (purple, pink,
    // orange, yellow; viridis' greens are darker), each over a thin dark edge (TrackRenderer.Truth.cs).
    private static readonly SKColor BremColor = new(0x00, 0xD8, 0xFF);
    private static readonly SKColor ComptonColor = SKColors.White;
    private static readonly SKColor PhotoColor = new(0x9E, 0xF0, 0x1A);
    private static readonly SKColor PairColor = new(0x9A, 0xC8, 0xFF);
    /// <summary>Charge of detached clusters (brem conversions, Compton electrons): a colour plasma never takes.</summary>
    public static readonly SKColor DetachedColor = new(0x1A, 0x9E, 0x77);

    public Colormap Colormap { get; } = colormap;
    public SKTypeface? Typeface { get; } = typeface;

    /// <summary>A renderer with the machine's sans-serif font (<see cref="Fonts"/>), if any.</summary>
    public static TrackRenderer Create(Colormap colormap) => new(colormap, Fonts.SansSerif);

    public static SKBitmap NewBitmap(int width, int height) =>
        new(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));

    /// <summary>A picture as PNG bytes (<see cref="PngEncoder"/>: RGB, zlib-ng; a fixed cost of every picture, docs/benchmarks/rendering.md).</summary>
    public static byte[] EncodePng(SKBitmap bitmap) => PngEncoder.Encode(bitmap);

    // ---------------------------------------------------------------- whole pictures

    /// <summary>
    /// The full picture of one track: three 3D views over three projections, all framed on <see cref="TrackSheet.Frame"/>
    /// (points outside the frame are not drawn there; the raw view's inset shows the whole event). One colour-scale
    /// convention (log) on every panel, each with its own range.
    /// </summary>
    public SKBitmap RenderSheet(TrackSheet sheet, int width, int height) => RenderSheet(sheet, width, height, shareBox: true, out _);

    /// <param name="shareBox">Whether the readout panel may take the drifted panel's box (<see cref="BoxStamp"/>); false: each draws its own (tests).</param>
    /// <param name="boxStamped">Whether it did.</param>
    internal SKBitmap RenderSheet(TrackSheet sheet, int width, int height, bool shareBox, out bool boxStamped)
    {
        var bitmap = NewBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(Background);
        float ui = Math.Min(width / 1200f, height / 900f);
        float top = DrawTitle(canvas, sheet.Title, sheet.Subtitles, width, ui);
        var cube = sheet.Frame is { } f ? (f.CentreMm.X, f.CentreMm.Y, f.CentreMm.Z, f.SideMm) : CubeOf(sheet.Raw);
        // The key goes in a strip of its own under the projections, never over a plot: inside the YZ plot, even in its
        // emptiest corner, it covered charge (known issue S6: the 20 MeV T1337360042, the quest pair pictures), and it
        // was wider than the plot.
        var key = sheet.Raw.Count > 0
            ? LegendEntries(sheet.Raw.Truth, sheet.Raw.Roles, sheet.Frame?.VertexKey, InCube(cube))
            : null;
        float keyHeight = key is { Count: > 0 } ? LegendStripHeight(key, width, ui) : 0;
        float bottom = height - keyHeight;
        float rowSplit = top + (bottom - top) * 0.58f;
        float colW = width / 3f;
        var panels = new (TrackScene? Scene, string Missing)[]
        {
            (sheet.Raw, "no deposits"),
            (sheet.Drifted, sheet.DriftedEmpty),
            (sheet.Readout, sheet.ReadoutEmpty),
        };
        var look = new PanelLook(cube, sheet.Unit, Truth: true, Legend: false, sheet.Frame is null ? 0 : sheet.OverviewFraction, sheet.Frame?.View, sheet.Frame?.Vertex, sheet.Frame?.Arms);
        // The drifted and readout panels show the same box (same cube, view and size) when neither has a frame of its own:
        // drawn in the drifted panel, stamped on the readout one (whole pixels apart).
        using var sharedBox = shareBox && sheet.DriftedFrame is null && sheet.ReadoutFrame is null && sheet.Drifted is { Count: > 0 } && sheet.Readout is { Count: > 0 }
            && colW == MathF.Round(colW)
            ? new BoxStamp(bitmap, new SKRect(colW, top, 2 * colW, rowSplit), (int)colW)
            : null;
        for (int i = 0; i < 3; i++)
        {
            var rect = new SKRect(i * colW, top, (i + 1) * colW, rowSplit);
            var scene = panels[i].Scene;
            if (scene is null || scene.Count == 0) DrawEmptyPanel(canvas, rect, scene?.Caption ?? "", panels[i].Missing, ui);
            else if ((i == 1 ? sheet.DriftedFrame : i == 2 ? sheet.ReadoutFrame : null) is { } own)   // nothing of it in the frame (R4)
                DrawPanel3D(bitmap, canvas, rect, scene, scene.Scale, ui,
                    look with { Cube = (own.Cx, own.Cy, own.Cz, own.Side), Unit = own.Unit, Truth = false, Overview = 0, ChargePerPixel = i == 1, Drifted = sheet.DriftedLook });
            // The drifted panel by charge per canvas pixel: its ~200k clumps of a few e- each look alike one by one.
            else DrawPanel3D(bitmap, canvas, rect, scene, scene.Scale, ui, i == 0 ? look : look with { Truth = false, Overview = 0, ChargePerPixel = i == 1, Drifted = sheet.DriftedLook },
                i == 0 ? null : sharedBox);
        }
        var rawScale = sheet.Raw.Scale;
        if (sheet.Raw.Count > 0)
        {
            using var shared = ProjectionCoordinates.Of(sheet.Raw, cube);
            for (int i = 0; i < 3; i++)
            {
                var rect = new SKRect(i * colW, rowSplit, (i + 1) * colW, bottom);
                DrawProjection(bitmap, canvas, rect, sheet.Raw, shared, (Plane)i, cube, rawScale, ui, sheet.Unit, vertex: sheet.Frame?.Vertex, arms: sheet.Frame?.Arms);
            }
        }
        if (key is { Count: > 0 }) DrawLegendStrip(canvas, new SKRect(0, bottom, width, height), key, ui);
        boxStamped = sharedBox?.Stamped ?? false;
        return bitmap;
    }

    /// <summary>One 3D view with its colour bar and a title: thumbnails, comparison sheets.</summary>
    public SKBitmap RenderScene(TrackScene scene, string title, int width, int height, bool legend = true)
    {
        var bitmap = NewBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(Background);
        DrawSceneWithTitle(bitmap, canvas, new SKRect(0, 0, width, height), scene, title, legend);
        return bitmap;
    }

    /// <summary>
    /// A 3D view with title lines above it (split at '\n', the first larger; longer lines wrap at spaces), inside
    /// <paramref name="rect"/> of a larger picture, framed on <paramref name="frame"/> when given.
    /// </summary>
    public void DrawSceneWithTitle(SKBitmap bitmap, SKCanvas canvas, SKRect rect, TrackScene scene, string title, bool legend,
        PictureFrame? frame = null, LengthUnit? unit = null, bool truth = true, double overview = 0)
    {
        float ui = CaptionScale(rect);
        float y = DrawCaption(canvas, rect, title);
        var body = new SKRect(rect.Left, y + 2 * ui, rect.Right, rect.Bottom);
        if (scene.Count == 0) { DrawEmptyPanel(canvas, body, scene.Caption, "no charge", ui); return; }
        var cube = frame is { } f ? (f.CentreMm.X, f.CentreMm.Y, f.CentreMm.Z, f.SideMm) : CubeOf(scene);
        var look = new PanelLook(cube, unit ?? LengthUnit.Millimetre, truth, legend, frame is null ? 0 : overview, frame?.View, frame?.Vertex, frame?.Arms);
        DrawPanel3D(bitmap, canvas, body, scene, scene.Scale, ui, look);
    }

    private static float CaptionScale(SKRect rect) => Math.Clamp(Math.Min(rect.Width / 400f, rect.Height / 330f), 0.55f, 2.5f);

    /// <summary>
    /// Caption lines at the top of <paramref name="rect"/> (split at '\n', the first larger and darker; longer lines wrap
    /// at spaces); returns the y below them.
    /// </summary>
    public float DrawCaption(SKCanvas canvas, SKRect rect, string title)
    {
        float ui = CaptionScale(rect);
        float y = rect.Top + 4 * ui;
        var given = title.Split('\n');
        for (int i = 0; i < given.Length; i++)
        {
            float size = (i == 0 ? 13 : 11.5f) * Math.Max(ui, 0.85f);
            foreach (var line in Wrap(given[i], size, rect.Width - 12))
            {
                y += size * 1.25f;
                var shown = Legible(line, size, rect.Width - 8);
                DrawText(canvas, shown, rect.MidX, y, SizeToFit(shown, size, rect.Width - 8), i == 0 ? Ink : Muted, SKTextAlign.Center, rect.Width - 8);
            }
        }
        return y;
    }

    /// <summary>
    /// Least share of its size a caption line is shrunk to; a line that would need more (one word too long to wrap: a
    /// 90-character track name in a 400 px cell was shrunk to 6 px, unreadable) keeps its start and end around an ellipsis.
    /// </summary>
    internal const float LegibleShrink = 0.7f;

    /// <summary>
    /// <paramref name="line"/>, or its start and end around "…" so that it fits <paramref name="maxWidth"/> at
    /// <see cref="LegibleShrink"/> of <paramref name="size"/> (a track name keeps its energy, date and number, which lead).
    /// </summary>
    internal string Legible(string line, float size, float maxWidth)
    {
        // Measured at the shrunk size itself: hinted advances do not scale (at 0.7 of 13 px a name measured 3.6 % wider).
        float small = size * LegibleShrink;
        if (Typeface is null || line.Length < 8 || TextWidth(line, small) <= maxWidth) return line;
        int lo = 1, hi = line.Length - 2;   // characters removed: the fewest that fit
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (TextWidth(Elided(line, mid), small) <= maxWidth) hi = mid; else lo = mid + 1;
        }
        return Elided(line, lo);
    }

    /// <summary><paramref name="line"/> without <paramref name="removed"/> characters, two thirds of those kept from its start.</summary>
    private static string Elided(string line, int removed)
    {
        int kept = line.Length - removed, head = (kept * 2 + 2) / 3;
        return string.Concat(line.AsSpan(0, head), "\u2026", line.AsSpan(line.Length - (kept - head)));
    }

    /// <summary>
    /// Splits a caption into lines that fit <paramref name="maxWidth"/>, at spaces (never inside a word; a single word too
    /// long is shrunk when drawn). Where the lines filled one by one leave a single word on the last (the 20 MeV sheets'
    /// subtitles ended "..., all in the" over a lone "frame"), the same number of lines is drawn balanced: filled to the
    /// narrowest width that needs no more of them.
    /// </summary>
    public IReadOnlyList<string> Wrap(string text, float size, float maxWidth)
    {
        if (Typeface is null || TextWidth(text, size) <= maxWidth) return [text];
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var lines = Filled(words, size, maxWidth);
        if (lines.Count < 2 || lines[^1].Contains(' ')) return lines;
        float lo = 0, hi = maxWidth;
        for (int step = 0; step < 10; step++)   // to ~0.1 % of the width
        {
            float mid = (lo + hi) / 2;
            if (Filled(words, size, mid).Count <= lines.Count) hi = mid; else lo = mid;
        }
        return Filled(words, size, hi);
    }

    /// <summary>Words put on a line while it fits <paramref name="maxWidth"/>, then the next line.</summary>
    private List<string> Filled(string[] words, float size, float maxWidth)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var word in words)
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && TextWidth(candidate, size) > maxWidth) { lines.Add(line); line = word; }
            else line = candidate;
        }
        if (line.Length > 0) lines.Add(line);
        return lines;
    }

    // ---------------------------------------------------------------- title and text

    /// <summary>A one-line heading across the top of a composite picture.</summary>
    public void DrawHeader(SKCanvas canvas, string text, int width, float height)
    {
        float ui = Math.Clamp(height / 48f, 0.5f, 3f);
        DrawText(canvas, text, width / 2f, height * 0.62f, SizeToFit(text, 20 * ui, width - 20), Ink, SKTextAlign.Center, width - 20);
    }

    /// <summary>
    /// The size at which <paramref name="text"/> fits <paramref name="maxWidth"/> (at most <paramref name="size"/>), shrunk
    /// until it does: the hinted advances do not scale with the size, so <see cref="DrawText"/>'s one proportional step left
    /// the 800 px comparison sheet's 1003 px header 807 px wide, a letter cut at each edge (known-issues.md). Only the
    /// headers use it: elsewhere a line over by a few % (a scale bar's label) keeps its pixels.
    /// </summary>
    private float SizeToFit(string text, float size, float maxWidth)
    {
        if (Typeface is null || text.Length == 0) return size;
        using var font = new SKFont(Typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = true };
        float w = font.MeasureText(text);
        for (int step = 0; step < 4 && w > maxWidth && maxWidth > 0; step++)
        {
            font.Size = font.Size * maxWidth / w;   // (size x max) / w: the very size DrawText's one step gives
            w = font.MeasureText(text);
        }
        return font.Size;
    }

    private float DrawTitle(SKCanvas canvas, string title, IReadOnlyList<string> subtitles, int width, float ui)
    {
        float y = 28 * ui;
        var (shown, size) = FitTitle(title, width, ui);
        DrawText(canvas, shown, width / 2f, y, size, Ink, SKTextAlign.Center, maxWidth: width - 20);
        foreach (var s in subtitles)
            foreach (var line in Wrap(s, 14 * ui, width - 20))
            {
                y += 19 * ui;
                DrawText(canvas, line, width / 2f, y, 14 * ui, Muted, SKTextAlign.Center, maxWidth: width - 20);
            }
        return y + 12 * ui;
    }

    /// <summary>
    /// The sheet's title as drawn and its size: shortened around an ellipsis as a caption is (<see cref="Legible"/>) and
    /// sized to fit (<see cref="SizeToFit"/>). DrawText's one proportional step left a 90-character track name's title
    /// past both edges of the 1200 px sheet (breaker14 F2); a title that fits is drawn as before.
    /// </summary>
    internal (string Shown, float Size) FitTitle(string title, int width, float ui)
    {
        float size = 21 * ui, maxWidth = width - 20;
        var shown = Legible(title, size, maxWidth);
        return (shown, SizeToFit(shown, size, maxWidth));
    }

    /// <summary>A y-axis title: text turned a quarter left, centred on (<paramref name="x"/>, <paramref name="y"/>).</summary>
    private void DrawVerticalText(SKCanvas canvas, string text, float x, float y, float size)
    {
        canvas.Save();
        canvas.Translate(x, y);
        canvas.RotateDegrees(-90);
        DrawText(canvas, text, 0, 0, size, Ink, SKTextAlign.Center);
        canvas.Restore();
    }

    private void DrawText(SKCanvas canvas, string text, float x, float y, float size, SKColor color, SKTextAlign align, float maxWidth = float.MaxValue)
    {
        if (Typeface is null || text.Length == 0) return;
        using var font = new SKFont(Typeface, size) { Edging = SKFontEdging.Antialias, Subpixel = true };
        float w = font.MeasureText(text);
        if (w > maxWidth && maxWidth > 0) font.Size = size * maxWidth / w;
        using var paint = new SKPaint { Color = color, IsAntialias = true };
        canvas.DrawText(text, x, y, align, font, paint);
    }

    private float TextWidth(string text, float size)
    {
        if (Typeface is null) return 0;
        using var font = new SKFont(Typeface, size);
        return font.MeasureText(text);
    }

    private void DrawEmptyPanel(SKCanvas canvas, SKRect rect, string caption, string message, float ui)
    {
        using var paint = new SKPaint { Color = PaneEdge, IsStroke = true, StrokeWidth = 1, IsAntialias = true, PathEffect = SKPathEffect.CreateDash([6, 4], 0) };
        var inner = SKRect.Inflate(rect, -12 * ui, -12 * ui);
        inner.Top += 14 * ui;
        canvas.DrawRect(inner, paint);
        DrawText(canvas, caption, rect.MidX, rect.Top + 18 * ui, 14 * ui, Ink, SKTextAlign.Center, rect.Width - 10);
        DrawText(canvas, message, inner.MidX, inner.MidY, 13 * ui, Muted, SKTextAlign.Center, inner.Width - 10);
    }
}
