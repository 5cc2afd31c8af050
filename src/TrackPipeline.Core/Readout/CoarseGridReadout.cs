using TrackPipeline.Drift;
using TrackPipeline.Numerics;

namespace TrackPipeline.Readout;

/// <summary>
/// Induction-wire coarse grids (GAMPixG; the reference's <c>readout_coarse_grids</c>): x wires and y wires at
/// the coarse pitch across the cell (centres of the reference's grid cells), z sampled at the sampling pitch with
/// edges at mean(z) + k pitch. A clump's electrons are shared linearly between the two wires either side of it,
/// the nearer wire getting more; every wire x z sample spanning the charge gets noise; a sample triggers when
/// noisy x signal_fraction / signal_sharing exceeds threshold_sigma x noise (the reference's wire trigger).
/// Samples are output with the wire position and NaN along the wire.
/// <para>
/// Known differences from the reference, which does not weight the sharing by the electrons of each clump
/// and gives the farther wire the larger share: here the sharing is weighted and the nearer wire gets more.
/// The coarse level is not in the reference comparison.
/// </para>
/// </summary>
public static class CoarseGridReadout
{
    public static void Read(DriftedCharge charge, ReadoutLevelSettings level, TrackRandom random, ReadoutSamples triggered, ReadoutSamples? noiseless)
    {
        if (charge.Count == 0) return;
        // Wire k at the centre of grid cell k of the reference's edges across the cell (Centre(k) of this binning).
        var xWires = AxisBinning.AcrossCell(charge.Cell.WidthXM, level.PitchM);
        var yWires = AxisBinning.AcrossCell(charge.Cell.WidthYM, level.PitchM);
        var az = new AxisBinning(charge.MeanZ(), level.SamplingPitchM);
        double thresholdE = level.ThresholdSigma * level.NoiseE * level.SignalSharing / level.SignalFraction;
        var trigger = new NoiseTrigger(level.NoiseE, thresholdE);

        var scratch = ReadoutScratch.Pool.Rent();
        try
        {
            ReadPlane(charge, charge.X, xWires, az, trigger, random, triggered, noiseless, isX: true, scratch);
            ReadPlane(charge, charge.Y, yWires, az, trigger, random, triggered, noiseless, isX: false, scratch);
        }
        finally
        {
            ReadoutScratch.Pool.Return(scratch);
        }
    }

    private static void ReadPlane(DriftedCharge charge, ReadOnlySpan<double> across, AxisBinning wires, AxisBinning az,
        NoiseTrigger trigger, TrackRandom random, ReadoutSamples triggered, ReadoutSamples? noiseless, bool isX, ReadoutScratch scratch)
    {
        // Gap g lies between wire g and wire g + 1.
        var gaps = new AxisBinning(wires.Origin + 0.5 * wires.Pitch, wires.Pitch);
        int n = across.Length;
        var samples = scratch.Voxels;
        var sampleCharges = scratch.VoxelCharges;
        samples.Reset(Math.Min(2 * n, 1 << 12));
        var sampleCharge = sampleCharges.Items;
        var box = VoxelBox.Empty;
        var zs = charge.Z; var ns = charge.Electrons;
        // Wires are a centimetre apart and samples a centimetre long: clump after clump shares the same two samples.
        int lastGap = 0, lastZ = 0, lower = -1, upper = -1;
        // The two samples' charges summed in registers while clumps stay between the same wires and in the same z sample
        // (an add through memory puts a store and a load on every clump's path), written back when they change: the same
        // additions in the same order.
        double chargeLower = 0, chargeUpper = 0;
        for (int i = 0; i < across.Length; i++)
        {
            int gap = gaps.Index(across[i], out double fromLower);
            int iz = az.Index(zs[i]);
            if (lower < 0 || gap != lastGap || iz != lastZ)
            {
                if (lower >= 0)
                {
                    sampleCharge[lower] = chargeLower;
                    sampleCharge[upper] = chargeUpper;
                }
                box.Include(gap, 0, iz);
                box.Include(gap + 1, 0, iz);
                int before = samples.Count;
                lower = samples.GetOrAdd(VoxelKey.Pack(gap, 0, iz), out bool added);
                upper = samples.GetOrAdd(VoxelKey.Pack(gap + 1, 0, iz), out bool addedUpper);
                if (added || addedUpper)
                {
                    sampleCharges.EnsureCapacity(samples.Count, before);
                    sampleCharge = sampleCharges.Items;
                    if (added) sampleCharge[lower] = 0;
                    if (addedUpper) sampleCharge[upper] = 0;
                }
                lastGap = gap;
                lastZ = iz;
                chargeLower = sampleCharge[lower];
                chargeUpper = sampleCharge[upper];
            }
            chargeLower += ns[i] * (1 - fromLower);
            chargeUpper += ns[i] * fromLower;
        }
        if (lower >= 0)
        {
            sampleCharge[lower] = chargeLower;
            sampleCharge[upper] = chargeUpper;
        }
        box.Occupied = samples.Count;
        ReadSamples(samples, sampleCharge, box, wires, az, trigger, random, triggered, noiseless, isX);
    }

    private static void ReadSamples(SparseVoxelIndex samples, ReadOnlySpan<double> sampleCharge, in VoxelBox box, AxisBinning wires, AxisBinning az,
        NoiseTrigger trigger, TrackRandom random, ReadoutSamples triggered, ReadoutSamples? noiseless, bool isX)
    {
        var along = AxisBinning.Collapsed;
        if (isX)
        {
            VoxelReading.ReadCharged(samples, sampleCharge, trigger, random, wires, along, az, triggered, noiseless);
            VoxelReading.ReadEmpty(box, samples, trigger, random, wires, along, az, triggered);
        }
        else
        {
            // Same samples with the roles of x and y swapped for the output position.
            var t = new ReadoutSamples();
            var nl = noiseless is null ? null : new ReadoutSamples();
            VoxelReading.ReadCharged(samples, sampleCharge, trigger, random, wires, along, az, t, nl);
            VoxelReading.ReadEmpty(box, samples, trigger, random, wires, along, az, t);
            triggered.Reserve(t.Count);
            noiseless?.Reserve(nl!.Count);
            for (int i = 0; i < t.Count; i++) triggered.Add(t.Y[i], t.X[i], t.Z[i], t.ChargeE[i]);
            if (nl is not null) for (int i = 0; i < nl.Count; i++) noiseless!.Add(nl.Y[i], nl.X[i], nl.Z[i], nl.ChargeE[i]);
        }
    }
}
