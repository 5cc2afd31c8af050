using System.Globalization;
using TrackPipeline.Numerics;

namespace TrackPipeline.Output;

/// <summary>
/// Shard K of N: a deterministic 1/N of the tracks, chosen by a stable hash of the track name, so that
/// a SLURM job array covers every track exactly once whatever order the files are found in.
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    public static readonly ShardSpec Single = new(0, 1);

    public static bool TryParse(string? text, out ShardSpec shard, out string problem)
    {
        shard = Single;
        problem = "";
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            problem = $"shard '{text}' is not of the form K/N (e.g. 0/4)";
            return false;
        }
        if (n < 1 || k >= n)
        {
            problem = $"shard '{text}': need 0 <= K < N";
            return false;
        }
        shard = new ShardSpec(k, n);
        return true;
    }

    public bool Includes(string trackName) => Count == 1 || (int)(StableHash.Of(trackName) % (ulong)Count) == Index;

    /// <summary>File-name label, e.g. <c>0of1</c>.</summary>
    public string Label => $"{Index}of{Count}";

    public override string ToString() => $"{Index}/{Count}";
}
