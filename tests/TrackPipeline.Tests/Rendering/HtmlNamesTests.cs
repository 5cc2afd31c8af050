using System.Net;
using System.Text.RegularExpressions;
using TrackPipeline.App;
using TrackPipeline.Rendering;
using TrackPipeline.Tests.Hosting;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// Breaker 17 F5 and F10: track names come from the input's file names. An event page's picture link put a name with
/// <c>"&gt;&lt;img ... onerror=...&gt;</c> into the page as markup, and no link was percent-encoded, so a name with
/// <c>#</c>, <c>?</c> or <c>%</c> linked a fragment, a query or another file (41 of 227 links broken). Every page of a
/// run over such names must hold no markup from a name, and every link must reach the file it names, as a browser reads it.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed partial class HtmlNamesTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-htmlnames-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static readonly string[] Names =
        ["TrackE0001000_\"><img src=x onerror=alert(1)>", "TrackE0001000_a#b", "TrackE0001000_q?x", "TrackE0001000_100%25", "TrackE0001000_sp ü"];

    [GeneratedRegex("""(?:href|src)="([^"]*)"|(?:href|src)='([^']*)'""")]
    private static partial Regex LinkAttribute();

    [Fact]
    public void A_link_is_percent_encoded_by_segment_then_escaped_for_the_attribute()
    {
        Assert.Equal("../../../images/e/E0001000/a%23b.png", HtmlText.Link("../../../images/e/E0001000/a#b.png"));
        Assert.Equal("x/%22%3E%3Cimg%20src%3Dx%3E.png", HtmlText.Link("x/\"><img src=x>.png"));
        Assert.Equal("a/100%2525%3Fq.png", HtmlText.Link("a/100%25?q.png"));
        // A '\\' is a separator only where the platform says so; on Linux it is part of a name (breaker18 item 4).
        Assert.Equal(Path.DirectorySeparatorChar == '/' ? "TrackE0020000_back%5Csl.png" : "TrackE0020000_back/sl.png", HtmlText.Link(@"TrackE0020000_back\sl.png"));
        Assert.Equal("&quot;&gt;&lt;b&gt;", HtmlText.Escape("\"><b>"));
    }

    [SharedDataFact]
    public async Task Every_page_link_reaches_its_file_and_no_name_adds_markup()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_work, "in", "LAr", "electrons", "E0001000")).FullName;
        var npz = Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).First();
        foreach (var name in Names) File.Copy(npz, Path.Combine(folder, name + ".npz"));
        var output = Path.Combine(_work, "out");
        var (code, _, error) = await ConsoleCapture.RunAsync(["run", "--input", Path.Combine(_work, "in"), "--output", output, "--images", "all"]);
        Assert.True(code == ExitCodes.Success, error);

        var pages = Directory.GetFiles(output, "*.html", SearchOption.AllDirectories);
        Assert.Contains(pages, p => Path.GetFileName(p) == "index.html");
        Assert.Equal(Names.Length, pages.Count(p => p.Contains($"{Path.DirectorySeparatorChar}events{Path.DirectorySeparatorChar}", StringComparison.Ordinal)));
        int links = 0, picturesLinked = 0;
        foreach (var page in pages)
        {
            var html = File.ReadAllText(page);
            Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
            foreach (Match m in LinkAttribute().Matches(html))
            {
                // As a browser reads it: the attribute unescaped, then the path part (before ? and #) percent-decoded.
                var link = WebUtility.HtmlDecode(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
                var path = link.Split('?', '#')[0];
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(path)));
                Assert.True(File.Exists(target), $"{Path.GetRelativePath(output, page)} links '{link}', which reaches no file");
                links++;
                if (target.EndsWith(".png", StringComparison.Ordinal) && Names.Any(n => Path.GetFileNameWithoutExtension(target) == n)) picturesLinked++;
            }
        }
        // Every named track's picture is linked somewhere (gallery and event page), so the names were really put into links.
        Assert.True(picturesLinked >= Names.Length, $"{picturesLinked} links to the named pictures");
        Assert.True(links > 2 * Names.Length);
    }
}
