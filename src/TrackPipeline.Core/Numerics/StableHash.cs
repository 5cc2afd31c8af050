using System.Text;

namespace TrackPipeline.Numerics;

/// <summary>A hash of a string that is the same on every machine and every run (FNV-1a, 64 bit, over UTF-8).</summary>
public static class StableHash
{
    public static ulong Of(string text)
    {
        const ulong offset = 14695981039346656037UL;
        const ulong prime = 1099511628211UL;
        ulong h = offset;
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            h ^= b;
            h *= prime;
        }
        return h;
    }
}
