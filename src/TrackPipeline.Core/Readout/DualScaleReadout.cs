using TrackPipeline.Drift;
using TrackPipeline.Numerics;

namespace TrackPipeline.Readout;

/// <summary>
/// Fine pixels read only in coarse voxels (chip x chip x coarse pitch in z) that hold charge (the reference's
/// <c>readout_dual_scale_pixels</c>). Chips lie between the coarse grid wires (GAMPixG) or under the tiles
/// (GAMPixD); chip z bins have edges at mean(z) + k coarse pitch. Inside a chip voxel, z is cut into as many
/// samples as the chip has pixel edges (the reference's <c>linspace(z0, z1, n_edges + 1)</c>: 21 samples of
/// 0.476 mm for GAMPixG, not 20 of 0.5 mm). Each charged chip reads, with noise, the fine voxels of its
/// <see cref="ReadRegion"/>.
/// </summary>
public static class DualScaleReadout
{
    public static void Read(DriftedCharge charge, ReadoutLevelSettings coarse, ReadoutLevelSettings fine, ReadRegion region,
        TrackRandom random, ReadoutSamples triggered, ReadoutSamples? noiseless)
    {
        if (charge.Count == 0) return;
        // Chip edges: the coarse grid wires (half a pitch off the grid-cell edges) or the tile edges.
        double chipOffset = coarse.Kind == SensorKinds.CoarseGrids ? 0.5 : 0.0;
        var cx = AxisBinning.AcrossCell(charge.Cell.WidthXM, coarse.PitchM, chipOffset);
        var cy = AxisBinning.AcrossCell(charge.Cell.WidthYM, coarse.PitchM, chipOffset);
        var ax = new ChipPixelAxis(cx.Origin, coarse.PitchM, fine.PitchM);
        var ay = new ChipPixelAxis(cy.Origin, coarse.PitchM, fine.PitchM);
        int zPerChip = ax.FinePerChip + 1;
        var az = new AxisBinning(charge.MeanZ(), coarse.PitchM / zPerChip);
        var trigger = new NoiseTrigger(fine.NoiseE, fine.ThresholdSigma * fine.NoiseE);

        var scratch = ReadoutScratch.Pool.Rent();
        try
        {
            Read(charge, ax, ay, az, zPerChip, region, trigger, random, triggered, noiseless, scratch);
        }
        finally
        {
            ReadoutScratch.Pool.Return(scratch);
        }
    }

    private static void Read(DriftedCharge charge, ChipPixelAxis ax, ChipPixelAxis ay, AxisBinning az, int zPerChip, ReadRegion region,
        NoiseTrigger trigger, TrackRandom random, ReadoutSamples triggered, ReadoutSamples? noiseless, ReadoutScratch scratch)
    {
        int n = charge.Count;
        var voxels = scratch.Voxels;
        var chips = scratch.Chips;
        var voxelCharges = scratch.VoxelCharges;
        var chipSpans = scratch.ChipSpans;
        voxels.Reset(Math.Min(n / 8, 1 << 16));
        chips.Reset(Math.Min(n / 64, 1 << 12));
        var xs = charge.X; var ys = charge.Y; var zs = charge.Z; var ns = charge.Electrons;
        var voxelCharge = voxelCharges.Items;
        var chipSpan = chipSpans.Items;
        // Five clumps in six share the chip of the clump before (the sample: 1.1 M chip changes in 6.2 M clumps): a compare, not a lookup.
        long lastVoxelKey = 0, lastChipKey = 0;
        int voxel = -1, chip = -1;
        for (int i = 0; i < xs.Length; i++)
        {
            int ix = ax.Index(xs[i], out int chipX), iy = ay.Index(ys[i], out int chipY), iz = az.Index(zs[i]);
            long voxelKey = VoxelKey.Pack(ix, iy, iz);
            if (voxel < 0 || voxelKey != lastVoxelKey)
            {
                voxel = voxels.GetOrAdd(voxelKey, out bool newVoxel);
                if (newVoxel) voxelCharge = voxelCharges.Append(voxel, 0);
                lastVoxelKey = voxelKey;
                // The chip (and its span) can change only with the voxel.
                long chipKey = VoxelKey.Pack(chipX, chipY, FloorDiv(iz, zPerChip));
                if (chip < 0 || chipKey != lastChipKey)
                {
                    chip = chips.GetOrAdd(chipKey, out bool newChip);
                    if (newChip) chipSpan = chipSpans.Append(chip, VoxelBox.Empty);
                    lastChipKey = chipKey;
                }
                ref VoxelBox box = ref chipSpan[chip];
                box.Include(ix, iy, iz);
                if (newVoxel) box.Occupied++;
            }
            voxelCharge[voxel] += ns[i];
        }

        VoxelReading.ReadCharged(voxels, voxelCharge, trigger, random, ax, ay, az, triggered, noiseless);
        var chipKeys = chips.Keys;
        for (int c = 0; c < chipKeys.Length; c++)
        {
            var box = chipSpan[c];
            if (region == ReadRegion.WholeChip)
            {
                var (chx, chy, chz) = VoxelKey.Unpack(chipKeys[c]);
                box = new VoxelBox
                {
                    X0 = chx * ax.FinePerChip, X1 = (chx + 1) * ax.FinePerChip - 1,
                    Y0 = chy * ay.FinePerChip, Y1 = (chy + 1) * ay.FinePerChip - 1,
                    Z0 = chz * zPerChip, Z1 = (chz + 1) * zPerChip - 1,
                    Occupied = chipSpan[c].Occupied,
                };
            }
            VoxelReading.ReadEmpty(box, voxels, trigger, random, ax, ay, az, triggered);
        }
    }

    private static int FloorDiv(int a, int b) => Math.DivRem(a, b, out int r) - (r < 0 ? 1 : 0);
}
