using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>
/// A 256-colour lookup table mapping a value in [0, 1] to a colour, as matplotlib's <c>ListedColormap</c> does:
/// index <c>min(floor(t x 256), 255)</c>, values outside [0, 1] clamped to the ends.
/// </summary>
public sealed class Colormap
{
    public const int Size = 256;

    private readonly double[] _rgb;
    private readonly uint[] _rgba;

    private Colormap(string name, double[] rgb)
    {
        if (rgb.Length != 3 * Size) throw new ArgumentException($"colormap {name}: {rgb.Length} values, expected {3 * Size}");
        Name = name;
        _rgb = rgb;
        _rgba = new uint[Size];
        for (int i = 0; i < Size; i++)
        {
            var c = ColorAt(i);
            _rgba[i] = (uint)c.Red | (uint)c.Green << 8 | (uint)c.Blue << 16 | 0xFF000000u;
        }
    }

    public static Colormap Plasma { get; } = new("plasma", ColormapData.Plasma);
    public static Colormap Viridis { get; } = new("viridis", ColormapData.Viridis);
    public static Colormap Inferno { get; } = new("inferno", ColormapData.Inferno);

    /// <summary>The names accepted by <see cref="TryGet"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["plasma", "viridis", "inferno"];

    public static bool TryGet(string? name, out Colormap colormap)
    {
        colormap = name?.ToLowerInvariant() switch
        {
            "plasma" => Plasma,
            "viridis" => Viridis,
            "inferno" => Inferno,
            _ => null!,
        };
        return colormap is not null;
    }

    public string Name { get; }

    /// <summary>The published (r, g, b) of entry <paramref name="index"/>, each in [0, 1].</summary>
    public (double R, double G, double B) Published(int index) => (_rgb[3 * index], _rgb[3 * index + 1], _rgb[3 * index + 2]);

    /// <summary>Entry <paramref name="index"/> as 8-bit colour (each channel rounded from the published value).</summary>
    public SKColor ColorAt(int index)
    {
        var (r, g, b) = Published(index);
        return new SKColor(ToByte(r), ToByte(g), ToByte(b));
    }

    /// <summary>Entry <paramref name="index"/> as little-endian RGBA8888 (R in the low byte), opaque.</summary>
    public uint RgbaAt(int index) => _rgba[index];

    /// <summary>The lookup index of a normalised value: matplotlib's rule.</summary>
    public static int IndexOf(double t)
    {
        if (!(t > 0)) return 0; // also NaN
        if (t >= 1) return Size - 1;
        return Math.Min((int)(t * Size), Size - 1);
    }

    public SKColor Map(double t) => ColorAt(IndexOf(t));

    private static byte ToByte(double v) => (byte)Math.Clamp(Math.Round(v * 255.0, MidpointRounding.AwayFromZero), 0, 255);
}
