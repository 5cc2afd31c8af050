using SkiaSharp;
using TrackPipeline.Classification;
using TrackPipeline.Rendering;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Breaker7 B2: the weird-pair quest picture (50 MeV T1332442354) is a three-prong crossing; the charge's two-way split
/// put one dashed "lepton" arm between two of its prongs, on no charge. A dashed arm must lie on charge: drawn only as far
/// as the charge runs along it, or not at all. Generated three-prong vertices with known prongs, framed as the run frames
/// a track the classifier calls a pair with a confident reconstructed vertex at the crossing (shipped settings).
/// </summary>
public sealed class ArmsOnChargeTests
{
    internal static readonly Vec3 VertexM = new(0.10, 0.20, 0.30);

    /// <summary>Prongs in the XY plane (seen face-on in the XY projection), at these angles (deg) from x.</summary>
    internal static Vec3[] Prongs(params double[] deg) =>
        deg.Select(a => new Vec3(Math.Cos(a * Math.PI / 180), Math.Sin(a * Math.PI / 180), 0.05).Normalized()).ToArray();

    /// <summary>Straight prongs of 30 mm from the vertex, a deposit of 25 e- every 0.1 mm.</summary>
    private static Deposits Event(Vec3[] prongs)
    {
        var points = new List<Vec3>();
        foreach (var dir in prongs)
            for (int i = 0; i < 300; i++) points.Add(VertexM + (i * 1e-4) * dir);
        return new Deposits([.. points.Select(p => p.X), .. points.Select(p => p.Y), .. points.Select(p => p.Z)], [.. points.Select(_ => 25)]);
    }

    internal static (Deposits Deposits, ChargeClusters Clusters, PictureFrame Frame) Framed(Vec3[] prongs) => FramedWith(prongs) is var (d, c, f, _) ? (d, c, f) : default;

    /// <summary>The generated prongs framed, and the evidence they were framed from (the reconstruction's fit at the crossing).</summary>
    internal static (Deposits Deposits, ChargeClusters Clusters, PictureFrame Frame, FramingEvidence Evidence) FramedWith(Vec3[] prongs)
    {
        var settings = Shipped.Topology;
        var d = Event(prongs);
        var q = new double[d.Count];
        for (int i = 0; i < q.Length; i++) q[i] = d.NumElectrons[i];
        var shape = ShapeAnalysis.Measure(new ChargeCloud(d.X, d.Y, d.Z, q), settings.RawLinkingLengthMm * 1e-3, settings.RawVertexVoxelMm * 1e-3, null, settings);
        var clusters = ChargeClusters.Of(d, settings);
        // The reconstruction's vertex at the crossing, its two "leptons" fitted along the first two prongs: confident
        // (split 0.8, opening under 90 deg), so the frame is the V at that vertex.
        var fit = new TrackPipeline.Reconstruction.PairKinematics(VertexM, 1.5, new TrackPipeline.Reconstruction.Lepton(prongs[0], 2, 1000, 0),
            new TrackPipeline.Reconstruction.Lepton(prongs[1], 2, 800, 0), Deg(prongs[0], prongs[1]), 0.8, new Vec3(1, 0, 0), 1);
        var evidence = new FramingEvidence(QuestCategory.WeirdPair, fit, shape.AtRecoVertex);
        return (d, clusters, PictureFrame.Of(d, clusters, evidence, Shipped.Images), evidence);
    }

    private static double Deg(Vec3 u, Vec3 v) => Math.Acos(Math.Clamp(u.Dot(v), -1, 1)) * 180 / Math.PI;

    /// <summary>
    /// Every arm the frame will draw (a charge run above 0) points along one of the generated prongs, and runs no farther than
    /// that prong's charge; an arm between two prongs has no run.
    /// </summary>
    [Theory]
    [InlineData(0, 60, 120)]     // three prongs 60 deg apart: a two-way split takes two of them as one "arm"
    [InlineData(0, 40, 180)]     // a track running through the vertex and a third prong leaving it at 40 deg (a crossing)
    [InlineData(-20, 20, 200)]
    public void Every_drawn_arm_lies_along_a_prong(double a, double b, double c)
    {
        var prongs = Prongs(a, b, c);
        var (_, _, frame) = Framed(prongs);
        Assert.NotNull(frame.Vertex);
        var arms = frame.Arms!.Value;
        foreach (var (dir, run) in new[] { (arms.A, arms.ChargeRunAMm), (arms.B, arms.ChargeRunBMm) })
        {
            if (run <= 0) continue;
            double off = prongs.Min(p => Deg(dir, p));
            Assert.True(off < 8, $"an arm drawn {run:0.0} mm along {dir} is {off:0.0} deg from the nearest prong (prongs at {a}, {b}, {c} deg)");
            Assert.True(run <= 30 + 2, $"an arm drawn {run:0.0} mm, farther than its 30 mm prong");
        }
    }

    /// <summary>
    /// A V of two prongs keeps both of its arms (the rule does not drop real leptons): each runs out to the frame's reach.
    /// </summary>
    [Fact]
    public void Both_arms_of_a_clean_V_are_drawn()
    {
        var prongs = Prongs(-20, 20);
        var (_, _, frame) = Framed(prongs);
        var arms = frame.Arms!.Value;
        Assert.True(frame.ArmsFollowCharge);
        // Out to the frame's reach (here the smallest V frame's, 8 mm).
        Assert.True(arms.ChargeRunAMm >= 7 && arms.ChargeRunBMm >= 7, $"runs {arms.ChargeRunAMm:0.0} and {arms.ChargeRunBMm:0.0} mm on a clean V");
        Assert.True(prongs.Min(p => Deg(arms.A, p)) < 5 && prongs.Min(p => Deg(arms.B, p)) < 5);
    }

    /// <summary>
    /// On the picture: the XY projection of the three-prong vertex (face-on) has no dark dashed-arm pixel farther than 8 px
    /// from the charge. The previous drawing (each arm 0.3 of the frame from the apex, whatever lay under it) drew one arm
    /// across the empty wedge between two prongs.
    /// </summary>
    [Theory]
    [InlineData(0, 60, 120)]
    [InlineData(0, 40, 180)]
    public void No_dashed_arm_runs_off_the_charge_in_the_picture(double a, double b, double c)
    {
        var options = Shipped.Images;
        var (d, clusters, frame) = Framed(Prongs(a, b, c));
        var x = new float[d.Count]; var y = new float[d.Count]; var z = new float[d.Count]; var q = new float[d.Count];
        for (int i = 0; i < d.Count; i++) { x[i] = (float)(1000 * d.X[i]); y[i] = (float)(1000 * d.Y[i]); z[i] = (float)(1000 * d.Z[i]); q[i] = d.NumElectrons[i]; }
        var sheet = new TrackSheet
        {
            Title = "three prongs",
            Raw = new TrackScene("raw", x, y, z, q, d.Count) { Roles = clusters.Roles, Detached = clusters.Detached },
            Frame = frame, Unit = LengthUnit.For(frame, options), OverviewFraction = options.OverviewFraction,
        };
        using var bitmap = new TrackRenderer(Colormap.Plasma, null).RenderSheet(sheet, 1200, 900);
        // The XY projection: bottom-left third, above the key strip; inside its charge's bounds (the plot's tick labels,
        // also dark, lie outside them).
        var region = ImageChecks.ChargeBounds(bitmap, new SKRectI(0, 560, 400, 868), Colormap.Plasma);
        Assert.True(Math.Max(region.Width, region.Height) > 150, $"the XY projection's charge spans only {region}");
        int off = DarkPixelsFarFromCharge(bitmap, region, 8);
        Assert.True(off == 0, $"{off} dashed-arm pixels lie more than 8 px from any charge in the XY projection (prongs at {a}, {b}, {c} deg)");
    }

    /// <summary>Dark grey pixels (the dashed arms, the +: ink over the pane) with no strongly coloured (charge) pixel within <paramref name="radius"/> px.</summary>
    private static int DarkPixelsFarFromCharge(SKBitmap bitmap, SKRectI region, int radius)
    {
        static bool Coloured(SKColor p) => Math.Max(p.Red, Math.Max(p.Green, p.Blue)) - Math.Min(p.Red, Math.Min(p.Green, p.Blue)) >= 60;
        static bool Dark(SKColor p) => Math.Max(p.Red, Math.Max(p.Green, p.Blue)) - Math.Min(p.Red, Math.Min(p.Green, p.Blue)) < 25 && p.Red + p.Green + p.Blue < 3 * 170;
        int n = 0;
        for (int py = region.Top; py < region.Bottom; py++)
            for (int px = region.Left; px < region.Right; px++)
            {
                if (!Dark(bitmap.GetPixel(px, py))) continue;
                bool near = false;
                for (int dy = -radius; dy <= radius && !near; dy++)
                    for (int dx = -radius; dx <= radius && !near; dx++)
                    {
                        int qx = px + dx, qy = py + dy;
                        if (qx < 0 || qy < 0 || qx >= bitmap.Width || qy >= bitmap.Height || dx * dx + dy * dy > radius * radius) continue;
                        near = Coloured(bitmap.GetPixel(qx, qy));
                    }
                if (!near) n++;
            }
        return n;
    }
}
