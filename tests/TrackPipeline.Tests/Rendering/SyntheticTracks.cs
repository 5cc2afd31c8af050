using TrackPipeline.Rendering;
using TrackPipeline.Tracks;

namespace TrackPipeline.Tests.Rendering;

/// <summary>Small synthetic scenes for the rendering tests: a curling electron-like track with truth markers.</summary>
public static class SyntheticTracks
{
    public static TrackScene Helix(int n = 2000, bool truth = true)
    {
        var x = new float[n]; var y = new float[n]; var z = new float[n]; var q = new float[n];
        for (int i = 0; i < n; i++)
        {
            float t = i / (float)n;
            x[i] = 20 * MathF.Cos(6 * t) + 10 * t;
            y[i] = 20 * MathF.Sin(6 * t);
            z[i] = 40 * t - 20;
            q[i] = 1 + 99 * t * t;   // Bragg-like rise towards the end
        }
        return new TrackScene("synthetic helix", x, y, z, q, n)
        {
            Truth = truth ? new TruthMarkers
            {
                OriginMm = new Vec3(x[0], y[0], z[0]),
                Direction = new Vec3(0, 1, 0.3).Normalized(),
                BremMm = [new Vec3(5, 5, 0)],
                ComptonMm = [new Vec3(-10, 10, 10)],
                PhotoMm = [new Vec3(15, -15, 5)],
                PairMm = [new Vec3(0, -10, -10)],
            } : null,
        };
    }

    public static TrackSheet Sheet(int n = 2000) => new()
    {
        Title = "electron, 1 MeV  -  synthetic",
        Subtitles = ["stages: raw | drifted | readout"],
        Raw = Helix(n),
        Drifted = Helix(n, truth: false),
        Readout = Voxels(),
    };

    public static TrackScene Voxels()
    {
        var list = new List<(float, float, float, float)>();
        for (int i = 0; i < 60; i++)
            list.Add((MathF.Round(i * 0.5f) , MathF.Round(10 * MathF.Sin(i / 10f)), MathF.Round(i / 3f), 100 + 40 * i));
        return new TrackScene("voxels", list.Select(v => v.Item1).ToArray(), list.Select(v => v.Item2).ToArray(),
            list.Select(v => v.Item3).ToArray(), list.Select(v => v.Item4).ToArray(), list.Count) { VoxelPitchMm = 1, VoxelDepthMm = 1 };
    }
}
