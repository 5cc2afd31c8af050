using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The data block of an event page, written straight to UTF-8 (no serializer, no page string): what the display script
/// reads back is the scene's own points and charges, thinned as the legend says.
/// </summary>
public sealed class EventPageDataTests
{
    private static JsonElement DataOf(byte[] page)
    {
        var html = Encoding.UTF8.GetString(page);
        const string open = "<script type=\"application/json\" id=\"event-data\">";
        int start = html.IndexOf(open, StringComparison.Ordinal) + open.Length;
        int end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        return JsonDocument.Parse(html[start..end]).RootElement.Clone();
    }

    private static float[] Floats(JsonElement e) => MemoryMarshal.Cast<byte, float>(e.GetBytesFromBase64()).ToArray();

    [Fact]
    public void Layers_decode_to_the_scene_points_and_charges()
    {
        var sheet = SyntheticTracks.Sheet(2000);
        var data = DataOf(EventDisplay.BuildPageUtf8(sheet, "electrons", 1000, "TrackE0001000_A", 25_000, Colormap.Plasma));
        var layers = data.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(["raw deposits", "drifted charge", "readout pixels"], layers.Select(l => l.GetProperty("name").GetString()));
        var raw = layers[0];
        Assert.Equal(JsonValueKind.Null, raw.GetProperty("note").ValueKind);
        var xyz = Floats(raw.GetProperty("xyz"));
        var q = Floats(raw.GetProperty("q"));
        Assert.Equal(3 * 2000, xyz.Length);
        Assert.Equal(sheet.Raw.X.ToArray(), xyz[..2000]);
        Assert.Equal(sheet.Raw.Y.ToArray(), xyz[2000..4000]);
        Assert.Equal(sheet.Raw.Z.ToArray(), xyz[4000..]);
        Assert.Equal(sheet.Raw.ChargeE.ToArray(), q);
        Assert.Equal(4, layers[2].GetProperty("size").GetSingle());
        Assert.Equal(17, data.GetProperty("colorscale").GetArrayLength());
        Assert.Equal(6, data.GetProperty("truth").GetArrayLength());   // origin, initial direction, brem, Compton, photoabsorption, pair
    }

    [Fact]
    public void A_layer_above_the_limit_is_every_kth_point_and_says_so()
    {
        var sheet = SyntheticTracks.Sheet(2000);
        var data = DataOf(EventDisplay.BuildPageUtf8(sheet, "electrons", 1000, "TrackE0001000_A", 600, Colormap.Plasma));
        var raw = data.GetProperty("layers")[0];
        Assert.Equal("(1 in 4 of 2,000 points)", raw.GetProperty("note").GetString());
        var q = Floats(raw.GetProperty("q"));
        Assert.Equal(500, q.Length);
        for (int k = 0; k < q.Length; k++) Assert.Equal(sheet.Raw.ChargeE[4 * k], q[k]);
    }
}
