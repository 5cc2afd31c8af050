using TrackPipeline.Generation;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Generation;

/// <summary>
/// The default dataset is processed while it is generated: the generator hands tracks over in the order a walk of the
/// finished folder gives, as the same sources, and writes the same bytes as the all-at-once generation.
/// </summary>
public sealed class GenerationInWalkOrderTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-walk-order-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static GenerationRequest Request(string root, int threads) => new()
    {
        OutputRoot = root,
        // Asked for out of order: the hand-over order is the walk's (folders and names ordinal), not the request's.
        Particles = [Particle.Photon, Particle.Electron],
        EnergiesKev = [3000, 300],
        Count = 3,
        Seed = 777,
        MaxParallelism = threads,
    };

    [Fact]
    public void Tracks_come_in_walk_order_as_the_walk_would_list_them()
    {
        var root = Path.Combine(_work, "streamed");
        var handed = new List<TrackSource>();
        foreach (var file in new DatasetGenerator(GeneratorFixture.Generator).GenerateInWalkOrder(Request(root, 2)))
        {
            var folder = TrackFileWriter.Folder(root, GeneratorFixture.Generator.Settings.Material, file.Particle, file.EnergyKev);
            var npz = Path.Combine(folder, file.Name + ".npz");
            // Handed over only once written: the pipeline reads it at once.
            Assert.True(File.Exists(npz) && File.Exists(Path.Combine(folder, file.Name + ".pickle")), $"{file.Name} handed over before it was written");
            handed.Add(DatasetDiscovery.RawTrack(root, npz, Path.Combine(folder, file.Name + ".pickle")));
        }
        var walked = DatasetDiscovery.Discover(root).ToList();
        Assert.Equal(2 * 2 * 3, walked.Count);
        Assert.Equal(walked, handed);
    }

    [Fact]
    public void Streamed_generation_writes_the_same_bytes_as_generating_all_at_once()
    {
        var streamed = Path.Combine(_work, "streamed");
        var atOnce = Path.Combine(_work, "at-once");
        Assert.Equal(12, new DatasetGenerator(GeneratorFixture.Generator).GenerateInWalkOrder(Request(streamed, 2)).Count());
        new DatasetGenerator(GeneratorFixture.Generator).Generate(Request(atOnce, 1));
        var files = Directory.EnumerateFiles(atOnce, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(atOnce, f)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(12 * 2, files.Count);
        Assert.Equal(files, Directory.EnumerateFiles(streamed, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(streamed, f)).Order(StringComparer.Ordinal));
        foreach (var f in files)
            Assert.True(File.ReadAllBytes(Path.Combine(atOnce, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(streamed, f))), $"{f} differs");
    }

    [Fact]
    public void A_stopped_generation_is_resumed_without_writing_its_finished_tracks_again()
    {
        // Breaker B5: a default run killed while generating generated all of its tracks again when rerun.
        var root = Path.Combine(_work, "resumed");
        var generator = new DatasetGenerator(GeneratorFixture.Generator);
        var first = generator.GenerateInWalkOrder(Request(root, 2)).Take(5).ToList();   // stopped after five
        Assert.All(first, f => Assert.False(f.Kept));
        var written = Directory.GetFiles(root, "*.*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);
        Thread.Sleep(20);

        var again = generator.GenerateInWalkOrder(Request(root, 2)).ToList();
        Assert.Equal(12, again.Count);
        Assert.Equal(written.Count / 2, again.Count(f => f.Kept));   // every finished track kept (its .npz and .pickle)
        foreach (var (file, time) in written) Assert.Equal(time, File.GetLastWriteTimeUtc(file));
        // The folder is the one an uninterrupted generation writes, byte for byte.
        var whole = Path.Combine(_work, "whole");
        generator.GenerateInWalkOrder(Request(whole, 2)).ToList();
        foreach (var f in Directory.GetFiles(whole, "*.*", SearchOption.AllDirectories))
            Assert.Equal(File.ReadAllBytes(f), File.ReadAllBytes(Path.Combine(root, Path.GetRelativePath(whole, f))));
        Assert.Equal(Directory.GetFiles(whole, "*.*", SearchOption.AllDirectories).Length, Directory.GetFiles(root, "*.*", SearchOption.AllDirectories).Length);
    }
}
