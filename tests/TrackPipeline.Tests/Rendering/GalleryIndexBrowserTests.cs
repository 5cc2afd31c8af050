using System.Diagnostics;
using System.Text.RegularExpressions;
using SkiaSharp;
using TrackPipeline.Output;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>A fact that is skipped, with a clear reason, when /usr/bin/chromium is absent.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath)) Skip = $"SKIPPED (no {ChromiumPath}): install it with 'apt-get install -y chromium' to test index.html in a browser";
    }
}

public sealed partial class GalleryIndexBrowserTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tp-gallery-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>An output folder with two track pictures, a contact sheet and index.html.</summary>
    private string MakeGallery()
    {
        var renderer = TrackRenderer.Create(Colormap.Plasma);
        var rows = new List<Dictionary<string, object?>>();
        foreach (var id in new[] { "TrackE0001000_A", "TrackE0001000_B" })
        {
            using var bmp = renderer.RenderSheet(SyntheticTracks.Sheet(), 600, 450);
            var path = ImagePaths.TrackImage(_root, "electrons", 1000, id);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, TrackRenderer.EncodePng(bmp));
            rows.Add(new() { ["track_id"] = id, ["particle"] = "electrons", ["energy_kev"] = 1000, ["raw_track_length_mm"] = 4.2, ["raw_n_significant_clusters"] = 1 });
        }
        using (var sheet = renderer.RenderScene(SyntheticTracks.Helix(), "contact", 400, 330))
            File.WriteAllBytes(ImagePaths.ContactSheet(_root, "electrons", 1000), TrackRenderer.EncodePng(sheet));
        var index = ImagePaths.Index(_root);
        File.WriteAllText(index, GalleryIndex.Build(_root, rows, []));
        return index;
    }

    [Fact]
    public void Index_links_every_picture_relatively()
    {
        var html = File.ReadAllText(MakeGallery());
        Assert.Contains("src=\"images/electrons/E0001000/TrackE0001000_A.png\"", html);
        Assert.Contains("src=\"images/electrons/E0001000/contact_sheet.png\"", html);
        Assert.Contains("length 4.2 mm, 0 detached clusters", html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain(_root, html);
    }

    [ChromiumFact]
    public void Every_image_loads_in_headless_chromium()
    {
        var index = MakeGallery();
        var dom = RunChromium("--dump-dom", new Uri(index).AbsoluteUri);
        var body = BodyTag().Match(dom);
        Assert.True(body.Success, "no <body> in the dumped DOM:\n" + dom[..Math.Min(dom.Length, 2000)]);
        int loaded = int.Parse(Attribute(body.Value, "data-loaded")), failed = int.Parse(Attribute(body.Value, "data-failed"));
        Assert.Equal(0, failed);
        Assert.Equal(3, loaded);
    }

    [ChromiumFact]
    public void Screenshot_is_not_blank()
    {
        var index = MakeGallery();
        var shot = Path.Combine(_root, "shot.png");
        RunChromium($"--screenshot={shot}", new Uri(index).AbsoluteUri);
        Assert.True(File.Exists(shot), "chromium wrote no screenshot");
        using var bitmap = SKBitmap.Decode(shot);
        Assert.Equal(1280, bitmap.Width);
        Assert.True(ImageChecks.NonBackground(bitmap) > 0.02 * bitmap.Width * bitmap.Height, "the screenshot is (nearly) blank");
    }

    private string RunChromium(string mode, string url)
    {
        var profile = Path.Combine(_root, "profile-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(ChromiumFactAttribute.ChromiumPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     $"--user-data-dir={profile}", "--window-size=1280,900", mode, url })
            start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(90_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("chromium did not finish within 90 s");
        }
        Assert.True(p.ExitCode == 0, $"chromium exited with {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }

    private static string Attribute(string tag, string name) => Regex.Match(tag, name + "=\"(\\d+)\"").Groups[1].Value;

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex BodyTag();
}
