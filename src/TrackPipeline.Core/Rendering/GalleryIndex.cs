using System.Globalization;
using System.Text;
using TrackPipeline.Classification;

namespace TrackPipeline.Rendering;

/// <summary>
/// <c>OUT/index.html</c>: a static page linking the pictures of the output folder with relative links, grouped
/// by particle and energy, the quest exemplars on top with their key figures. No server, no external assets:
/// it opens from disk. Each energy folder shows its contact sheets and its first pictures; a folder with more
/// tracks links to its own page (<c>images/&lt;particle&gt;/E&lt;energy&gt;/index.html</c>) listing every picture,
/// loaded lazily, so that a dataset of 10^6 tracks does not make one page of 10^6 images.
/// A small inline script counts the pictures that loaded and failed into <c>data-loaded</c> / <c>data-failed</c>
/// on &lt;body&gt; (used by the headless-browser test).
/// </summary>
public static class GalleryIndex
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The index from whole rows of the tracks table (small outputs, tests).</summary>
    public static string Build(string outputRoot, IReadOnlyList<Dictionary<string, object?>> rows, IReadOnlyList<QuestCandidate> best, int tracksPerFolder = int.MaxValue) =>
        Build(outputRoot, rows.GroupBy(r => ((string)r["particle"]!, (int)r["energy_kev"]!))
            .Select(g => new GalleryFolder(g.Key.Item1, g.Key.Item2, g.Count(), g.Take(tracksPerFolder).ToList())).ToList(), best);

    /// <summary>The index from a summary of each energy folder: its track count and the rows shown on the index.</summary>
    /// <param name="candidates">All ranked quest candidates; those with a track picture are listed by category.</param>
    /// <param name="plots">The plots of the run (link below the output root, caption).</param>
    public static string Build(string outputRoot, IReadOnlyList<GalleryFolder> folders, IReadOnlyList<QuestCandidate> best, IReadOnlyList<QuestCandidate>? candidates = null,
        IReadOnlyList<(string Link, string Caption)>? plots = null)
    {
        var html = new StringBuilder();
        AppendHead(html, "TrackPipeline gallery");
        html.Append("<h1>TrackPipeline gallery</h1>\n");
        if (plots is { Count: > 0 })
        {
            html.Append("<h2>Plots of the run</h2>\n<div class=\"grid\">\n");
            foreach (var (link, caption) in plots)
                html.Append($"<figure class=\"wide\"><a href=\"{Link(link)}\"><img src=\"{Link(link)}\" alt=\"{Attr(caption)}\" loading=\"lazy\"></a><figcaption>{Text(caption)}</figcaption></figure>\n");
            html.Append("</div>\n");
        }
        AppendQuest(html, outputRoot, best);
        if (candidates is not null) AppendCandidates(html, outputRoot, candidates);
        AppendComparisons(html, outputRoot, folders.Select(f => f.EnergyKev));
        foreach (var particle in folders.GroupBy(f => f.Particle))
        {
            html.Append($"<h2>{Text(particle.Key)}</h2>\n");
            foreach (var f in particle)
            {
                var folder = $"{ImagePaths.ImagesFolder}/{f.Particle}/{ImagePaths.EnergyFolder(f.EnergyKev)}";
                html.Append($"<h3>{Text(ImagePaths.EnergyLabel(f.EnergyKev))} ({f.TrackCount} tracks)");
                if (f.TrackCount > f.Shown.Count)
                    html.Append($" - <a href=\"{Link($"{folder}/{ImagePaths.IndexFile}")}\">all {f.TrackCount} pictures</a>");
                html.Append("</h3>\n<div class=\"grid\">\n");
                for (int page = 1; File.Exists(ImagePaths.ContactSheet(outputRoot, f.Particle, f.EnergyKev, page)); page++)
                {
                    var sheet = $"{folder}/{ImagePaths.ContactSheetName(page)}";
                    html.Append($"<figure><a href=\"{Link(sheet)}\"><img src=\"{Link(sheet)}\" alt=\"contact sheet {page}\" loading=\"lazy\"></a><figcaption>contact sheet{(page > 1 ? $" {page}" : "")}</figcaption></figure>\n");
                }
                AppendTracks(html, outputRoot, f.Particle, f.EnergyKev, f.Shown, folder + "/");
                html.Append("</div>\n");
            }
        }
        AppendTail(html);
        return html.ToString();
    }

    /// <summary>The page of one energy folder: every track picture, with relative links from that folder.</summary>
    public static string BuildFolder(string outputRoot, string particle, int energyKev, IReadOnlyList<Dictionary<string, object?>> rows)
    {
        var html = new StringBuilder();
        var title = $"{ImagePaths.ParticlesLabel(particle)}, {ImagePaths.EnergyLabel(energyKev)}";
        AppendHead(html, title);
        html.Append($"<p><a href=\"{Link($"../../../{ImagePaths.IndexFile}")}\">gallery</a></p>\n<h1>{Text(title)} ({rows.Count} tracks)</h1>\n<div class=\"grid\">\n");
        AppendTracks(html, outputRoot, particle, energyKev, rows, "", "../../../");
        html.Append("</div>\n");
        AppendTail(html);
        return html.ToString();
    }

    private static void AppendQuest(StringBuilder html, string outputRoot, IReadOnlyList<QuestCandidate> best)
    {
        html.Append("<h2>Quest exemplars</h2>\n");
        if (best.Count == 0) html.Append("<p>No quest candidates in this run.</p>\n");
        foreach (var q in best)
        {
            var img = $"{ImagePaths.QuestFolder}/{q.Category}.png";
            if (!File.Exists(Path.Combine(outputRoot, ImagePaths.QuestFolder, q.Category + ".png"))) continue;
            html.Append("<div class=\"quest\">")
                .Append($"<figure class=\"wide\"><a href=\"{Link(img)}\"><img src=\"{Link(img)}\" alt=\"{Attr(q.Category)}\"></a></figure>")
                .Append("<table>")
                .Append($"<tr><th>category</th><td>{Text(q.Category.Replace('_', ' '))}</td></tr>")
                .Append($"<tr><th>score</th><td>{q.Score.ToString("0.00", C)}{(q.PassesThreshold ? "" : " (below threshold)")}</td></tr>")
                .Append($"<tr><th>track</th><td>{Text(q.TrackId)}{EventLink(outputRoot, (string)q.Track["particle"]!, Convert.ToInt32(q.Track["energy_kev"], C), PictureName.Of(q.Track), "")}</td></tr>")
                .Append($"<tr><th>particle</th><td>{Text((string)q.Track["particle"]!)}</td></tr>")
                .Append($"<tr><th>energy</th><td>{Text(ImagePaths.EnergyLabel(Convert.ToDouble(q.Track["energy_kev"], C)))}</td></tr>")
                .Append($"<tr><th>key figures</th><td>{Text(KeyFigures.Describe(q.Track))}</td></tr>")
                .Append($"<tr><th>source</th><td>{Text(q.SourcePath)}</td></tr>")
                .Append("</table></div>\n");
        }
    }

    /// <summary>The ranked candidates of each category that have a picture, best first.</summary>
    private static void AppendCandidates(StringBuilder html, string outputRoot, IReadOnlyList<QuestCandidate> candidates)
    {
        bool any = false;
        foreach (var category in candidates.GroupBy(c => c.Category))
        {
            var shown = category.Where(c => File.Exists(ImagePaths.TrackImage(outputRoot, (string)c.Track["particle"]!, Convert.ToInt32(c.Track["energy_kev"], C), PictureName.Of(c.Track)))).ToList();
            if (shown.Count == 0) continue;
            if (!any) html.Append("<h2>Quest candidates</h2>\n");
            any = true;
            html.Append($"<h3>{Text(category.Key.Replace('_', ' '))} ({shown.Count})</h3>\n<div class=\"grid\">\n");
            foreach (var c in shown)
            {
                var particle = (string)c.Track["particle"]!;
                int energy = Convert.ToInt32(c.Track["energy_kev"], C);
                var name = PictureName.Of(c.Track);
                var img = $"{ImagePaths.ImagesFolder}/{particle}/{ImagePaths.EnergyFolder(energy)}/{name}.png";
                // Ranked but under the candidate threshold: shown (the top N is a fixed number) and marked as such.
                string below = c.PassesThreshold ? "" : " class=\"below\"";
                html.Append($"<figure{below}><a href=\"{Link(img)}\"><img src=\"{Link(img)}\" alt=\"{Attr(name)}\" loading=\"lazy\"></a>")
                    .Append($"<figcaption>#{c.Rank} score {c.Score.ToString("0.00", C)}{(c.PassesThreshold ? "" : " <b>below threshold</b>")}: {Text(name)}{EventLink(outputRoot, particle, energy, name, "")}<br>{Text(ImagePaths.EnergyLabel(energy))} {Text(particle)}, {Text(KeyFigures.Describe(c.Track))}</figcaption></figure>\n");
            }
            html.Append("</div>\n");
        }
    }

    private static void AppendComparisons(StringBuilder html, string outputRoot, IEnumerable<int> energies)
    {
        var comparisons = energies.Distinct().Order()
            .Where(e => File.Exists(ImagePaths.Comparison(outputRoot, e)) || File.Exists(ImagePaths.SideBySide(outputRoot, e))).ToList();
        if (comparisons.Count == 0) return;
        html.Append("<h2>Electron vs photon</h2>\n<div class=\"grid\">\n");
        foreach (var e in comparisons)
        {
            if (File.Exists(ImagePaths.Comparison(outputRoot, e)))
            {
                var img = $"{ImagePaths.ImagesFolder}/compare_{ImagePaths.EnergyFolder(e)}.png";
                html.Append($"<figure class=\"wide\"><a href=\"{Link(img)}\"><img src=\"{Link(img)}\" alt=\"compare {e} keV\" loading=\"lazy\"></a><figcaption>{Text(ImagePaths.EnergyLabel(e))}</figcaption></figure>\n");
            }
            // The energy's electrons and photons side by side, linked (a tall sheet: one row per track).
            if (File.Exists(ImagePaths.SideBySide(outputRoot, e)))
            {
                var sheet = $"{ImagePaths.ImagesFolder}/{ImagePaths.SideBySideName(e)}";
                html.Append($"<figure><a href=\"{Link(sheet)}\">all electrons | photons, {Text(ImagePaths.EnergyLabel(e))}</a></figure>\n");
            }
        }
        html.Append("</div>\n");
    }

    /// <param name="rootPrefix">From the page to the output root ("" for index.html, "../../../" for a folder page).</param>
    private static void AppendTracks(StringBuilder html, string outputRoot, string particle, int energyKev, IEnumerable<Dictionary<string, object?>> rows, string prefix, string rootPrefix = "")
    {
        foreach (var row in rows)
        {
            var id = PictureName.Of(row);   // the picture name: the track id unless the track lies in a sub-tree of the input
            if (!File.Exists(ImagePaths.TrackImage(outputRoot, particle, energyKev, id))) continue;
            var img = $"{prefix}{id}.png";
            html.Append($"<figure><a href=\"{Link(img)}\"><img src=\"{Link(img)}\" alt=\"{Attr(id)}\" loading=\"lazy\"></a><figcaption>{Text(id)}{EventLink(outputRoot, particle, energyKev, id, rootPrefix)}<br>{Text(KeyFigures.Describe(row))}</figcaption></figure>\n");
        }
    }

    /// <summary>" - 3D" linking the track's interactive event page, when one was written.</summary>
    /// <param name="picture">The track's picture name (<see cref="PictureName"/>).</param>
    private static string EventLink(string outputRoot, string particle, int energyKev, string picture, string rootPrefix) =>
        File.Exists(EventDisplay.PagePath(outputRoot, particle, energyKev, picture))
            ? $" - <a class=\"event3d\" href=\"{Link(rootPrefix + EventDisplay.RelativeLink(particle, energyKev, picture))}\">3D</a>"
            : "";

    private static void AppendHead(StringBuilder html, string title)
    {
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8">
            <title>{Text(title)}</title>
            <style>
            body{"{"}font-family:sans-serif;margin:1.5em;color:#222;background:#fff{"}"}
            h1{"{"}font-size:1.5em{"}"} h2{"{"}font-size:1.25em;border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em{"}"} h3{"{"}font-size:1.05em;margin:1.2em 0 .4em{"}"}
            .grid{"{"}display:flex;flex-wrap:wrap;gap:12px{"}"}
            figure{"{"}margin:0;width:300px{"}"} figure img{"{"}width:300px;border:1px solid #ddd{"}"}
            figure.wide{"{"}width:620px{"}"} figure.wide img{"{"}width:620px{"}"}
            figcaption{"{"}font-size:.8em;color:#444;overflow-wrap:break-word{"}"}
            figure.below img{"{"}opacity:.55;border:2px dashed #c33{"}"} figure.below b{"{"}color:#c33{"}"}
            table{"{"}border-collapse:collapse;font-size:.85em{"}"} td,th{"{"}padding:2px 8px;text-align:left;border-bottom:1px solid #eee{"}"}
            .quest{"{"}display:flex;gap:16px;align-items:flex-start;margin-bottom:1em{"}"}
            </style></head>
            <body data-loaded="0" data-failed="0" data-total="0">

            """);
    }

    private static void AppendTail(StringBuilder html) => html.Append("""
        <script>
        window.addEventListener('load', function () {
          // Lazy pictures not yet scrolled into view are pending, not failed.
          var imgs = document.images, ok = 0, bad = 0, pending = 0;
          for (var i = 0; i < imgs.length; i++) {
            if (!imgs[i].complete) pending++; else if (imgs[i].naturalWidth > 0) ok++; else bad++;
          }
          document.body.setAttribute('data-loaded', ok);
          document.body.setAttribute('data-failed', bad);
          document.body.setAttribute('data-pending', pending);
          document.body.setAttribute('data-total', imgs.length);
        });
        </script>
        </body></html>

        """);

    private static string Text(string s) => HtmlText.Escape(s);
    private static string Attr(string s) => HtmlText.Escape(s);
    private static string Link(string relativePath) => HtmlText.Link(relativePath);
}

/// <summary>One energy folder on the index: how many tracks it has and the rows whose pictures are shown.</summary>
public sealed record GalleryFolder(string Particle, int EnergyKev, int TrackCount, IReadOnlyList<Dictionary<string, object?>> Shown);
