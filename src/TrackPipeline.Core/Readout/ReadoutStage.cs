using TrackPipeline.Drift;
using TrackPipeline.Output;
using TrackPipeline.Pipeline;

namespace TrackPipeline.Readout;

/// <summary>
/// Reads the drifted charge with the configured readout (the reference's <c>Tracks.readout_charge</c>):
/// LArPix pixels over the whole track; GAMPixG coarse grids + dual-scale pixels; GAMPixD coarse tiles +
/// dual-scale pixels; an anode grid alone. Adds the per-track summary columns and the <c>pixels</c> detail table.
/// </summary>
public sealed class ReadoutStage : ITrackStage, ITableContributor, IDetailTable
{
    public const string CoarseStream = "readout.coarse";
    public const string PixelStream = "readout.pixels";

    private readonly ulong _runSeed;

    /// <param name="writeNoiselessSamples">Also write every charged voxel without noise or trigger to the pixels table
    /// (levels <c>pixel_noiseless</c>, <c>coarse_noiseless</c>); needs the preset's <c>keep_noiseless</c>.</param>
    public ReadoutStage(ReadoutSettings settings, ulong runSeed, bool writeNoiselessSamples = false)
    {
        _writeNoiseless = writeNoiselessSamples;
        Settings = settings;
        _runSeed = runSeed;
    }

    public ReadoutSettings Settings { get; }
    public string Name => "readout";
    public string Folder => "pixels";

    public void Process(TrackItem item, CancellationToken cancellationToken)
    {
        var drifted = DriftStage.RequireDrifted(item);
        item.Readout = Read(drifted, item.RequireTrack().RandomKey);
    }

    /// <summary>Reads one drifted track; the random streams depend only on the run seed and <paramref name="trackName"/> (the pipeline passes <see cref="Tracks.Track.RandomKey"/>).</summary>
    public ReadoutResult Read(DriftedCharge drifted, string trackName)
    {
        var s = Settings;
        ReadoutSamples? coarse = null, coarseNoiseless = null, pixels = null, pixelsNoiseless = null;
        if (s.Coarse is { } c)
        {
            coarse = new ReadoutSamples();
            coarseNoiseless = s.KeepNoiseless ? new ReadoutSamples() : null;
            var random = TrackRandom.For(_runSeed, trackName, CoarseStream);
            if (c.Kind == SensorKind.CoarseGrids) CoarseGridReadout.Read(drifted, c, random, coarse, coarseNoiseless);
            else PixelReadout.Read(drifted, c, random, coarse, coarseNoiseless);
        }
        if (s.Fine is { } f)
        {
            pixels = new ReadoutSamples();
            pixelsNoiseless = s.KeepNoiseless ? new ReadoutSamples() : null;
            var random = TrackRandom.For(_runSeed, trackName, PixelStream);
            if (s.Coarse is { } chips) DualScaleReadout.Read(drifted, chips, f, s.ReadRegion, random, pixels, pixelsNoiseless);
            else PixelReadout.Read(drifted, f, random, pixels, pixelsNoiseless);
        }
        return new ReadoutResult(s.Name) { Coarse = coarse, CoarseNoiseless = coarseNoiseless, Pixels = pixels, PixelsNoiseless = pixelsNoiseless };
    }

    public void AddColumns(TableSchema<TrackItem> schema)
    {
        static ReadoutResult R(TrackItem i) => i.Readout ?? throw new InvalidOperationException($"{i.Source.Name}: the track has not been read out");
        schema.String("readout", i => R(i).ReadoutName)
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
    /// Rows: track_id, level (<c>pixel</c> or <c>coarse</c>; <c>pixel_noiseless</c>, <c>coarse_noiseless</c> when asked),
    /// x_m, y_m, z_m, charge_e, for every triggered sample.
    /// </summary>
    private sealed class SampleBatch(bool writeNoiseless) : IDetailBatch
    {
        private readonly StringColumnBuffer _track = new("track_id");
        private readonly StringColumnBuffer _level = new("level");
        private readonly ValueColumnBuffer<double> _x = new("x_m");
        private readonly ValueColumnBuffer<double> _y = new("y_m");
        private readonly ValueColumnBuffer<double> _z = new("z_m");
        private readonly ValueColumnBuffer<double> _q = new("charge_e");

        private ColumnBuffer[]? _buffers;
        public IReadOnlyList<ColumnBuffer> Buffers => _buffers ??= [_track, _level, _x, _y, _z, _q];
        public int RowCount => _x.Count;

        public void Add(TrackItem item)
        {
            if (item.Readout is not { } r) return;
            AddLevel(item.Source.Name, "pixel", r.Pixels);
            AddLevel(item.Source.Name, "coarse", r.Coarse);
            if (!writeNoiseless) return;
            AddLevel(item.Source.Name, "pixel_noiseless", r.PixelsNoiseless);
            AddLevel(item.Source.Name, "coarse_noiseless", r.CoarseNoiseless);
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
