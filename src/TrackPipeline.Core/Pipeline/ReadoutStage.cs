using TrackPipeline.Drift;
using TrackPipeline.Output;
using TrackPipeline.Readout;

namespace TrackPipeline.Pipeline;

/// <summary>
/// Reads the drifted charge with the configured readout model (the reference's <c>Tracks.readout_charge</c>), chosen by
/// the preset's <c>kind</c> (<see cref="ReadoutModels"/>). Adds the per-track summary columns and the <c>pixels</c>
/// detail table, one row per sample of every level.
/// </summary>
public sealed class ReadoutStage : ITrackStage, ITableContributor, IDetailTable
{
    private readonly ulong _runSeed;
    private readonly IReadoutModel _model;

    /// <param name="writeNoiselessSamples">Also write every charged voxel without noise or trigger to the pixels table
    /// (levels <c>pixel_noiseless</c>, <c>coarse_noiseless</c>); needs the preset's <c>keep_noiseless</c>.</param>
    public ReadoutStage(ReadoutSettings settings, ulong runSeed, bool writeNoiselessSamples = false)
    {
        _writeNoiseless = writeNoiselessSamples;
        Settings = settings;
        _model = ReadoutModels.Create(settings);
        _runSeed = runSeed;
    }

    public ReadoutSettings Settings { get; }
    public string Name => "readout";
    public string Folder => OutputLayout.Pixels;

    public void Process(TrackItem item, CancellationToken cancellationToken)
    {
        var drifted = DriftStage.RequireDrifted(item);
        item.Readout = Read(drifted, item.RequireTrack().RandomKey);
    }

    /// <summary>Reads one drifted track; the random streams depend only on the run seed and <paramref name="randomKey"/> (the pipeline passes <see cref="Tracks.Track.RandomKey"/>).</summary>
    public ReadoutResult Read(DriftedCharge drifted, string randomKey) => _model.Read(drifted, new ReadoutRandom(_runSeed, randomKey));

    public void AddColumns(TableSchema<TrackItem> schema)
    {
        static ReadoutResult R(TrackItem i) => i.Readout ?? throw new InvalidOperationException($"{i.Source.Name}: the track has not been read out");
        schema.String(TrackColumns.Readout, i => R(i).ReadoutName)
              .NullableInt32("n_pixels_triggered", i => R(i).Pixels?.Count)
              .NullableDouble("pixel_charge_e", i => R(i).Pixels?.TotalChargeE())
              .NullableInt32("n_coarse_triggered", i => R(i).Coarse?.Count)
              .NullableDouble("coarse_charge_e", i => R(i).Coarse?.TotalChargeE())
              .NullableInt32("n_pixels_noiseless", i => R(i).PixelsNoiseless?.Count)
              .NullableDouble("pixel_noiseless_charge_e", i => R(i).PixelsNoiseless?.TotalChargeE());
    }

    private readonly bool _writeNoiseless;

    public IDetailBatch CreateBatch() => new SampleBatch(_writeNoiseless);

    /// <summary>
    /// Rows: track_id, level (the model's level names, <c>pixel</c> and <c>coarse</c> for the shipped ones; then
    /// <c>&lt;level&gt;_noiseless</c> when asked), x_m, y_m, z_m, charge_e, for every sample.
    /// </summary>
    private sealed class SampleBatch(bool writeNoiseless) : IDetailBatch
    {
        private readonly StringColumnBuffer _track = new("track_id");
        private readonly StringColumnBuffer _level = new("level");
        // A wire reads the coordinate across it only: a coarse row's other coordinate is null (NaN in the samples).
        private readonly MeasuredColumnBuffer _x = new("x_m");
        private readonly MeasuredColumnBuffer _y = new("y_m");
        private readonly ValueColumnBuffer<double> _z = new("z_m");
        private readonly ValueColumnBuffer<double> _q = new("charge_e");

        private ColumnBuffer[]? _buffers;
        public IReadOnlyList<ColumnBuffer> Buffers => _buffers ??= [_track, _level, _x, _y, _z, _q];
        public int RowCount => _x.Count;

        public void Add(TrackItem item)
        {
            if (item.Readout is not { } r) return;
            var track = item.Source.TrackId;   // as in the tracks table: pixels join to tracks one to one (breaker19 F2)
            foreach (var level in r.Levels) AddLevel(track, level.Name, level.Triggered);
            if (!writeNoiseless) return;
            foreach (var level in r.Levels) AddLevel(track, level.Name + "_noiseless", level.Noiseless);
        }

        private void AddLevel(string track, string level, ReadoutSamples? samples)
        {
            if (samples is null || samples.Count == 0) return;
            _track.AddRepeated(track, samples.Count);
            _level.AddRepeated(level, samples.Count);
            _x.AddRange(samples.X);
            _y.AddRange(samples.Y);
            _z.AddRange(samples.Z);
            _q.AddRange(samples.ChargeE);
        }

        public void Clear()
        {
            foreach (var b in Buffers) b.Clear();
        }
    }
}
