using TrackPipeline.Output;
using TrackPipeline.Drift;
using TrackPipeline.Formats;
using TrackPipeline.Numerics;
using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>
/// The drift step of the pipeline: checks the track's material against the medium, drifts its deposits with
/// <see cref="ChargeDrift"/> (random stream seeded by the run seed and the track's deposits) and adds the
/// <c>drifted_num_e</c> column.
/// </summary>
public sealed class DriftStage : ITrackStage, ITableContributor
{
    /// <summary>Random stream name of this stage (see <see cref="TrackRandom.For"/>).</summary>
    public const string RandomStream = ChargeDrift.RandomStream;

    private readonly ulong _runSeed;
    private readonly string? _material;

    /// <param name="material">The dataset material this medium preset describes (the <c>&lt;material&gt;</c> folder,
    /// e.g. <c>LAr</c>); tracks from another material are rejected. Null accepts every track.</param>
    public DriftStage(MediumSettings medium, DriftSettings drift, AnodeGeometry anode, ulong runSeed, string? material = null)
    {
        Drift = new ChargeDrift(medium, drift, anode);
        _runSeed = runSeed;
        _material = material;
    }

    public string Name => "drift";
    public ChargeDrift Drift { get; }
    public LArTransport Transport => Drift.Transport;

    public void Process(TrackItem item, CancellationToken cancellationToken)
    {
        var track = item.RequireTrack();
        // Drifting xenon tracks with argon's mobility and diffusion would give wrong numbers without a word.
        if (_material is not null && !string.Equals(track.Source.Material, _material, StringComparison.OrdinalIgnoreCase))
            throw new TrackFormatException(InputErrorKind.MaterialMismatch, track.Source.NpzPath, null, null,
                $"the track's material is '{track.Source.Material}' (its folder) but the drift medium is '{_material}'; " +
                $"add config/medium/{track.Source.Material}.json and run with --Detector:Medium {track.Source.Material}, or leave that folder out");
        item.Drifted = Drift.Apply(track.Deposits, TrackRandom.For(_runSeed, track.RandomKey, RandomStream));
    }

    /// <summary>Drifts <paramref name="deposits"/> with random numbers from <paramref name="random"/> (<see cref="ChargeDrift.Apply"/>).</summary>
    public DriftedCharge Apply(Deposits deposits, TrackRandom random) => Drift.Apply(deposits, random);

    public void AddColumns(TableSchema<TrackItem> schema) =>
        schema.Int64("drifted_num_e", i => RequireDrifted(i).TotalElectrons);

    internal static DriftedCharge RequireDrifted(TrackItem item) =>
        item.Drifted ?? throw new InvalidOperationException($"{item.Source.Name}: the track has not been drifted");
}
