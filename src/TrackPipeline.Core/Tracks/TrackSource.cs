namespace TrackPipeline.Tracks;

/// <summary>
/// One track found on disk: <c>&lt;material&gt;/&lt;particle&gt;/E&lt;7 digits&gt;/TrackE....npz</c> and its truth pickle.
/// The track name is the file stem (without <c>.npz</c> or <c>.c.npz</c>).
/// </summary>
public sealed record TrackSource(
    string Name,
    string Material,
    string Particle,
    int EnergyKev,
    string NpzPath,
    string? PicklePath,
    bool IsCompressed,
    string RelativePath)
{
    /// <summary>Hive partition of this track's rows: particle and energy (values escaped as Hive does).</summary>
    public string PartitionKey => $"{Output.HivePartition.Folder("particle", Particle)}/{Output.HivePartition.Folder("energy_kev", EnergyKev.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
}
