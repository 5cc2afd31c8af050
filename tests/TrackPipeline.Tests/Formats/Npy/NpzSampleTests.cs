using System.Text.Json;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;

namespace TrackPipeline.Tests.Formats.Npy;

/// <summary>Every sample file read and checked against the manifest.</summary>
public class NpzSampleTests
{
    internal static string[] SampleFiles() =>
        Directory.GetFiles(Path.Combine(TestData.SharedDataRoot!, "Tracks"), "*.npz", SearchOption.AllDirectories)
            .OrderBy(p => p, StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Every sample .npz checked exactly against manifest.json. r_sum is compared bit for bit: the samples
    /// store r in Fortran order, so NumPy's r.sum(axis=1) walks each axis left to right (the reduction's inner
    /// loop runs over the contiguous axis 0, not a pairwise sum along a row), and a plain sequential sum in
    /// point order reproduces it exactly.
    /// </summary>
    [SharedDataFact]
    public void EverySampleMatchesManifestExactly()
    {
        var root = TestData.SharedDataRoot!;
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "manifest.json")));
        var files = SampleFiles();
        Assert.Equal(108, files.Length);
        var failures = new List<string>();
        foreach (var file in files)
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            Assert.True(manifest.RootElement.TryGetProperty(stem, out var m), $"{stem} missing from manifest");
            var arrays = NpzReader.ReadAll(file);
            var r = arrays["r"];
            var numE = arrays["num_e"];
            Assert.Equal(NdElementType.Float64, r.ElementType);
            Assert.Equal(NdElementType.Int64, numE.ElementType);
            int n = m.GetProperty("n_points").GetInt32();
            Assert.Equal(new[] { 3, n }, r.Shape);
            Assert.Equal(new[] { n }, numE.Shape);

            long total = 0;
            foreach (var e in (long[])numE.Data) total += e;
            if (total != m.GetProperty("num_e_total").GetInt64()) failures.Add($"{stem}: num_e_total {total}");

            var d = (double[])r.Data;
            for (int axis = 0; axis < 3; axis++)
            {
                var row = d.AsSpan(axis * n, n);
                double sum = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
                foreach (var x in row)
                {
                    sum += x;
                    if (x < min) min = x;
                    if (x > max) max = x;
                }
                double eSum = m.GetProperty("r_sum")[axis].GetDouble();
                double eMin = m.GetProperty("r_min")[axis].GetDouble();
                double eMax = m.GetProperty("r_max")[axis].GetDouble();
                if (min != eMin) failures.Add($"{stem}: r_min[{axis}] {min:R} != {eMin:R}");
                if (max != eMax) failures.Add($"{stem}: r_max[{axis}] {max:R} != {eMax:R}");
                if (Math.Abs(sum - eSum) > 1e-9 * Math.Abs(eSum)) failures.Add($"{stem}: r_sum[{axis}] {sum:R} != {eSum:R} beyond 1e-9");
                else if (sum != eSum) failures.Add($"{stem}: r_sum[{axis}] {sum:R} != {eSum:R} (within 1e-9 but not exact)");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [SharedDataFact]
    public void StreamOverloadMatchesPathOverload()
    {
        var file = SampleFiles()[0];
        var a = NpzReader.ReadAll(file);
        using var fs = File.OpenRead(file);
        var b = NpzReader.ReadAll(fs, file);
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var k in a.Keys) NpyTestUtil.AssertEqual(a[k], b[k]);

        // A non-seekable stream is buffered first.
        using var ns = new NonSeekableStream(File.ReadAllBytes(file));
        var c = NpzReader.ReadAll(ns, file);
        foreach (var k in a.Keys) NpyTestUtil.AssertEqual(a[k], c[k]);
    }

    [SharedDataFact]
    public void SampleRewrittenByWriterReadsBackEqual()
    {
        var file = SampleFiles()[^1];
        var a = NpzReader.ReadAll(file);
        foreach (var compress in new[] { false, true })
        {
            using var ms = new MemoryStream();
            NpzWriter.Write(ms, a, new NpzWriteOptions { Compress = compress });
            ms.Position = 0;
            var b = NpzReader.ReadAll(ms, "rewritten.npz");
            foreach (var k in a.Keys) NpyTestUtil.AssertEqual(a[k], b[k]);
        }
    }
}

internal sealed class NonSeekableStream(byte[] data) : MemoryStream(data, writable: false)
{
    public override bool CanSeek => false;
    public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    public override long Length => throw new NotSupportedException();
}
