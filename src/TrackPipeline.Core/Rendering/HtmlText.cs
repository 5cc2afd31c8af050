using System.Net;
using System.Text;

namespace TrackPipeline.Rendering;

/// <summary>
/// How every page writer (the gallery, its folder pages, the event pages) puts a name into HTML: text and attribute values
/// HTML-escaped, and link targets percent-encoded segment by segment first. Track names come from the input's file names,
/// which may hold <c>"</c>, <c>&lt;</c> (breaker 17 F5: an event page's picture link let a file name add markup) or
/// <c>#</c>, <c>?</c>, <c>%</c> (F10: a browser reads them as fragment, query or escape, so the link missed its file).
/// </summary>
public static class HtmlText
{
    /// <summary>Text between tags, or a plain attribute value (<c>alt</c>).</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>
    /// A relative link (<c>href</c>, <c>src</c>) to a file written below the output: each segment percent-encoded (RFC 3986,
    /// '/' kept as the separator, <c>.</c> and <c>..</c> kept), then HTML-escaped for the attribute.
    /// </summary>
    public static string Link(string relativePath)
    {
        // Only the platform's own separator is one: on Linux a '\\' is a legal character of a file name (breaker18 item 4).
        var segments = (Path.DirectorySeparatorChar == '/' ? relativePath : relativePath.Replace(Path.DirectorySeparatorChar, '/')).Split('/');
        var link = new StringBuilder(relativePath.Length + 16);
        for (int i = 0; i < segments.Length; i++)
        {
            if (i > 0) link.Append('/');
            var s = segments[i];
            link.Append(s is "." or ".." ? s : Uri.EscapeDataString(s));
        }
        return WebUtility.HtmlEncode(link.ToString());
    }
}
