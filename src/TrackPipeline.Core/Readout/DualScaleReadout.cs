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
        // Most clumps fall in the voxel of the clump before, and most new voxels in the chip of the new voxel before: a compare, not a lookup.
        long lastVoxelKey = 0, lastChipKey = 0;
        int voxel = -1, chip = -1;
        // The voxels met last, one slot per low bits of the three indices: a clump diffuses a few tenths of a mm about its
        // track, so the voxel of a clump is mostly one met a few clumps before, found here (in L1) without probing the
        // track's whole table. Only voxels already numbered are kept, so the numbers, their order and every sum are those of
        // the table alone.
        Span<long> recentKeys = stackalloc long[RecentSlots];
        Span<int> recentVoxels = stackalloc int[RecentSlots];
        recentKeys.Fill(-1); // packed keys are never negative
        // The current voxel's charge summed in a register while clumps stay in it (an add through memory is a store and a
        // load on every clump's path), written back when the voxel changes: the same additions in the same order.
        double voxelElectrons = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            int ix = ax.Index(xs[i], out int chipX), iy = ay.Index(ys[i], out int chipY), iz = az.Index(zs[i]);
            long voxelKey = VoxelKey.Pack(ix, iy, iz);
            if (voxel < 0 || voxelKey != lastVoxelKey)
            {
                if (voxel >= 0) voxelCharge[voxel] = voxelElectrons;
                lastVoxelKey = voxelKey;
                int slot = (ix & RecentMask) | (iy & RecentMask) << RecentBits | (iz & RecentMask) << (2 * RecentBits);
                if (recentKeys[slot] == voxelKey)
                {
                    voxel = recentVoxels[slot];
                }
                else
                {
                    voxel = voxels.GetOrAdd(voxelKey, out bool newVoxel);
                    recentKeys[slot] = voxelKey;
                    recentVoxels[slot] = voxel;
                    // A voxel met before is in its chip's span already; a new one grows the span of its chip (which can
                    // change only with the voxel).
                    if (newVoxel)
                    {
                        voxelCharge = voxelCharges.Append(voxel, 0);
                        long chipKey = VoxelKey.Pack(chipX, chipY, FloorDiv(iz, zPerChip));
                        if (chip < 0 || chipKey != lastChipKey)
                        {
                            chip = chips.GetOrAdd(chipKey, out bool newChip);
                            if (newChip) chipSpan = chipSpans.Append(chip, VoxelBox.Empty);
                            lastChipKey = chipKey;
                        }
                        ref VoxelBox box = ref chipSpan[chip];
                        box.Include(ix, iy, iz);
                        box.Occupied++;
                    }
                }
                voxelElectrons = voxelCharge[voxel];
            }
            voxelElectrons += ns[i];
        }
        if (voxel >= 0) voxelCharge[voxel] = voxelElectrons;

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

    /// <summary>Low bits of each voxel index that pick a slot of the recent voxels: 8 x 8 x 8 slots (6 kB on the stack).</summary>
    private const int RecentBits = 3;
    private const int RecentMask = (1 << RecentBits) - 1;
    private const int RecentSlots = 1 << (3 * RecentBits);

    private static int FloorDiv(int a, int b) => Math.DivRem(a, b, out int r) - (r < 0 ? 1 : 0);
}
