using TrackPipeline.Output;
using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>
/// The tracks table: one row per track. <c>particle</c> and <c>energy_kev</c> are the Hive partition keys: they live
/// in the folder names only (<c>particle=photons/energy_kev=10000/</c>), as in every Hive/Spark dataset, so that
/// pyarrow/pandas, Spark, DuckDB and polars do not meet the same column twice. Columns are lower_snake_case with their unit (m, kev, e).
/// The read stage's columns are always there; later stages add theirs through <see cref="ITableContributor"/>.
/// </summary>
public static class TrackTable
{
    public static TableSchema<TrackItem> CreateSchema(IEnumerable<ITableContributor> contributors)
    {
        var schema = new TableSchema<TrackItem>();
        AddSourceColumns(schema);
        AddDepositColumns(schema);
        AddTruthColumns(schema);
        foreach (var c in contributors) c.AddColumns(schema);
        return schema;
    }

    private static void AddSourceColumns(TableSchema<TrackItem> s) => s
        .String("track_id", i => i.Source.TrackId)
        .String("material", i => i.Source.Material)
        .String("source_path", i => i.Source.RelativePath)
        .Bool("compressed", i => i.Source.IsCompressed)
        .NullableDouble("bin_size_m", i => i.RequireTrack().BinSizeM);

    private static void AddDepositColumns(TableSchema<TrackItem> s)
    {
        s.Int32("n_points", i => i.RequireTrack().Deposits.Count)
         .Int64("num_e_total", i => i.RequireTrack().Deposits.TotalElectrons())
         // The digest the random streams are keyed on (computed once per track): names the deposits without the file name.
         .String(TrackColumns.DepositDigest, i => i.RequireTrack().RandomKey);
        AddBounds(s, "x", 0);
        AddBounds(s, "y", 1);
        AddBounds(s, "z", 2);
    }

    private static void AddBounds(TableSchema<TrackItem> s, string axis, int row)
    {
        s.NullableDouble($"{axis}_min_m", i => Bound(i, row, min: true))
         .NullableDouble($"{axis}_max_m", i => Bound(i, row, min: false));
    }

    private static double? Bound(TrackItem item, int row, bool min)
    {
        var d = item.RequireTrack().Deposits;
        if (d.Count == 0) return null;
        var (lo, hi) = d.Bounds;
        var v = min ? lo : hi;
        return row switch { 0 => v.X, 1 => v.Y, _ => v.Z };
    }

    /// <summary>
    /// The simulation truth, all prefixed <c>truth_</c> and null when the track has no pickle. Never read by a decision:
    /// only to label, train and evaluate (docs/classification.md).
    /// </summary>
    private static void AddTruthColumns(TableSchema<TrackItem> s)
    {
        static TrackTruth? T(TrackItem i) => i.RequireTrack().Truth;
        s.NullableInt64("truth_num_electrons", i => T(i)?.NumElectrons)
         .NullableDouble("truth_track_energy_kev", i => T(i)?.TrackEnergyKev)
         .NullableString("truth_initial_particle", i => T(i)?.InitialParticle)
         .NullableString("truth_first_interaction", i => T(i)?.FirstInteraction);
        AddInteractions(s, "brem", i => T(i)?.Brem);
        AddInteractions(s, "compton", i => T(i)?.Compton);
        AddInteractions(s, "photo", i => T(i)?.Photo);
        AddInteractions(s, "pair", i => T(i)?.Pair);
        s.NullableDouble("truth_origin_x_m", i => T(i)?.Origin.X)
         .NullableDouble("truth_origin_y_m", i => T(i)?.Origin.Y)
         .NullableDouble("truth_origin_z_m", i => T(i)?.Origin.Z)
         .NullableDouble("truth_dir_x", i => T(i)?.InitialDirection.X)
         .NullableDouble("truth_dir_y", i => T(i)?.InitialDirection.Y)
         .NullableDouble("truth_dir_z", i => T(i)?.InitialDirection.Z);
        AddPairLeptons(s);
    }

    /// <summary>The first pair's e- and e+ at the vertex (generator truth only; null for PENELOPE tracks and non-pairs).</summary>
    private static void AddPairLeptons(TableSchema<TrackItem> s)
    {
        static PairLeptonTruth? P(TrackItem i) => i.RequireTrack().Truth?.PairLeptons is [var first, ..] ? first : null;
        s.NullableDouble("truth_pair_e_minus_kev", i => P(i)?.ElectronEnergyKev)
         .NullableDouble("truth_pair_e_plus_kev", i => P(i)?.PositronEnergyKev)
         .NullableDouble("truth_pair_e_minus_dir_x", i => P(i)?.ElectronDirection.X)
         .NullableDouble("truth_pair_e_minus_dir_y", i => P(i)?.ElectronDirection.Y)
         .NullableDouble("truth_pair_e_minus_dir_z", i => P(i)?.ElectronDirection.Z)
         .NullableDouble("truth_pair_e_plus_dir_x", i => P(i)?.PositronDirection.X)
         .NullableDouble("truth_pair_e_plus_dir_y", i => P(i)?.PositronDirection.Y)
         .NullableDouble("truth_pair_e_plus_dir_z", i => P(i)?.PositronDirection.Z);
    }

    private static void AddInteractions(TableSchema<TrackItem> s, string kind, Func<TrackItem, InteractionPoints?> get) => s
        .NullableInt32($"truth_n_{kind}", i => get(i)?.Count)
        .NullableDouble($"truth_{kind}_energy_kev", i => get(i)?.TotalEnergyKev());
}

/// <summary>A stage that adds columns to the tracks table.</summary>
public interface ITableContributor
{
    void AddColumns(TableSchema<TrackItem> schema);
}
