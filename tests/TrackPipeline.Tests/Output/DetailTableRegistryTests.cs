using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;

namespace TrackPipeline.Tests.Output;

/// <summary>
/// The detail tables are registered once (<see cref="OutputLayout.DetailTables"/>): resume cleans exactly those, and the
/// writer refuses a table that is not registered (issue 14 item 5: a new detail table's orphans survived resume).
/// </summary>
public sealed class DetailTableRegistryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("tp-detail-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Touch(params string[] parts)
    {
        var path = Path.Combine([_root, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "");
        return path;
    }

    [Fact]
    public async Task Resume_removes_the_orphans_of_every_registered_detail_table_and_nothing_outside_them()
    {
        var layout = new DatasetLayout(_root, ShardSpec.Single);
        var committedTrack = Touch(OutputLayout.Tracks, "particle=x", "energy_kev=1", layout.FileName(0));
        var orphans = OutputLayout.DetailTables.Select(t => Touch(t, "particle=x", "energy_kev=1", layout.FileName(1))).ToList();
        var kept = OutputLayout.DetailTables.Select(t => Touch(t, "particle=x", "energy_kev=1", layout.FileName(0))).ToList();
        // Part-named files in folders that are not detail tables are none of resume's business.
        var notDetail = Touch(OutputLayout.Images, "particle=x", "energy_kev=1", layout.FileName(1));
        var notDetail2 = Touch("my_notes", layout.FileName(7));

        using (var lease = await ShardLease.AcquireAsync(_root, ShardSpec.Single, wait: false, CancellationToken.None))
            Assert.Equal(1, layout.PrepareForResume(lease));

        Assert.NotEmpty(orphans);
        Assert.All(orphans, o => Assert.False(File.Exists(o), $"orphan {o} survived resume"));
        Assert.All(kept, k => Assert.True(File.Exists(k), $"{k} belongs to a committed track file"));
        Assert.True(File.Exists(committedTrack));
        Assert.True(File.Exists(notDetail));
        Assert.True(File.Exists(notDetail2));
    }

    private sealed class UnregisteredTable : IDetailTable
    {
        public string Folder => "hits";
        public IDetailBatch CreateBatch() => throw new NotSupportedException();
    }

    [Fact]
    public void The_writer_refuses_a_detail_table_that_is_not_registered()
    {
        var e = Assert.Throws<ArgumentException>(() => new DatasetWriter(new DatasetLayout(_root, ShardSpec.Single), new TableSchema<TrackItem>(),
            [new UnregisteredTable()], new WriterSettings(10, 10), 0, new Dictionary<string, string>()));
        Assert.Contains("'hits'", e.Message);
        Assert.Contains(nameof(OutputLayout.DetailTables), e.Message);
    }

    [Fact]
    public void There_is_one_AtomicFile()
    {
        var types = typeof(AtomicFile).Assembly.GetTypes().Where(t => t.Name == nameof(AtomicFile)).ToList();
        Assert.Equal([typeof(AtomicFile)], types);
    }

    [Fact]
    public void The_format_writers_write_through_AtomicFile_with_its_owner_in_the_temporary_name()
    {
        // A write that fails half-way leaves neither the target nor a temporary file (AtomicFile deletes it).
        var path = Path.Combine(_root, "a.npz");
        Assert.ThrowsAny<ArgumentException>(() => AtomicFile.Write(path, s => NpzWriter.Write(s,
            [new("x", new NdArray(NdElementType.Int32, [1], new[] { 1 })), new("x", new NdArray(NdElementType.Int32, [1], new[] { 2 }))])));
        Assert.Empty(Directory.GetFiles(_root));
    }
}
