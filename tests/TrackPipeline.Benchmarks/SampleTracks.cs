using TrackPipeline.Formats.Npy;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

/// <summary>The sample tracks' deposits, read once up front with the pipeline's own .npz reader.</summary>
internal static class SampleTracks
{
    public sealed record Sample(string Name, string Particle, int EnergyKev, Deposits Deposits);

    public static List<Sample> Load(string root) =>
        DatasetDiscovery.Discover(root)
            .Select(s => new Sample(s.Name, s.Particle, s.EnergyKev, TrackReader.ReadDeposits(NpzReader.ReadAll(s.NpzPath), s.NpzPath)))
            .ToList();
}
