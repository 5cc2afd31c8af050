using System.Buffers;
using System.Runtime.InteropServices;
using SkiaSharp;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>
/// Draws tracks with SkiaSharp in matplotlib's default 3D view (<see cref="OrthographicCamera"/>): a cube box
/// with grey back panes, ticks and labels in mm, points back to front coloured by charge, a colour bar
/// "Charge (e-)", and the truth (origin, initial direction, interaction vertices) with a legend. Without a
/// typeface everything but the text is drawn. Safe to use from several threads at once (no mutable state).
/// </summary>
public sealed class TrackRenderer(Colormap colormap, SKTypeface? typeface)
{
    private static readonly SKColor Background = SKColors.White;
    private static readonly SKColor PaneFill = new(0xF0, 0xF0, 0xF0);
    private static readonly SKColor PaneEdge = new(0xB0, 0xB0, 0xB0);
    private static readonly SKColor GridLine = new(0xD8, 0xD8, 0xD8);
    private static readonly SKColor Ink = new(0x20, 0x20, 0x20);
    private static readonly SKColor Muted = new(0x55, 0x55, 0x55);
    private static readonly SKColor OriginColor = SKColors.Black;
    private static readonly SKColor DirectionColor = new(0xD6, 0x27, 0x28);
    private static readonly SKColor BremColor = new(0x17, 0xBE, 0xCF);
    private static readonly SKColor ComptonColor = new(0x2C, 0xA0, 0x2C);
    private static readonly SKColor PhotoColor = new(0xE3, 0x77, 0xC2);
    private static readonly SKColor PairColor = new(0xFF, 0x7F, 0x0E);

    public Colormap Colormap { get; } = colormap;
    public SKTypeface? Typeface { get; } = typeface;

    /// <summary>A renderer with the machine's sans-serif font (<see cref="Fonts"/>), if any.</summary>
    public static TrackRenderer Create(Colormap colormap) => new(colormap, Fonts.SansSerif);

    public static SKBitmap NewBitmap(int width, int height) =>
        new(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));

    /// <summary>
    /// PNG with the Sub filter and zlib level 3: a third of the time of Skia's default (all filters, level 6) for
    /// files about 15 % larger; encoding is a fixed cost of every picture (docs/benchmarks/rendering.md).
    /// </summary>
    private static readonly SKPngEncoderOptions PngOptions = new(SKPngEncoderFilterFlags.Sub, 3);

    public static byte[] EncodePng(SKBitmap bitmap)
    {
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(PngOptions) ?? throw new InvalidOperationException("PNG encoding failed");
        return data.ToArray();
    }

    // ---------------------------------------------------------------- whole pictures

    /// <summary>The full picture of one track: three 3D views over three projections.</summary>
    public SKBitmap RenderSheet(TrackSheet sheet, int width, int height)
    {
        var bitmap = NewBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(Background);
        float ui = Math.Min(width / 1200f, height / 900f);
        float top = DrawTitle(canvas, sheet.Title, sheet.Subtitles, width, ui);
        float rowSplit = top + (height - top) * 0.6f;
        float colW = width / 3f;
        var panels = new (TrackScene? Scene, string Missing)[]
        {
            (sheet.Raw, "no deposits"),
            (sheet.Drifted, "drift not run (--Detector:Enabled)"),
            (sheet.Readout, "readout not run"),
        };
        for (int i = 0; i < 3; i++)
        {
            var rect = new SKRect(i * colW, top, (i + 1) * colW, rowSplit);
            var scene = panels[i].Scene;
            if (scene is null || scene.Count == 0) DrawEmptyPanel(canvas, rect, scene?.Caption ?? "", panels[i].Missing, ui);
            else DrawPanel3D(bitmap, canvas, rect, scene, ChargeScale.FromValues(scene.ChargeE), ui, legend: i == 0);
        }
        var rawScale = ChargeScale.FromValues(sheet.Raw.ChargeE);
        var cube = sheet.Zoom is { } zoom ? (zoom.CentreMm.X, zoom.CentreMm.Y, zoom.CentreMm.Z, zoom.SideMm) : CubeOf(sheet.Raw);
        for (int i = 0; i < 3; i++)
        {
            var rect = new SKRect(i * colW, rowSplit, (i + 1) * colW, height);
            if (sheet.Raw.Count == 0) continue;
            DrawProjection(bitmap, canvas, rect, sheet.Raw, (Plane)i, cube, rawScale, ui, sheet.Zoom?.Label);
        }
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

    /// <summary>A 3D view with title lines above it (split at '\n', the first larger), inside <paramref name="rect"/> of a larger picture.</summary>
    public void DrawSceneWithTitle(SKBitmap bitmap, SKCanvas canvas, SKRect rect, TrackScene scene, string title, bool legend)
    {
        float ui = Math.Min(rect.Width / 400f, rect.Height / 330f);
        ui = Math.Clamp(ui, 0.55f, 2.5f);
        var lines = title.Split('\n');
        float titleH = (8 + 15 * lines.Length) * ui;
        for (int i = 0; i < lines.Length; i++)
            DrawText(canvas, lines[i], rect.MidX, rect.Top + (16 + 15 * i) * ui, (i == 0 ? 13 : 11) * ui, i == 0 ? Ink : Muted, SKTextAlign.Center, maxWidth: rect.Width - 8);
        var body = new SKRect(rect.Left, rect.Top + titleH, rect.Right, rect.Bottom);
        if (scene.Count == 0) DrawEmptyPanel(canvas, body, scene.Caption, "no charge", ui);
        else DrawPanel3D(bitmap, canvas, body, scene, ChargeScale.FromValues(scene.ChargeE), ui, legend);
    }

    // ---------------------------------------------------------------- title and text

    /// <summary>A one-line heading across the top of a composite picture.</summary>
    public void DrawHeader(SKCanvas canvas, string text, int width, float height)
    {
        float ui = Math.Clamp(height / 48f, 0.5f, 3f);
        DrawText(canvas, text, width / 2f, height * 0.62f, 20 * ui, Ink, SKTextAlign.Center, width - 20);
    }

    private float DrawTitle(SKCanvas canvas, string title, IReadOnlyList<string> subtitles, int width, float ui)
    {
        float y = 28 * ui;
        DrawText(canvas, title, width / 2f, y, 21 * ui, Ink, SKTextAlign.Center, maxWidth: width - 20);
        foreach (var s in subtitles)
        {
            y += 20 * ui;
            DrawText(canvas, s, width / 2f, y, 14 * ui, Muted, SKTextAlign.Center, maxWidth: width - 20);
        }
        return y + 12 * ui;
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

    // ---------------------------------------------------------------- 3D panel

    /// <summary>The equal-aspect cube around a scene: centre and side, mm (at least 0.05 mm, 6 % padding).</summary>
    public static (double Cx, double Cy, double Cz, double Side) CubeOf(TrackScene scene)
    {
        var b = scene.Bounds();
        double side = Math.Max(Math.Max(b.X1 - b.X0, b.Y1 - b.Y0), b.Z1 - b.Z0);
        side = Math.Max(side * 1.06 + scene.VoxelPitchMm, 0.05);
        return ((b.X0 + b.X1) / 2.0, (b.Y0 + b.Y1) / 2.0, (b.Z0 + b.Z1) / 2.0, side);
    }

    /// <summary>Maps matplotlib's projected (tx, ty) to pixels inside a panel.</summary>
    private readonly record struct Viewport(float Scale, float OffsetX, float OffsetY)
    {
        public SKPoint ToScreen(double tx, double ty) => new((float)(OffsetX + Scale * tx), (float)(OffsetY - Scale * ty));
    }

    private void DrawPanel3D(SKBitmap bitmap, SKCanvas canvas, SKRect rect, TrackScene scene, ChargeScale scale, float ui, bool legend)
    {
        var (cx, cy, cz, side) = CubeOf(scene);
        var camera = OrthographicCamera.Cube(cx, cy, cz, side);
        float captionH = 24 * ui, barH = 56 * ui;
        DrawText(canvas, scene.Caption, rect.MidX, rect.Top + 17 * ui, 14 * ui, Ink, SKTextAlign.Center, rect.Width - 10);
        var plot = new SKRect(rect.Left + 8 * ui, rect.Top + captionH, rect.Right - 8 * ui, rect.Bottom - barH);

        // Fit the projected cube, leaving room around it for tick labels and axis labels.
        double tx0 = double.MaxValue, tx1 = double.MinValue, ty0 = double.MaxValue, ty1 = double.MinValue;
        foreach (var c in Corners(camera))
        {
            var (tx, ty, _) = camera.Project(c.X, c.Y, c.Z);
            tx0 = Math.Min(tx0, tx); tx1 = Math.Max(tx1, tx); ty0 = Math.Min(ty0, ty); ty1 = Math.Max(ty1, ty);
        }
        // Wider at the sides: the z label sits left of the box's tick labels and must stay inside the panel.
        float margin = 58 * ui, marginX = 92 * ui;
        float s = (float)Math.Min((plot.Width - 2 * marginX) / (tx1 - tx0), (plot.Height - 1.0 * margin) / (ty1 - ty0));
        var view = new Viewport(s, (float)(plot.MidX - s * (tx0 + tx1) / 2), (float)(plot.MidY - 0.2 * margin + s * (ty0 + ty1) / 2));

        DrawBox(canvas, camera, view, ui);
        canvas.Flush();
        if (scene.IsVoxels)
            DrawVoxels(bitmap, canvas, rect, scene, camera, view, scale, ui);
        else
            DrawPoints(bitmap, rect, scene, camera, view, scale, ui);
        if (scene.Truth is { } truth) DrawTruth(canvas, rect, truth, camera, view, ui, legend);
        DrawColorBar(canvas, new SKRect(rect.MidX - 0.32f * rect.Width, rect.Bottom - barH + 10 * ui, rect.MidX + 0.32f * rect.Width, rect.Bottom - barH + 20 * ui), scale, ui);
    }

    private static IEnumerable<Vec3> Corners(OrthographicCamera c)
    {
        foreach (var z in new[] { c.Z0, c.Z1 })
            foreach (var y in new[] { c.Y0, c.Y1 })
                foreach (var x in new[] { c.X0, c.X1 })
                    yield return new Vec3(x, y, z);
    }

    /// <summary>Back panes with grid lines, and the three axes with ticks, tick labels and "x (mm)" labels, as matplotlib lays them out.</summary>
    private void DrawBox(SKCanvas canvas, OrthographicCamera cam, Viewport view, float ui)
    {
        // The viewer looks along -n; a pane is at the back when its outward normal points away from the eye.
        var (_, _, dx) = cam.Project(1, 0, 0); var (_, _, d0) = cam.Project(0, 0, 0);
        var (_, _, dy) = cam.Project(0, 1, 0); var (_, _, dz) = cam.Project(0, 0, 1);
        // Depth grows away from the eye: the back pane on x is at the end where depth is larger.
        double bx = dx > d0 ? cam.X1 : cam.X0, by = dy > d0 ? cam.Y1 : cam.Y0, bz = dz > d0 ? cam.Z1 : cam.Z0;
        double fx = bx == cam.X1 ? cam.X0 : cam.X1, fy = by == cam.Y1 ? cam.Y0 : cam.Y1;
        SKPoint P(double x, double y, double z) { var (tx, ty, _) = cam.Project(x, y, z); return view.ToScreen(tx, ty); }

        using var fill = new SKPaint { Color = PaneFill, IsAntialias = true, Style = SKPaintStyle.Fill };
        using var edge = new SKPaint { Color = PaneEdge, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(1, ui) };
        using var grid = new SKPaint { Color = GridLine, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(0.8f, 0.8f * ui) };
        double[] xt = AxisTicks.Ticks(cam.X0, cam.X1, 4), yt = AxisTicks.Ticks(cam.Y0, cam.Y1, 4), zt = AxisTicks.Ticks(cam.Z0, cam.Z1, 4);

        void Pane(SKPoint a, SKPoint b, SKPoint c, SKPoint d)
        {
            using var builder = new SKPathBuilder();
            builder.MoveTo(a); builder.LineTo(b); builder.LineTo(c); builder.LineTo(d); builder.Close();
            using var path = builder.Detach();
            canvas.DrawPath(path, fill);
            canvas.DrawPath(path, edge);
        }
        Pane(P(bx, cam.Y0, cam.Z0), P(bx, cam.Y1, cam.Z0), P(bx, cam.Y1, cam.Z1), P(bx, cam.Y0, cam.Z1));
        Pane(P(cam.X0, by, cam.Z0), P(cam.X1, by, cam.Z0), P(cam.X1, by, cam.Z1), P(cam.X0, by, cam.Z1));
        Pane(P(cam.X0, cam.Y0, bz), P(cam.X1, cam.Y0, bz), P(cam.X1, cam.Y1, bz), P(cam.X0, cam.Y1, bz));
        foreach (var x in xt)
        {
            canvas.DrawLine(P(x, cam.Y0, bz), P(x, cam.Y1, bz), grid);
            canvas.DrawLine(P(x, by, cam.Z0), P(x, by, cam.Z1), grid);
        }
        foreach (var y in yt)
        {
            canvas.DrawLine(P(cam.X0, y, bz), P(cam.X1, y, bz), grid);
            canvas.DrawLine(P(bx, y, cam.Z0), P(bx, y, cam.Z1), grid);
        }
        foreach (var z in zt)
        {
            canvas.DrawLine(P(cam.X0, by, z), P(cam.X1, by, z), grid);
            canvas.DrawLine(P(bx, cam.Y0, z), P(bx, cam.Y1, z), grid);
        }

        // Axes on the front edges of the floor (x, y) and on the leftmost vertical edge (z).
        var centre = P((cam.X0 + cam.X1) / 2, (cam.Y0 + cam.Y1) / 2, (cam.Z0 + cam.Z1) / 2);
        DrawAxis(canvas, xt, t => P(t, fy, bz), P((cam.X0 + cam.X1) / 2, fy, bz), centre, "x (mm)", ui);
        DrawAxis(canvas, yt, t => P(fx, t, bz), P(fx, (cam.Y0 + cam.Y1) / 2, bz), centre, "y (mm)", ui);
        double zx = cam.X0, zy = cam.Y0; float best = float.MaxValue;
        foreach (var (ex, ey) in new[] { (cam.X0, cam.Y0), (cam.X1, cam.Y0), (cam.X0, cam.Y1), (cam.X1, cam.Y1) })
        {
            float sx = P(ex, ey, cam.Z0).X;
            if (sx < best) { best = sx; zx = ex; zy = ey; }
        }
        DrawAxis(canvas, zt, t => P(zx, zy, t), P(zx, zy, (cam.Z0 + cam.Z1) / 2), centre, "z (mm)", ui);
    }

    private void DrawAxis(SKCanvas canvas, double[] ticks, Func<double, SKPoint> at, SKPoint mid, SKPoint boxCentre, string label, float ui)
    {
        using var line = new SKPaint { Color = Ink, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(1, ui) };
        if (ticks.Length == 0) return;
        // Outward: from the box centre through the middle of this edge, in screen space.
        float ox = mid.X - boxCentre.X, oy = mid.Y - boxCentre.Y;
        float len = MathF.Sqrt(ox * ox + oy * oy);
        if (len < 1e-3f) { ox = 0; oy = 1; } else { ox /= len; oy /= len; }
        double step = ticks.Length > 1 ? ticks[1] - ticks[0] : 1;
        float fontSize = 11 * ui, tick = 5 * ui, maxLabel = 0;
        foreach (var t in ticks)
        {
            var p = at(t);
            canvas.DrawLine(p.X, p.Y, p.X + ox * tick, p.Y + oy * tick, line);
            var text = AxisTicks.Format(t, step);
            float w = TextWidth(text, fontSize);
            maxLabel = Math.Max(maxLabel, w);
            float gap = tick + 4 * ui + Math.Abs(ox) * w / 2 + Math.Abs(oy) * fontSize / 2;
            DrawText(canvas, text, p.X + ox * gap, p.Y + oy * gap + fontSize * 0.35f, fontSize, Ink, SKTextAlign.Center);
        }
        float lgap = tick + 10 * ui + Math.Abs(ox) * (maxLabel + TextWidth(label, 12 * ui) / 2) + Math.Abs(oy) * (fontSize + 12 * ui);
        DrawText(canvas, label, mid.X + ox * lgap, mid.Y + oy * lgap + 4 * ui, 12 * ui, Ink, SKTextAlign.Center);
    }

    /// <summary>Point radius in px: larger for sparse tracks, so a 100 keV blob and a 120k-point track both read well.</summary>
    private static float PointRadius(int count, float ui) => ui * (count > 60_000 ? 1.0f : count > 15_000 ? 1.3f : count > 3_000 ? 1.7f : 2.3f);

    private void DrawPoints(SKBitmap bitmap, SKRect clip, TrackScene scene, OrthographicCamera camera, Viewport view, ChargeScale scale, float ui)
    {
        int n = scene.Count;
        var tx = ArrayPool<float>.Shared.Rent(n);
        var ty = ArrayPool<float>.Shared.Rent(n);
        var key = ArrayPool<float>.Shared.Rent(n);
        var order = ArrayPool<int>.Shared.Rent(n);
        try
        {
            camera.ProjectAll(scene.X, scene.Y, scene.Z, tx, ty, key);
            for (int i = 0; i < n; i++) key[i] = -key[i];   // far (large depth) first
            DepthOrder.Sort(key.AsSpan(0, n), order.AsSpan(0, n));
            Splat(bitmap, clip, scene.ChargeE, tx, ty, order.AsSpan(0, n), view, scale, PointRadius(n, ui));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tx); ArrayPool<float>.Shared.Return(ty);
            ArrayPool<float>.Shared.Return(key); ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>Splats points in the given order; (tx, ty) are camera coordinates mapped through the viewport.</summary>
    private void Splat(SKBitmap bitmap, SKRect clip, ReadOnlySpan<float> charge, float[] tx, float[] ty, ReadOnlySpan<int> order, Viewport view, ChargeScale scale, float radius)
    {
        var pixels = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        int w = bitmap.Width;
        int l = Math.Max(0, (int)clip.Left), t = Math.Max(0, (int)clip.Top);
        int r = Math.Min(w, (int)clip.Right), b = Math.Min(bitmap.Height, (int)clip.Bottom);
        const int alpha = 235;
        foreach (int i in order)
        {
            uint rgba = Colormap.RgbaAt(Colormap.IndexOf(scale.Normalize(charge[i])));
            float sx = view.OffsetX + view.Scale * tx[i], sy = view.OffsetY - view.Scale * ty[i];
            PointSplatter.Disc(pixels, w, l, t, r, b, sx, sy, radius, rgba, alpha);
        }
    }

    /// <summary>Readout voxels as small shaded cubes (three visible faces), back to front, in one DrawVertices call.</summary>
    private void DrawVoxels(SKBitmap bitmap, SKCanvas canvas, SKRect clip, TrackScene scene, OrthographicCamera camera, Viewport view, ChargeScale scale, float ui)
    {
        int n = scene.Count;
        var (ux, uy) = camera.ProjectDirection(scene.VoxelPitchMm, 0, 0);
        float pxSize = view.Scale * (float)Math.Sqrt(ux * ux + uy * uy);
        if (pxSize < 2.0f)
        {
            // Too small to show faces: draw each voxel as a disc of its projected size.
            var txs = ArrayPool<float>.Shared.Rent(n); var tys = ArrayPool<float>.Shared.Rent(n);
            var keys = ArrayPool<float>.Shared.Rent(n); var ord = ArrayPool<int>.Shared.Rent(n);
            try
            {
                camera.ProjectAll(scene.X, scene.Y, scene.Z, txs, tys, keys);
                for (int i = 0; i < n; i++) { keys[i] = -keys[i]; ord[i] = i; }
                Array.Sort(keys, ord, 0, n);
                Splat(bitmap, clip, scene.ChargeE, txs, tys, ord.AsSpan(0, n), view, scale, Math.Max(1.0f * ui, pxSize * 0.6f));
            }
            finally
            {
                ArrayPool<float>.Shared.Return(txs); ArrayPool<float>.Shared.Return(tys);
                ArrayPool<float>.Shared.Return(keys); ArrayPool<int>.Shared.Return(ord);
            }
            return;
        }

        var depth = new float[n];
        var order = new int[n];
        var tx = new float[n]; var ty = new float[n];
        camera.ProjectAll(scene.X, scene.Y, scene.Z, tx, ty, depth);
        for (int i = 0; i < n; i++) { depth[i] = -depth[i]; order[i] = i; }
        Array.Sort(depth, order);

        // Projected half-edges of a voxel and the three visible faces (their normals point towards the eye).
        double hx = scene.VoxelPitchMm / 2, hz = (scene.VoxelDepthMm > 0 ? scene.VoxelDepthMm : scene.VoxelPitchMm) / 2;
        var ex = camera.ProjectDirection(hx, 0, 0); var ey = camera.ProjectDirection(0, hx, 0); var ez = camera.ProjectDirection(0, 0, hz);
        var (_, _, d0) = camera.Project(0, 0, 0);
        float sxs = camera.Project(1, 0, 0).Depth < d0 ? 1 : -1, sys = camera.Project(0, 1, 0).Depth < d0 ? 1 : -1, szs = camera.Project(0, 0, 1).Depth < d0 ? 1 : -1;
        SKPoint V(double x, double y) => new((float)(view.Scale * x), (float)(-view.Scale * y));
        SKPoint Ex = V(ex.X, ex.Y), Ey = V(ey.X, ey.Y), Ez = V(ez.X, ez.Y);
        // Face centred at c + s*E_a, spanned by the other two half-edges.
        (SKPoint Normal, SKPoint A, SKPoint B, float Shade)[] faces =
        [
            (Mul(Ez, szs), Ex, Ey, 1.0f),
            (Mul(Ex, sxs), Ey, Ez, 0.80f),
            (Mul(Ey, sys), Ex, Ez, 0.64f),
        ];
        var verts = new SKPoint[n * 18];
        var colors = new SKColor[n * 18];
        int k = 0;
        foreach (int i in order)
        {
            var c = view.ToScreen(tx[i], ty[i]);
            var baseColor = Colormap.Map(scale.Normalize(scene.ChargeE[i]));
            foreach (var (normal, a, b, shade) in faces)
            {
                var fc = new SKPoint(c.X + normal.X, c.Y + normal.Y);
                var p0 = new SKPoint(fc.X - a.X - b.X, fc.Y - a.Y - b.Y);
                var p1 = new SKPoint(fc.X + a.X - b.X, fc.Y + a.Y - b.Y);
                var p2 = new SKPoint(fc.X + a.X + b.X, fc.Y + a.Y + b.Y);
                var p3 = new SKPoint(fc.X - a.X + b.X, fc.Y - a.Y + b.Y);
                var col = new SKColor((byte)(baseColor.Red * shade), (byte)(baseColor.Green * shade), (byte)(baseColor.Blue * shade));
                verts[k] = p0; verts[k + 1] = p1; verts[k + 2] = p2;
                verts[k + 3] = p0; verts[k + 4] = p2; verts[k + 5] = p3;
                for (int j = 0; j < 6; j++) colors[k + j] = col;
                k += 6;
            }
        }
        canvas.Save();
        canvas.ClipRect(clip);
        using var paint = new SKPaint { IsAntialias = true, Color = SKColors.White };
        canvas.DrawVertices(SKVertexMode.Triangles, verts, null, colors, paint);
        canvas.Restore();
    }

    private static SKPoint Mul(SKPoint p, float s) => new(p.X * s, p.Y * s);

    // ---------------------------------------------------------------- truth

    private void DrawTruth(SKCanvas canvas, SKRect clip, TruthMarkers truth, OrthographicCamera cam, Viewport view, float ui, bool legend)
    {
        SKPoint P(Vec3 v) { var (tx, ty, _) = cam.Project(v.X, v.Y, v.Z); return view.ToScreen(tx, ty); }
        canvas.Save();
        canvas.ClipRect(clip);
        DrawMarkers(canvas, truth, P, ui);
        if (truth.Direction.Length > 0)
        {
            double len = 0.3 * (cam.X1 - cam.X0);
            DrawArrow(canvas, P(truth.OriginMm), P(truth.OriginMm + len * truth.Direction), ui);
        }
        canvas.Restore();
        if (legend) DrawLegend(canvas, new SKPoint(clip.Left + 10 * ui, clip.Top + 36 * ui), truth, ui);
    }

    private static void DrawMarkers(SKCanvas canvas, TruthMarkers truth, Func<Vec3, SKPoint> at, float ui)
    {
        foreach (var p in truth.BremMm) Marker(canvas, at(p), MarkerShape.Diamond, BremColor, ui);
        foreach (var p in truth.ComptonMm) Marker(canvas, at(p), MarkerShape.Triangle, ComptonColor, ui);
        foreach (var p in truth.PhotoMm) Marker(canvas, at(p), MarkerShape.Square, PhotoColor, ui);
        foreach (var p in truth.PairMm) Marker(canvas, at(p), MarkerShape.Cross, PairColor, ui);
        Marker(canvas, at(truth.OriginMm), MarkerShape.Ring, OriginColor, ui);
    }

    private enum MarkerShape { Ring, Diamond, Triangle, Square, Cross, Arrow }

    private static void Marker(SKCanvas canvas, SKPoint p, MarkerShape shape, SKColor color, float ui)
    {
        float r = 5.5f * ui;
        using var stroke = new SKPaint { Color = color, IsAntialias = true, IsStroke = true, StrokeWidth = 1.8f * ui };
        using var halo = new SKPaint { Color = SKColors.White.WithAlpha(200), IsAntialias = true, IsStroke = true, StrokeWidth = 3.8f * ui };
        using var builder = new SKPathBuilder();
        switch (shape)
        {
            case MarkerShape.Ring: builder.AddCircle(p.X, p.Y, r * 1.1f); break;
            case MarkerShape.Diamond: builder.MoveTo(p.X, p.Y - r); builder.LineTo(p.X + r, p.Y); builder.LineTo(p.X, p.Y + r); builder.LineTo(p.X - r, p.Y); builder.Close(); break;
            case MarkerShape.Triangle: builder.MoveTo(p.X, p.Y - r); builder.LineTo(p.X + r, p.Y + 0.8f * r); builder.LineTo(p.X - r, p.Y + 0.8f * r); builder.Close(); break;
            case MarkerShape.Square: builder.AddRect(new SKRect(p.X - 0.8f * r, p.Y - 0.8f * r, p.X + 0.8f * r, p.Y + 0.8f * r)); break;
            case MarkerShape.Cross:
                builder.MoveTo(p.X - r, p.Y - r); builder.LineTo(p.X + r, p.Y + r);
                builder.MoveTo(p.X - r, p.Y + r); builder.LineTo(p.X + r, p.Y - r);
                break;
            case MarkerShape.Arrow:
                builder.MoveTo(p.X - r, p.Y); builder.LineTo(p.X + r, p.Y);
                builder.MoveTo(p.X + 0.3f * r, p.Y - 0.6f * r); builder.LineTo(p.X + r, p.Y); builder.LineTo(p.X + 0.3f * r, p.Y + 0.6f * r);
                break;
        }
        using var path = builder.Detach();
        canvas.DrawPath(path, halo);
        canvas.DrawPath(path, stroke);
    }

    private static void DrawArrow(SKCanvas canvas, SKPoint from, SKPoint to, float ui)
    {
        float dx = to.X - from.X, dy = to.Y - from.Y, len = MathF.Sqrt(dx * dx + dy * dy);
        if (len < 1) return;
        dx /= len; dy /= len;
        float head = 9 * ui;
        using var halo = new SKPaint { Color = SKColors.White.WithAlpha(200), IsAntialias = true, IsStroke = true, StrokeWidth = 4.5f * ui, StrokeCap = SKStrokeCap.Round };
        using var paint = new SKPaint { Color = DirectionColor, IsAntialias = true, IsStroke = true, StrokeWidth = 2.2f * ui, StrokeCap = SKStrokeCap.Round };
        using var builder = new SKPathBuilder();
        builder.MoveTo(from); builder.LineTo(to);
        builder.MoveTo(to.X - head * dx + 0.5f * head * dy, to.Y - head * dy - 0.5f * head * dx);
        builder.LineTo(to);
        builder.LineTo(to.X - head * dx - 0.5f * head * dy, to.Y - head * dy + 0.5f * head * dx);
        using var path = builder.Detach();
        canvas.DrawPath(path, halo);
        canvas.DrawPath(path, paint);
    }

    private void DrawLegend(SKCanvas canvas, SKPoint at, TruthMarkers truth, float ui)
    {
        var entries = new List<(MarkerShape Shape, SKColor Color, string Label)>
        {
            (MarkerShape.Ring, OriginColor, "origin"),
            (MarkerShape.Arrow, DirectionColor, "initial direction"),
        };
        if (truth.BremMm.Length > 0) entries.Add((MarkerShape.Diamond, BremColor, $"brem ({truth.BremMm.Length})"));
        if (truth.ComptonMm.Length > 0) entries.Add((MarkerShape.Triangle, ComptonColor, $"Compton ({truth.ComptonMm.Length})"));
        if (truth.PhotoMm.Length > 0) entries.Add((MarkerShape.Square, PhotoColor, $"photoabsorption ({truth.PhotoMm.Length})"));
        if (truth.PairMm.Length > 0) entries.Add((MarkerShape.Cross, PairColor, $"pair ({truth.PairMm.Length})"));
        float row = 16 * ui, fs = 11 * ui;
        float width = 24 * ui + entries.Max(e => TextWidth(e.Label, fs));
        using var bg = new SKPaint { Color = SKColors.White.WithAlpha(215), IsAntialias = true };
        using var border = new SKPaint { Color = PaneEdge, IsAntialias = true, IsStroke = true, StrokeWidth = 1 };
        var box = new SKRect(at.X, at.Y, at.X + width + 8 * ui, at.Y + row * entries.Count + 6 * ui);
        canvas.DrawRoundRect(box, 3 * ui, 3 * ui, bg);
        canvas.DrawRoundRect(box, 3 * ui, 3 * ui, border);
        for (int i = 0; i < entries.Count; i++)
        {
            float y = at.Y + 3 * ui + row * (i + 0.5f);
            var (shape, color, label) = entries[i];
            if (shape == MarkerShape.Arrow)
            {
                using var p = new SKPaint { Color = color, IsAntialias = true, IsStroke = true, StrokeWidth = 2 * ui };
                canvas.DrawLine(at.X + 6 * ui, y, at.X + 18 * ui, y, p);
                canvas.DrawLine(at.X + 14 * ui, y - 3 * ui, at.X + 18 * ui, y, p);
                canvas.DrawLine(at.X + 14 * ui, y + 3 * ui, at.X + 18 * ui, y, p);
            }
            else Marker(canvas, new SKPoint(at.X + 12 * ui, y), shape, color, ui * 0.85f);
            DrawText(canvas, label, at.X + 24 * ui, y + fs * 0.35f, fs, Ink, SKTextAlign.Left);
        }
    }

    // ---------------------------------------------------------------- colour bar

    private void DrawColorBar(SKCanvas canvas, SKRect bar, ChargeScale scale, float ui)
    {
        using var paint = new SKPaint { IsAntialias = false };
        float w = bar.Width / Colormap.Size;
        for (int i = 0; i < Colormap.Size; i++)
        {
            paint.Color = Colormap.ColorAt(i);
            canvas.DrawRect(bar.Left + i * w, bar.Top, w + 0.6f, bar.Height, paint);
        }
        using var frame = new SKPaint { Color = Ink, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(0.8f, 0.8f * ui) };
        canvas.DrawRect(bar, frame);
        float fs = 10.5f * ui;
        foreach (var (value, label) in scale.Ticks())
        {
            float x = bar.Left + bar.Width * Math.Clamp(scale.Normalize((float)value), 0, 1);
            canvas.DrawLine(x, bar.Bottom, x, bar.Bottom + 4 * ui, frame);
            DrawText(canvas, label, x, bar.Bottom + 5 * ui + fs, fs, Ink, SKTextAlign.Center);
        }
        DrawText(canvas, scale.Log ? "Charge (e-), log scale" : "Charge (e-)", bar.MidX, bar.Bottom + 10 * ui + 2 * fs, 12 * ui, Ink, SKTextAlign.Center);
    }

    // ---------------------------------------------------------------- projections

    public enum Plane { XY, XZ, YZ }

    private void DrawProjection(SKBitmap bitmap, SKCanvas canvas, SKRect rect, TrackScene scene, Plane plane, (double Cx, double Cy, double Cz, double Side) cube, ChargeScale scale, float ui, string? zoomLabel = null)
    {
        string title = (plane switch { Plane.XY => "XY projection (raw)", Plane.XZ => "XZ projection (raw)", _ => "YZ projection (raw)" })
            + (zoomLabel is null ? "" : ", " + zoomLabel);
        DrawText(canvas, title, rect.MidX, rect.Top + 16 * ui, 13 * ui, Ink, SKTextAlign.Center);
        float left = 58 * ui, bottom = 44 * ui, topPad = 24 * ui;
        float size = Math.Min(rect.Width - left - 16 * ui, rect.Height - bottom - topPad);
        var plot = new SKRect(rect.Left + left + (rect.Width - left - 16 * ui - size) / 2, rect.Top + topPad, 0, rect.Top + topPad + size);
        plot.Right = plot.Left + size;
        double h = cube.Side / 2;
        (double c0, double c1, string la, string lb) = plane switch
        {
            Plane.XY => (cube.Cx, cube.Cy, "x (mm)", "y (mm)"),
            Plane.XZ => (cube.Cx, cube.Cz, "x (mm)", "z (mm)"),
            _ => (cube.Cy, cube.Cz, "y (mm)", "z (mm)"),
        };
        double a0 = c0 - h, b0 = c1 - h;
        float k = (float)(size / cube.Side);
        using var frame = new SKPaint { Color = Ink, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(1, ui) };
        using var grid = new SKPaint { Color = GridLine, IsAntialias = true, IsStroke = true, StrokeWidth = Math.Max(0.8f, 0.8f * ui) };
        using var fill = new SKPaint { Color = new SKColor(0xFA, 0xFA, 0xFA) };
        canvas.DrawRect(plot, fill);
        double[] at = AxisTicks.Ticks(a0, a0 + cube.Side, 4), bt = AxisTicks.Ticks(b0, b0 + cube.Side, 4);
        double astep = at.Length > 1 ? at[1] - at[0] : 1, bstep = bt.Length > 1 ? bt[1] - bt[0] : 1;
        float fs = 11 * ui, maxW = 0;
        foreach (var v in at)
        {
            float x = plot.Left + (float)(v - a0) * k;
            canvas.DrawLine(x, plot.Top, x, plot.Bottom, grid);
            canvas.DrawLine(x, plot.Bottom, x, plot.Bottom + 4 * ui, frame);
            DrawText(canvas, AxisTicks.Format(v, astep), x, plot.Bottom + 6 * ui + fs, fs, Ink, SKTextAlign.Center);
        }
        foreach (var v in bt)
        {
            float y = plot.Bottom - (float)(v - b0) * k;
            canvas.DrawLine(plot.Left, y, plot.Right, y, grid);
            canvas.DrawLine(plot.Left - 4 * ui, y, plot.Left, y, frame);
            var text = AxisTicks.Format(v, bstep);
            maxW = Math.Max(maxW, TextWidth(text, fs));
            DrawText(canvas, text, plot.Left - 6 * ui, y + fs * 0.35f, fs, Ink, SKTextAlign.Right);
        }
        DrawText(canvas, la, plot.MidX, plot.Bottom + 12 * ui + 2 * fs, 12 * ui, Ink, SKTextAlign.Center);
        if (Typeface is not null)
        {
            canvas.Save();
            canvas.Translate(plot.Left - 10 * ui - maxW - 6 * ui, plot.MidY);
            canvas.RotateDegrees(-90);
            DrawText(canvas, lb, 0, 0, 12 * ui, Ink, SKTextAlign.Center);
            canvas.Restore();
        }
        canvas.Flush();

        // Points: horizontal a, vertical b; drawn far to near along the hidden axis (viewer on +z, -y, +x).
        int n = scene.Count;
        var tx = ArrayPool<float>.Shared.Rent(n);
        var ty = ArrayPool<float>.Shared.Rent(n);
        var key = ArrayPool<float>.Shared.Rent(n);
        var order = ArrayPool<int>.Shared.Rent(n);
        try
        {
            ReadOnlySpan<float> a = plane == Plane.YZ ? scene.Y : scene.X;
            ReadOnlySpan<float> b = plane == Plane.XY ? scene.Y : scene.Z;
            ReadOnlySpan<float> hidden = plane switch { Plane.XY => scene.Z, Plane.XZ => scene.Y, _ => scene.X };
            float sign = plane == Plane.XZ ? -1 : 1;
            for (int i = 0; i < n; i++)
            {
                tx[i] = (float)(a[i] - a0);
                ty[i] = (float)(b[i] - b0);
                key[i] = sign * hidden[i];
            }
            DepthOrder.Sort(key.AsSpan(0, n), order.AsSpan(0, n));
            var view = new Viewport(k, plot.Left, plot.Bottom);
            Splat(bitmap, plot, scene.ChargeE, tx, ty, order.AsSpan(0, n), view, scale, PointRadius(n, ui) * 0.9f);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(tx); ArrayPool<float>.Shared.Return(ty);
            ArrayPool<float>.Shared.Return(key); ArrayPool<int>.Shared.Return(order);
        }
        if (scene.Truth is { } truth)
        {
            SKPoint P(Vec3 v)
            {
                double pa = plane == Plane.YZ ? v.Y : v.X, pb = plane == Plane.XY ? v.Y : v.Z;
                return new SKPoint(plot.Left + (float)(pa - a0) * k, plot.Bottom - (float)(pb - b0) * k);
            }
            canvas.Save();
            canvas.ClipRect(plot);
            DrawMarkers(canvas, truth, P, ui * 0.85f);
            if (truth.Direction.Length > 0) DrawArrow(canvas, P(truth.OriginMm), P(truth.OriginMm + 0.3 * cube.Side * truth.Direction), ui * 0.85f);
            canvas.Restore();
        }
        canvas.DrawRect(plot, frame);
    }
}
