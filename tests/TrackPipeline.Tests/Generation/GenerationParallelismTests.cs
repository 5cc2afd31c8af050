using TrackPipeline.Generation;

namespace TrackPipeline.Tests.Generation;

/// <summary>The generator runs tracks in parallel, each seeded from the run seed and its own name: the files cannot depend on the thread count.</summary>
public sealed class GenerationParallelismTests
{
    [Fact]
    public void One_thread_and_two_write_the_same_bytes()
    {
        var one = Generate(1);
        var two = Generate(2);
        try
        {
            var files = Directory.EnumerateFiles(one, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(one, f)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(8 * 2, files.Count);   // 2 particles x 2 energies x 2 tracks, .npz + .pickle
            Assert.Equal(files, Directory.EnumerateFiles(two, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(two, f)).Order(StringComparer.Ordinal));
            foreach (var f in files)
                Assert.True(File.ReadAllBytes(Path.Combine(one, f)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(two, f))), $"{f} differs between 1 and 2 threads");
        }
        finally
        {
            Directory.Delete(one, recursive: true);
            Directory.Delete(two, recursive: true);
        }
    }

    private static string Generate(int threads)
    {
        var root = Path.Combine(Path.GetTempPath(), $"tp-genpar-{threads}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        new DatasetGenerator(GeneratorFixture.Generator).Generate(new GenerationRequest
        {
            OutputRoot = root,
            Particles = [Particle.Electron, Particle.Photon],
            EnergiesKev = [300, 3000],
            Count = 2,
            Seed = 777,
            MaxParallelism = threads,
        });
        return root;
    }
}
