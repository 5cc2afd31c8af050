using SkiaSharp;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// breaker8 F3: the V's dashed arms were drawn under the charge, so an arm that was right (on its lepton's charge) was
/// hidden by that very charge and the key's promise "dashed: each lepton's first cm of charge" showed nothing. The arms
/// are now drawn over the charge: on a generated V whose arms lie on its prongs they cover charge pixels (873 at
/// 1200x900; drawn under the charge, as before, 0).
/// </summary>
public sealed class ArmsOverChargeTests
{
    private static readonly TrackRenderer Renderer = new(Colormap.Plasma, null);

    [Fact]
    public void Arms_that_lie_on_their_charge_are_seen_over_it()
    {
        var prongs = ArmsOnChargeTests.Prongs(-20, 20);   // a clean V of two 30 mm prongs 40 deg apart
        var (d, clusters, frame) = ArmsOnChargeTests.Framed(prongs);
        var arms = frame.Arms!.Value;
        Assert.True(arms.ChargeRunAMm > 0 && arms.ChargeRunBMm > 0, "both arms of the generated V run on charge");
        var x = new float[d.Count]; var y = new float[d.Count]; var z = new float[d.Count]; var q = new float[d.Count];
        for (int i = 0; i < d.Count; i++) { x[i] = (float)(1000 * d.X[i]); y[i] = (float)(1000 * d.Y[i]); z[i] = (float)(1000 * d.Z[i]); q[i] = d.NumElectrons[i]; }
        TrackSheet Sheet(PictureFrame f) => new()
        {
            Title = "V",
            Raw = new TrackScene("raw", x, y, z, q, d.Count) { Roles = clusters.Roles, Detached = clusters.Detached },
            Frame = f, Unit = LengthUnit.For(f, Shipped.Images),
        };
        using var withArms = Renderer.RenderSheet(Sheet(frame), 1200, 900);
        using var withoutArms = Renderer.RenderSheet(Sheet(frame with { Arms = null }), 1200, 900);

        // Pixels that show charge without the arms and no charge colour with them: the arms drawn on top of their charge.
        // (Under the charge an arm only tinted the gaps between the deposits' dots; the charge's colours stayed.)
        int onCharge = 0, changed = 0;
        for (int py = 0; py < withArms.Height; py++)
            for (int px = 0; px < withArms.Width; px++)
            {
                if (withArms.GetPixel(px, py) == withoutArms.GetPixel(px, py)) continue;
                changed++;
                var pixel = new SKRectI(px, py, px + 1, py + 1);
                if (ImageChecks.ChargePixels(withoutArms, pixel, Colormap.Plasma) == 1 && ImageChecks.ChargePixels(withArms, pixel, Colormap.Plasma) == 0) onCharge++;
            }
        Assert.True(changed > 0, "the arms are drawn");
        Assert.True(onCharge >= 200, $"only {onCharge} of the {changed} pixels the arms change cover charge: the arms are hidden under it");
    }
}
