using System.Runtime.InteropServices;
using TrackPipeline.Drift;
using TrackPipeline.Numerics;

namespace TrackPipeline.Readout;

/// <summary>
/// Sparse voxelisation and noisy reading shared by the readouts: charge is summed in a hash map keyed by the
/// packed voxel indices, so the cost follows the number of clumps and charged voxels, never the volume.
/// </summary>
internal static class VoxelReading
{
    /// <summary>Sums each clump's electrons into its voxel; grows <paramref name="box"/> to span them (the reference's <c>find_span</c>).</summary>
    public static void Accumulate<TX, TY, TZ>(DriftedCharge charge, TX ax, TY ay, TZ az, Dictionary<long, double> voxels, ref VoxelBox box)
        where TX : struct, IAxis where TY : struct, IAxis where TZ : struct, IAxis
    {
        var xs = charge.X; var ys = charge.Y; var zs = charge.Z; var ns = charge.Electrons;
        for (int i = 0; i < xs.Length; i++)
        {
            int ix = ax.Index(xs[i]), iy = ay.Index(ys[i]), iz = az.Index(zs[i]);
            box.Include(ix, iy, iz);
            CollectionsMarshal.GetValueRefOrAddDefault(voxels, VoxelKey.Pack(ix, iy, iz), out _) += ns[i];
        }
        box.Occupied = voxels.Count;
    }

    /// <summary>Adds noise to every charged voxel; keeps those that trigger, and (optionally) all of them without noise.</summary>
    public static void ReadCharged<TX, TY, TZ>(Dictionary<long, double> voxels, NoiseTrigger trigger, TrackRandom random,
        TX ax, TY ay, TZ az, ReadoutSamples triggered, ReadoutSamples? noiseless)
        where TX : struct, IAxis where TY : struct, IAxis where TZ : struct, IAxis
    {
        foreach (var (key, q) in voxels)
        {
            var (ix, iy, iz) = VoxelKey.Unpack(key);
            bool fires = trigger.Read(q, random, out double noisy);
            if (!fires && noiseless is null) continue;
            double x = ax.Centre(ix), y = ay.Centre(iy), z = az.Centre(iz);
            if (fires) triggered.Add(x, y, z, noisy);
            noiseless?.Add(x, y, z, q);
        }
    }

    /// <summary>Noise-only triggers among the empty voxels of <paramref name="box"/> (which holds <c>box.Occupied</c> charged voxels).</summary>
    public static void ReadEmpty<TX, TY, TZ>(in VoxelBox box, Dictionary<long, double> voxels, NoiseTrigger trigger, TrackRandom random,
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
            if (voxels.ContainsKey(key) || picked[..n].Contains(key)) continue;
            picked[n++] = key;
            triggered.Add(ax.Centre(ix), ay.Centre(iy), az.Centre(iz), trigger.EmptyTriggerValue(random));
        }
    }
}
