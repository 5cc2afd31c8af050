using System.Runtime.InteropServices;
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

        var voxels = new Dictionary<long, double>(Math.Min(charge.Count, 1 << 16));
        var chips = new Dictionary<long, VoxelBox>();
        var xs = charge.X; var ys = charge.Y; var zs = charge.Z; var ns = charge.Electrons;
        for (int i = 0; i < xs.Length; i++)
        {
            int ix = ax.Index(xs[i]), iy = ay.Index(ys[i]), iz = az.Index(zs[i]);
            ref double q = ref CollectionsMarshal.GetValueRefOrAddDefault(voxels, VoxelKey.Pack(ix, iy, iz), out bool existed);
            q += ns[i];
            long chipKey = VoxelKey.Pack(ax.Chip(ix), ay.Chip(iy), FloorDiv(iz, zPerChip));
            ref VoxelBox box = ref CollectionsMarshal.GetValueRefOrAddDefault(chips, chipKey, out bool known);
            if (!known) box = VoxelBox.Empty;
            box.Include(ix, iy, iz);
            if (!existed) box.Occupied++;
        }

        VoxelReading.ReadCharged(voxels, trigger, random, ax, ay, az, triggered, noiseless);
        foreach (var (chipKey, span) in chips)
        {
            var box = span;
            if (region == ReadRegion.WholeChip)
            {
                var (chx, chy, chz) = VoxelKey.Unpack(chipKey);
                box = new VoxelBox
                {
                    X0 = chx * ax.FinePerChip, X1 = (chx + 1) * ax.FinePerChip - 1,
                    Y0 = chy * ay.FinePerChip, Y1 = (chy + 1) * ay.FinePerChip - 1,
                    Z0 = chz * zPerChip, Z1 = (chz + 1) * zPerChip - 1,
                    Occupied = span.Occupied,
                };
            }
            VoxelReading.ReadEmpty(box, voxels, trigger, random, ax, ay, az, triggered);
        }
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor(a / (double)b);
}
