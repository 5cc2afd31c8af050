using System.Diagnostics;
using System.Text.Json;

namespace TrackPipeline.Tests.Output;

/// <summary>A fact that needs node and the interop packages (installed by .ci/run into tests/interop/node_modules).</summary>
public sealed class InteropFactAttribute : FactAttribute
{
    public static string? Folder => TestData.RepoRoot is null ? null : Path.Combine(TestData.RepoRoot, "tests", "interop");

    public InteropFactAttribute()
    {
        if (TestData.SharedDataRoot is null) Skip = TestData.MissingMessage;
        else if (Folder is null || !Directory.Exists(Path.Combine(Folder, "node_modules", "@duckdb")))
            Skip = "SKIPPED (no tests/interop/node_modules): run 'npm install' in tests/interop (.ci/run does) to read the output with DuckDB and polars";
    }
}

/// <summary>The output must read as one Hive-partitioned dataset in the analysts' tools: DuckDB and polars.</summary>
public sealed class ParquetInteropTests(SampleRunFixture run) : IClassFixture<SampleRunFixture>
{
    [InteropFact]
    public async Task DuckDB_and_polars_read_the_tracks_as_one_dataset_matching_the_manifest()
    {
        run.AssertSucceeded();
        var psi = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = InteropFactAttribute.Folder! };
        psi.ArgumentList.Add("check_parquet.mjs");
        psi.ArgumentList.Add(run.Output);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        using var seen = JsonDocument.Parse(await stdout);

        using var manifest = JsonDocument.Parse(File.ReadAllText(TestData.ManifestPath!));
        var expected = manifest.RootElement.EnumerateObject()
            .GroupBy(t => (t.Value.GetProperty("particle").GetString()!, t.Value.GetProperty("energy_kev").GetInt32()))
            .ToDictionary(g => g.Key, g => (Count: g.Count(), NumE: g.Sum(t => t.Value.GetProperty("num_e_total").GetInt64())));

        var duck = seen.RootElement.GetProperty("duckdb");
        Assert.Equal(108, duck.GetProperty("tracks").GetInt32());
        var partitions = duck.GetProperty("per_partition").EnumerateArray().ToList();
        Assert.Equal(expected.Count, partitions.Count);
        foreach (var p in partitions)
        {
            var key = (p.GetProperty("particle").GetString()!, p.GetProperty("energy_kev").GetInt32());
            Assert.Equal(expected[key].Count, p.GetProperty("n").GetInt32());
            Assert.Equal(expected[key].NumE, long.Parse(p.GetProperty("num_e").GetString()!));
        }
        var columns = duck.GetProperty("columns").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("n_points", columns);
        Assert.Contains("truth_raw_vertex_prong_symmetry", columns);
        Assert.Equal(columns.Count, columns.Distinct().Count());
        Assert.True(duck.GetProperty("pixels").GetInt64() > 10_000);
        Assert.True(duck.GetProperty("quest").GetInt32() > 0);

        var polars = seen.RootElement.GetProperty("polars");
        Assert.Equal(108, polars.GetProperty("tracks").GetInt32());
        foreach (var particle in new[] { "electrons", "photons" })
            Assert.Equal(expected.Where(e => e.Key.Item1 == particle).Sum(e => e.Value.NumE),
                polars.GetProperty("num_e_by_particle").GetProperty(particle).GetInt64());
    }
}
