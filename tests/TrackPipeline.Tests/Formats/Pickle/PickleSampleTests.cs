using System.Text.Json;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Pickle;

namespace TrackPipeline.Tests.Formats.Pickle;

/// <summary>Every real sample pickle in ../shared loads and agrees with manifest.json.</summary>
public class PickleSampleTests
{
    private static string[] SamplePickles() =>
        Directory.GetFiles(TestData.TracksRoot!, "*.pickle", SearchOption.AllDirectories).OrderBy(p => p, StringComparer.Ordinal).ToArray();

    [SharedDataFact]
    public void EverySamplePickle_LoadsAndMatchesManifest()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(TestData.ManifestPath!));
        var files = SamplePickles();
        Assert.NotEmpty(files);
        int brems = 0;
        foreach (var file in files)
        {
            var name = Path.GetFileNameWithoutExtension(file);
            Assert.True(manifest.RootElement.TryGetProperty(name, out var entry), $"{name} missing from manifest");

            var root = Assert.IsType<Dictionary<object, object?>>(PickleReader.LoadFile(file));
            var truth = Assert.IsType<Dictionary<object, object?>>(root["truth"]);
            var meta = Assert.IsType<Dictionary<object, object?>>(root["meta"]);
            Assert.True(meta.ContainsKey("penelope_input"), name);

            long numElectrons = Assert.IsType<long>(truth["num_electrons"]);
            Assert.Equal(entry.GetProperty("truth_num_electrons").GetInt64(), numElectrons);

            int nBrem = entry.GetProperty("n_brem").GetInt32();
            var rBrem = Assert.IsType<NdArray>(truth["r_brem"]);
            Assert.Equal(NdElementType.Float64, rBrem.ElementType);
            Assert.Equal(new[] { 3, nBrem }, rBrem.Shape);

            var eBrem = Assert.IsType<NdArray>(truth["energy_brem"]);
            Assert.Equal(new[] { nBrem }, eBrem.Shape);
            double sum = 0;
            foreach (var e in eBrem.ToDoubleArray()) sum += e;
            double expected = entry.GetProperty("brem_energy_kev").GetDouble();
            Assert.True(Math.Abs(sum - expected) <= 1e-9 * Math.Max(1, Math.Abs(expected)), $"{name}: sum(energy_brem) = {sum}, manifest {expected}");

            Assert.Equal(entry.GetProperty("first_interaction").GetString(), truth["first_interaction"]);
            Assert.Equal(entry.GetProperty("track_energy").GetDouble(), Assert.IsType<double>(truth["track_energy"]));
            var origin = Assert.IsType<NdArray>(truth["origin"]).ToDoubleArray();
            var expectedOrigin = entry.GetProperty("origin").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Assert.Equal(expectedOrigin, origin);
            brems += nBrem;
        }
        Assert.True(brems > 0, "the samples should include bremsstrahlung");
    }

    [SharedDataFact]
    public void SamplePickle_TruncatedAtEveryOffset_ThrowsTrackFormatException()
    {
        var smallest = SamplePickles().OrderBy(f => new FileInfo(f).Length).First();
        var bytes = File.ReadAllBytes(smallest);
        Assert.NotNull(PickleReader.Load(bytes, smallest));
        for (int n = 0; n < bytes.Length; n++)
        {
            var ex = Record.Exception(() => PickleReader.Load(bytes.AsSpan(0, n), smallest));
            var tfe = Assert.IsType<TrackFormatException>(ex);
            Assert.Equal(InputErrorKind.Pickle, tfe.Kind);
            Assert.Contains(smallest, tfe.Message);
        }
    }

    [SharedDataFact]
    public void SamplePickle_RandomCorruption_OnlyThrowsTrackFormatException()
    {
        var file = SamplePickles()[^1];
        var original = File.ReadAllBytes(file);
        var rng = new Random(12345);
        for (int round = 0; round < 3000; round++)
        {
            var bytes = (byte[])original.Clone();
            int flips = 1 + rng.Next(4);
            for (int i = 0; i < flips; i++) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            var ex = Record.Exception(() => PickleReader.Load(bytes, file));
            if (ex is not null) Assert.IsType<TrackFormatException>(ex);
        }
    }
}
