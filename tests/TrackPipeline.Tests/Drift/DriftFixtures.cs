using TrackPipeline.Config;
using TrackPipeline.Drift;
using TrackPipeline.Readout;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Drift;

/// <summary>Settings and tracks used by the drift and readout tests, in one place.</summary>
internal static class DriftFixtures
{
    public static string ConfigDir
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "config");
                if (File.Exists(Path.Combine(candidate, "medium", "LAr.json"))) return candidate;
            }
            throw new DirectoryNotFoundException("config/medium/LAr.json not found above the test folder");
        }
    }

    public static DetectorConfig Load(string readout) => DetectorConfig.Load(ConfigDir, readout);

    /// <summary>A pixel readout whose decompression makes one-electron clumps (noise 2 e -> at most 1 e per clump).</summary>
    public static ReadoutSettings SingleElectronClumps => new()
    {
        Name = "test",
        Kind = "pixels",
        Fine = new ReadoutLevelSettings { Kind = SensorKinds.Pixels, PitchM = 0.0005, SamplingPitchM = 0.0005, NoiseE = 2, ThresholdSigma = 4 },
    };

    public static Deposits PointSource(int electrons, double x = 0, double y = 0, double z = 0) =>
        new([x, y, z], [electrons]);

    /// <summary>A random walk of deposits, deterministic.</summary>
    public static Deposits RandomTrack(int points, int seed)
    {
        var rng = new Random(seed);
        var pos = new double[3 * points];
        var n = new int[points];
        double x = 0, y = 0, z = 0;
        for (int i = 0; i < points; i++)
        {
            x += (rng.NextDouble() - 0.5) * 1e-4;
            y += (rng.NextDouble() - 0.5) * 1e-4;
            z += (rng.NextDouble() - 0.5) * 1e-4;
            pos[i] = x; pos[points + i] = y; pos[2 * points + i] = z;
            n[i] = 1 + rng.Next(60);
        }
        return new Deposits(pos, n);
    }
}
