using TrackPipeline.Drift;
using TrackPipeline.Numerics;

namespace TrackPipeline.Readout;

/// <summary>
/// Sparse voxelisation and noisy reading shared by the readouts: charge is summed per voxel numbered by a
/// <see cref="SparseVoxelIndex"/> of the packed voxel indices, so the cost follows the number of clumps and charged
/// voxels, never the volume. Voxels are read in the order their first clump was met.
/// </summary>
internal static class VoxelReading
{
    /// <summary>
    /// Sums each clump's electrons into its voxel (<paramref name="voxelCharges"/>, by voxel number); grows
    /// <paramref name="box"/> to span them (the reference's <c>find_span</c>).
    /// </summary>
    public static void Accumulate<TX, TY, TZ>(DriftedCharge charge, TX ax, TY ay, TZ az, SparseVoxelIndex voxels, GrowableArray<double> voxelCharges, ref VoxelBox box)
        where TX : struct, IAxis where TY : struct, IAxis where TZ : struct, IAxis
    {
        var xs = charge.X; var ys = charge.Y; var zs = charge.Z; var ns = charge.Electrons;
        // Sub-clumps of one deposit lie side by side and diffusion moves them less than a voxel: most clumps fall in
        // the voxel of the clump before, which costs a compare instead of a lookup.
        long lastKey = 0;
        int voxel = -1;
        var voxelCharge = voxelCharges.Items;
        for (int i = 0; i < xs.Length; i++)
        {
            int ix = ax.Index(xs[i]), iy = ay.Index(ys[i]), iz = az.Index(zs[i]);
            long key = VoxelKey.Pack(ix, iy, iz);
            if (voxel < 0 || key != lastKey)
            {
                box.Include(ix, iy, iz);
                voxel = voxels.GetOrAdd(key, out bool added);
                if (added) voxelCharge = voxelCharges.Append(voxel, 0);
                lastKey = key;
            }
            voxelCharge[voxel] += ns[i];
        }
        box.Occupied = voxels.Count;
    }

    /// <summary>Adds noise to every charged voxel; keeps those that trigger, and (optionally) all of them without noise.</summary>
    public static void ReadCharged<TX, TY, TZ>(SparseVoxelIndex voxels, ReadOnlySpan<double> voxelCharge, NoiseTrigger trigger, TrackRandom random,
        TX ax, TY ay, TZ az, ReadoutSamples triggered, ReadoutSamples? noiseless)
        where TX : struct, IAxis where TY : struct, IAxis where TZ : struct, IAxis
    {
        var keys = voxels.Keys;
        noiseless?.Reserve(keys.Length); // every charged voxel: sized once, not doubled up to it
        for (int v = 0; v < keys.Length; v++)
        {
            double q = voxelCharge[v];
            bool fires = trigger.Read(q, random, out double noisy);
            if (!fires && noiseless is null) continue;
            var (ix, iy, iz) = VoxelKey.Unpack(keys[v]);
            double x = ax.Centre(ix), y = ay.Centre(iy), z = az.Centre(iz);
            if (fires) triggered.Add(x, y, z, noisy);
            noiseless?.Add(x, y, z, q);
        }
    }

    /// <summary>Noise-only triggers among the empty voxels of <paramref name="box"/> (which holds <c>box.Occupied</c> charged voxels).</summary>
    public static void ReadEmpty<TX, TY, TZ>(in VoxelBox box, SparseVoxelIndex voxels, NoiseTrigger trigger, TrackRandom random,
        TX ax, TY ay, TZ az, ReadoutSamples triggered)
        where TX : struct, IAxis where TY : struct, IAxis where TZ : struct, IAxis
    {
        long volume = box.Volume;
        long fires = trigger.EmptyTriggerCount(volume - box.Occupied, random);
        if (fires == 0) return;
        // Distinct random empty voxels: rejection against the charged ones and those already picked.
        Span<long> picked = fires <= 64 ? stackalloc long[(int)fires] : new long[fires];
        int n = 0;
        while (n < fires)
        {
            var (ix, iy, iz) = box.At(random.NextInt64(volume));
            long key = VoxelKey.Pack(ix, iy, iz);
            if (voxels.Find(key) >= 0 || picked[..n].Contains(key)) continue;
            picked[n++] = key;
            triggered.Add(ax.Centre(ix), ay.Centre(iy), az.Centre(iz), trigger.EmptyTriggerValue(random));
        }
    }
}
