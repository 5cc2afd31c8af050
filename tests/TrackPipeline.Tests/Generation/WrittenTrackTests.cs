using System.Diagnostics;
using TrackPipeline.Generation;
using TrackPipeline.Tracks;
using Xunit.Abstractions;

namespace TrackPipeline.Tests.Generation;

/// <summary>Written tracks are read back by the pipeline's own reader (and by NumPy when it is installed), and seeds reproduce them exactly.</summary>
public class WrittenTrackTests(ITestOutputHelper output)
{
    private static string Generate(ulong seed, string tag)
    {
        var root = Path.Combine(Path.GetTempPath(), $"tp-gen-{tag}-{Environment.ProcessId}-{Guid.NewGuid():N}");
        new DatasetGenerator(GeneratorFixture.Generator).Generate(new GenerationRequest
        {
            OutputRoot = root,
            Particles = new[] { Particle.Electron, Particle.Photon },
            EnergiesKev = new[] { 1000, 10000 },
            Count = 2,
            Seed = seed,
            MaxParallelism = 2,
        });
        return root;
    }

    [Fact]
    public void TrackReaderReadsWhatTheGeneratorWrites()
    {
        var root = Generate(42, "read");
        try
        {
            var sources = DatasetDiscovery.Discover(root).ToList();
            Assert.Equal(8, sources.Count);
            foreach (var s in sources)
            {
                var t = TrackReader.Read(s);
                Assert.NotNull(t.Truth);
                Assert.Equal("LAr", s.Material);
                Assert.Equal(t.Truth!.NumElectrons, t.Deposits.TotalElectrons());
                Assert.Equal(s.EnergyKev, t.Truth.TrackEnergyKev);
                Assert.Equal(1.0, t.Truth.InitialDirection.Length, 9);
                if (s.Particle == "photons") Assert.Contains(t.Truth.FirstInteraction, new[] { "compton", "photo", "pair", "n/a" });
                else Assert.Equal("n/a", t.Truth.FirstInteraction);
                Assert.Matches(@"^TrackE\d{7}_D\d{8}_T\d{10}$", s.Name);
            }
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    [Fact]
    public void TheSameSeedWritesTheSameBytes()
    {
        var a = Generate(7, "a");
        var b = Generate(7, "b");
        var c = Generate(8, "c");
        try
        {
            var fa = Directory.GetFiles(a, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(a, f)).Order().ToList();
            var fb = Directory.GetFiles(b, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(b, f)).Order().ToList();
            Assert.Equal(fa, fb);
            foreach (var f in fa) Assert.True(File.ReadAllBytes(Path.Combine(a, f)).SequenceEqual(File.ReadAllBytes(Path.Combine(b, f))), $"{f} differs between two runs with seed 7");
            var fc = Directory.GetFiles(c, "*.npz", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(c, f)).Order().ToList();
            Assert.NotEqual(fa.Where(f => f.EndsWith(".npz", StringComparison.Ordinal)), fc);
        }
        finally
        {
            foreach (var d in new[] { a, b, c }) Directory.Delete(d, recursive: true);
        }
    }

    [Fact]
    public void NumPyAndPickleLoadTheWrittenTracks()
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || !RunPython(python, "import numpy", out _))
        {
            output.WriteLine("SKIPPED (no /usr/bin/python3 with numpy): the Python read-back check did not run");
            return;
        }
        var root = Generate(5, "py");
        try
        {
            var script = """
                import glob, pickle, sys, numpy as np
                n = 0
                for f in sorted(glob.glob(sys.argv[1] + '/**/*.npz', recursive=True)):
                    z = np.load(f)
                    d = pickle.load(open(f[:-4] + '.pickle', 'rb'))
                    t = d['truth']
                    assert z['r'].shape[0] == 3 and z['r'].dtype == np.float64 and z['num_e'].dtype == np.int64
                    assert int(t['num_electrons']) == int(z['num_e'].sum())
                    for k in ('brem', 'photo', 'compton', 'pair'):
                        assert t['r_' + k].shape == (3, t['energy_' + k].shape[0])
                    k = t['energy_pair'].shape[0]
                    for q in ('minus', 'plus'):
                        assert t['pair_e_' + q + '_energy'].shape == (k,)
                        assert t['pair_e_' + q + '_direction'].shape == (3, k)
                    if k:
                        s = t['pair_e_minus_energy'] + t['pair_e_plus_energy']
                        assert np.allclose(s, t['energy_pair'] - 2 * 510.99895, atol=1e-6), (s, t['energy_pair'])
                    assert d['meta']['particle_ids']['photons'] == 2
                    n += 1
                print(n)
                """;
            var path = Path.Combine(root, "check.py");
            File.WriteAllText(path, script);
            Assert.True(RunPython(python, $"{path} {root}", out var stdout, file: true), stdout);
            Assert.Equal("8", stdout.Trim());
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    private static bool RunPython(string python, string arg, out string stdout, bool file = false)
    {
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (file) foreach (var a in arg.Split(' ')) psi.ArgumentList.Add(a);
        else { psi.ArgumentList.Add("-c"); psi.ArgumentList.Add(arg); }
        using var p = Process.Start(psi)!;
        stdout = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0;
    }
}
