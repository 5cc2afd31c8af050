using System.Globalization;
using System.Text;

namespace TrackPipeline.Pipeline;

/// <summary>
/// Text that came from the input (a file's name, a module name read from a pickle, a message quoting either) made safe to
/// print on one terminal line: control characters (escape sequences that clear the screen or recolour it, a newline that
/// forges a second line) and the bidirectional overrides that reorder what is shown are written as visible <c>\xHH</c> /
/// <c>\uHHHH</c> escapes. The errors table keeps the text as it was; only what reaches a terminal is escaped.
/// </summary>
public static class TerminalText
{
    public static string OneLine(string text)
    {
        int first = FirstUnprintable(text);
        if (first < 0) return text;
        var safe = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (!IsUnprintable(c)) safe.Append(c);
            else if (c <= '\u00FF') safe.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            else safe.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
        }
        return safe.ToString();
    }

    private static int FirstUnprintable(string text)
    {
        for (int i = 0; i < text.Length; i++)
            if (IsUnprintable(text[i])) return i;
        return -1;
    }

    // C0 and C1 controls, DEL, and the Unicode bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069).
    private static bool IsUnprintable(char c) =>
        c < ' ' || (c >= '\u007F' && c <= '\u009F') || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
}
