using TrackPipeline.Drift;
using TrackPipeline.Numerics;

namespace TrackPipeline.Readout;

/// <summary>
/// Single-scale voxel readout over the whole track (the reference's <c>readout_pixels</c> without z limits, and
/// <c>readout_anode_grid</c>): LArPix pixels, GAMPixD coarse tiles, or anode wires (y collapsed). x, y bins are
/// the sensor grid across the simple cell; z bins have the sampling pitch with edges at mean(z) + k pitch. Every
/// voxel in the box spanning the charge is read with noise.
/// </summary>
public static class PixelReadout
{
    public static void Read(DriftedCharge charge, ReadoutLevelSettings level, TrackRandom random, ReadoutSamples triggered, ReadoutSamples? noiseless)
    {
        if (charge.Count == 0) return;
        var ax = AxisBinning.AcrossCell(charge.Cell.WidthXM, level.PitchM);
        var ay = level.Kind == SensorKinds.AnodeGrid ? AxisBinning.Collapsed : AxisBinning.AcrossCell(charge.Cell.WidthYM, level.PitchM);
        var az = new AxisBinning(charge.MeanZ(), level.SamplingPitchM);
        var trigger = new NoiseTrigger(level.NoiseE, level.ThresholdSigma * level.NoiseE);

        var scratch = ReadoutScratch.Pool.Rent();
        try
        {
            var voxels = scratch.Voxels;
            var voxelCharges = scratch.VoxelCharges;
            voxels.Reset(Math.Min(charge.Count / 8, 1 << 16));
            var box = VoxelBox.Empty;
            VoxelReading.Accumulate(charge, ax, ay, az, voxels, voxelCharges, ref box);
            VoxelReading.ReadCharged(voxels, voxelCharges.Items, trigger, random, ax, ay, az, triggered, noiseless);
            VoxelReading.ReadEmpty(box, voxels, trigger, random, ax, ay, az, triggered);
        }
        finally
        {
            ReadoutScratch.Pool.Return(scratch);
        }
    }
}
