using TrackPipeline.Tracks;
using TrackPipeline.Numerics;

namespace TrackPipeline.Drift;

/// <summary>
/// Drifts a track's ionization to the anode (the reference's <c>Tracks.apply_drift</c>): places the anode on the
/// track's simple cell, splits clumps to at most a fraction of the fine readout noise, keeps each clump's
/// electrons with probability exp(-t / lifetime) (binomial), and displaces it by Gaussian diffusion with
/// sigma_T = sqrt(2 D_T t) in x, y and sigma_L = sqrt(2 D_L t) in z (Gaussians by the ziggurat, <see cref="ZigguratGaussian"/>). A pure function of the deposits and the random
/// stream it is given: it knows nothing of the pipeline (the pipeline's <c>DriftStage</c> seeds the stream per track).
/// </summary>
public sealed class ChargeDrift
{
    /// <summary>Random stream name of the drift (see <see cref="TrackRandom.For"/>).</summary>
    public const string RandomStream = "drift";

    private readonly DriftSettings _drift;
    private readonly double _cellPaddingM;
    private readonly double _maxClumpElectrons;

    public ChargeDrift(MediumSettings medium, DriftSettings drift, AnodeGeometry anode)
    {
        _drift = drift;
        Transport = new LArTransport(medium, drift.FieldVPerM);
        _cellPaddingM = anode.CellPaddingPitchM;
        _maxClumpElectrons = drift.Decompress ? drift.DecompressionNoiseFraction * anode.DecompressionNoiseE : double.PositiveInfinity;
    }

    public LArTransport Transport { get; }

    /// <summary>Drifts <paramref name="deposits"/> with random numbers from <paramref name="random"/>.</summary>
    public DriftedCharge Apply(Deposits deposits, TrackRandom random)
    {
        if (deposits.Count == 0) return new DriftedCharge([], [], [], [], 0, new SimpleCell(0, 0, 0, 0), 0);
        var (min, max) = deposits.Bounds;
        var cell = AnodePlacement.SimpleCell(min, max, _cellPaddingM);

        var xs = deposits.X;
        var ys = deposits.Y;
        var zs = deposits.Z;
        var ns = deposits.NumElectrons.AsSpan();
        long capacity = ChargeDecompression.TotalSubClumps(ns, _maxClumpElectrons);
        if (capacity > Array.MaxLength) throw new InvalidOperationException($"decompression would make {capacity} clumps");

        // Rented: the pipeline returns them when the track is written (DriftedCharge.ReturnBuffers).
        var buffers = ClumpBuffers.Rent((int)capacity);
        var outX = buffers.X;
        var outY = buffers.Y;
        var outZ = buffers.Z;
        var outN = buffers.Electrons;

        // A drawn depth comes first from the stream, so the rest of the drift is as reproducible as without it.
        double zAnode = cell.ZAnodeM + _drift.DepthM + (_drift.DepthSpreadM > 0 ? _drift.DepthSpreadM * random.NextDouble() : 0);
        double v = Transport.DriftVelocityMPerS;
        double attenuationLengthM = v * _drift.ElectronLifetimeS; // +inf for no capture
        double twoDt = 2 * Transport.TransverseDiffusionM2PerS;
        double twoDl = 2 * Transport.LongitudinalDiffusionM2PerS;
        long inBounds = 0;
        int count = 0;
        // The clumps' z summed as they are made, in clump order: the readout's mean z (DriftedCharge.MeanZ) without a pass of its own.
        double sumZ = 0;

        // The generator in a local for the loop (TrackRandom.Take): the same numbers in the same order, kept in registers.
        var state = random.Take();
        for (int i = 0; i < ns.Length; i++)
        {
            int n = ns[i];
            double distance = zAnode - zs[i];
            if (n <= 0 || !(distance > 0)) continue; // above the anode: never read, as in the reference
            inBounds += n;
            double t = distance / v;
            double survival = Math.Exp(-distance / attenuationLengthM);
            double sigmaT = Math.Sqrt(twoDt * t);
            double sigmaL = Math.Sqrt(twoDl * t);
            int k = ChargeDecompression.SubClumpCount(n, _maxClumpElectrons);
            // ChargeDecompression.SubClumpSize without a division per sub-clump: the first n mod k get one more (none
            // to divide for a deposit left whole, the common case).
            int smaller = n, larger = 0;
            if (k > 1) smaller = Math.DivRem(n, k, out larger);
            var capture = new ElectronCapture(survival, smaller);
            for (int j = 0; j < k; j++)
            {
                int size = j < larger ? smaller + 1 : smaller;
                int survivors = capture.Survivors(size, ref state, random);
                if (survivors == 0) continue;
                outX[count] = xs[i] + sigmaT * ZigguratGaussian.Next(ref state, random);
                outY[count] = ys[i] + sigmaT * ZigguratGaussian.Next(ref state, random);
                double z = zs[i] + sigmaL * ZigguratGaussian.Next(ref state, random);
                outZ[count] = z;
                sumZ += z;
                outN[count] = survivors;
                count++;
            }
        }
        random.Put(state);
        return new DriftedCharge(buffers, count, cell, inBounds, sumZ);
    }
}
