using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>What a raw deposit belongs to, as the topology stage clusters the charge.</summary>
public enum ChargeRole : byte
{
    /// <summary>The main cluster (the most charge): the primary track, or the pair's V.</summary>
    Main = 0,
    /// <summary>A detached cluster above the significance cut: brem conversions, Compton electrons.</summary>
    Detached = 1,
    /// <summary>A detached cluster below the cut (photoabsorption blobs, tiny Compton electrons).</summary>
    Minor = 2,
}

/// <summary>
/// The raw deposits split into the main cluster and detached clusters with the topology stage's own clustering
/// (<see cref="VoxelGrid"/> of the linking length, <see cref="ConnectedClusters"/>, the same significance cut),
/// so a picture shows the clusters the features were measured on.
/// </summary>
public sealed class ChargeClusters
{
    private ChargeClusters(ChargeRole[] roles, int detached, (Vec3 Min, Vec3 Max) mainBoxMm, IReadOnlyList<DetachedCluster> detachedClusters)
    {
        Roles = roles;
        SignificantDetached = detached;
        MainBoxMm = mainBoxMm;
        Detached = detachedClusters;
    }

    /// <summary>The significant detached clusters (box in mm, charge), in the clustering's order.</summary>
    public IReadOnlyList<DetachedCluster> Detached { get; }

    /// <summary>One role per deposit, in deposit order.</summary>
    public ChargeRole[] Roles { get; }
    public int SignificantDetached { get; }
    /// <summary>Bounding box of the main cluster's deposits, mm.</summary>
    public (Vec3 Min, Vec3 Max) MainBoxMm { get; }

    public static ChargeClusters Of(Deposits deposits, TopologySettings settings)
    {
        int n = deposits.Count;
        var roles = new ChargeRole[n];
        if (n == 0) return new ChargeClusters(roles, 0, (Vec3.Zero, Vec3.Zero), []);
        // No electron anywhere (breaker 5 #5): no cluster holds charge, so none is detached; the "main" box is that of
        // every deposit, the event as the data place it (the frame was 50 um around (0, 0, 0), where the truth origin is).
        if (deposits.TotalElectrons() == 0) return new ChargeClusters(roles, 0, DepositBoxMm(deposits), []);
        var charge = System.Buffers.ArrayPool<double>.Shared.Rent(n);
        var voxelOfPoint = System.Buffers.ArrayPool<int>.Shared.Rent(n);
        try
        {
            var q = charge.AsSpan(0, n);
            for (int i = 0; i < n; i++) q[i] = deposits.NumElectrons[i];
            var grid = new VoxelGrid(new ChargeCloud(deposits.X, deposits.Y, deposits.Z, q), settings.RawLinkingLengthMm * 1e-3, voxelOfPoint.AsSpan(0, n));
            var clusters = new ConnectedClusters(grid);
            double significant = Math.Max(settings.SignificantMinElectrons, settings.SignificantMinChargeFraction * grid.TotalCharge());
            int detached = 0;
            var boxOf = new Dictionary<int, (Vec3 Min, Vec3 Max)>();
            for (int c = 1; c < clusters.Count; c++) if (clusters.Charge[c] >= significant) detached++;
            double x0 = double.MaxValue, y0 = double.MaxValue, z0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue, z1 = double.MinValue;
            var x = deposits.X; var y = deposits.Y; var z = deposits.Z;
            for (int i = 0; i < n; i++)
            {
                int v = voxelOfPoint[i];
                int c = v >= 0 ? clusters.ClusterOf[v] : -1;
                if (c == 0)
                {
                    roles[i] = ChargeRole.Main;
                    x0 = Math.Min(x0, x[i]); x1 = Math.Max(x1, x[i]);
                    y0 = Math.Min(y0, y[i]); y1 = Math.Max(y1, y[i]);
                    z0 = Math.Min(z0, z[i]); z1 = Math.Max(z1, z[i]);
                }
                else if (c > 0 && clusters.Charge[c] >= significant)
                {
                    roles[i] = ChargeRole.Detached;
                    var p = new Vec3(x[i], y[i], z[i]);
                    boxOf[c] = boxOf.TryGetValue(c, out var b)
                        ? (new Vec3(Math.Min(b.Min.X, p.X), Math.Min(b.Min.Y, p.Y), Math.Min(b.Min.Z, p.Z)), new Vec3(Math.Max(b.Max.X, p.X), Math.Max(b.Max.Y, p.Y), Math.Max(b.Max.Z, p.Z)))
                        : (p, p);
                }
                else roles[i] = ChargeRole.Minor;
            }
            if (x0 > x1) (x0, x1, y0, y1, z0, z1) = (0, 0, 0, 0, 0, 0);
            var boxes = boxOf.OrderBy(kv => kv.Key).Select(kv => new DetachedCluster(1000 * kv.Value.Min, 1000 * kv.Value.Max, clusters.Charge[kv.Key])).ToList();
            return new ChargeClusters(roles, detached, (1000 * new Vec3(x0, y0, z0), 1000 * new Vec3(x1, y1, z1)), boxes);
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(charge);
            System.Buffers.ArrayPool<int>.Shared.Return(voxelOfPoint);
        }
    }

    /// <summary>Bounding box of every deposit, mm.</summary>
    private static (Vec3 Min, Vec3 Max) DepositBoxMm(Deposits deposits)
    {
        double x0 = double.MaxValue, y0 = double.MaxValue, z0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue, z1 = double.MinValue;
        var x = deposits.X; var y = deposits.Y; var z = deposits.Z;
        for (int i = 0; i < deposits.Count; i++)
        {
            x0 = Math.Min(x0, x[i]); x1 = Math.Max(x1, x[i]);
            y0 = Math.Min(y0, y[i]); y1 = Math.Max(y1, y[i]);
            z0 = Math.Min(z0, z[i]); z1 = Math.Max(z1, z[i]);
        }
        return (1000 * new Vec3(x0, y0, z0), 1000 * new Vec3(x1, y1, z1));
    }
}
