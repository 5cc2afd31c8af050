using System.Diagnostics;
using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>
/// Finds a sans-serif font without depending on Skia's font manager (the NoDependencies native build has no
/// fontconfig): asks <c>fc-match</c> for a file, then tries well-known paths, then Skia's own manager. When no
/// font is found the renderer draws the pictures without text; finding fonts never throws.
/// </summary>
public static class Fonts
{
    private static readonly Lazy<SKTypeface?> Found = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly string[] WellKnown =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/Library/Fonts/Arial.ttf",
        "C:\\Windows\\Fonts\\arial.ttf",
    ];

    /// <summary>The sans-serif typeface of this machine, or null when there is none.</summary>
    public static SKTypeface? SansSerif => Found.Value;

    private static SKTypeface? Find()
    {
        foreach (var path in Candidates())
        {
            try
            {
                if (!File.Exists(path)) continue;
                var face = SKTypeface.FromFile(path);
                if (face is not null && face.GlyphCount > 0) return face;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException) { }
        }
        try
        {
            var face = SKFontManager.Default.MatchFamily("sans-serif") ?? SKFontManager.Default.MatchFamily("DejaVu Sans");
            if (face is not null && face.GlyphCount > 0) return face;
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException) { }
        return null;
    }

    private static IEnumerable<string> Candidates()
    {
        var fc = FcMatch();
        if (fc is not null) yield return fc;
        foreach (var p in WellKnown) yield return p;
    }

    /// <summary><c>fc-match -f '%{file}' sans-serif</c>, or null when fontconfig is absent or slow.</summary>
    private static string? FcMatch()
    {
        try
        {
            var start = new ProcessStartInfo("fc-match")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add("%{file}");
            start.ArgumentList.Add("sans-serif");
            using var p = Process.Start(start);
            if (p is null) return null;
            var output = p.StandardOutput.ReadToEndAsync();
            if (!p.WaitForExit(5000)) { try { p.Kill(); } catch (InvalidOperationException) { } return null; }
            var file = output.GetAwaiter().GetResult().Trim();
            return p.ExitCode == 0 && file.Length > 0 ? file : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException or InvalidOperationException)
        {
            return null;
        }
    }
}
