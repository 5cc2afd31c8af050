using System.Runtime.CompilerServices;

namespace TrackPipeline.Numerics;

/// <summary>
/// Standard normal deviates by the ziggurat method (Marsaglia and Tsang, J. Stat. Softw. 5 (2000) 8) in Doornik's form
/// (ZIGNOR, 2005: the layer and the abscissa from independent bits, so the deviates pass the tests the original failed),
/// with 256 layers. One 64-bit draw gives the layer (low 8 bits) and a signed abscissa (high 53 bits); 99 % of deviates
/// are that draw times a table entry, with no logarithm, square root or second draw. The rest go through the exact
/// wedge test (two exponentials) or Marsaglia's exponential sampler for the tail beyond R.
/// <para>Why a second Gaussian: the drift draws three per sub-clump (6 million on the sample) and the polar method's
/// loop, logarithm and square root were 9 % of a whole run's CPU. <see cref="TrackRandom.NextGaussian"/> stays the polar
/// method: the generator's stream (the training set) is defined by it.</para>
/// </summary>
public static class ZigguratGaussian
{
    private const int Layers = 256;
    /// <summary>Right edge of the base layer's rectangle, and the area V of each layer, for 256 layers (Marsaglia and Tsang, table 1).</summary>
    private const double R = 3.6541528853610088;
    private const double V = 0.00492867323399;

    /// <summary>X[i]: the right edge of layer i (X[0] = V / f(R), the base strip's equivalent width; X[256] = 0).</summary>
    private static readonly double[] X = LayerEdges();
    /// <summary>X[i + 1] / X[i]: below this |u| a point of layer i lies under the curve whatever its height.</summary>
    private static readonly double[] CoreRatio = Layer(i => X[i + 1] / X[i]);
    /// <summary>X[i] / 2^52: the signed 53-bit integer of the draw (plus a half) times this is u X[i], u uniform in (-1, 1).</summary>
    private static readonly double[] XScaled = Layer(i => X[i] * Unit);

    /// <summary>Edges of equal-area layers under f(x) = exp(-x^2 / 2), from the base up (Marsaglia and Tsang's recursion).</summary>
    private static double[] LayerEdges()
    {
        var x = new double[Layers + 1];
        double f = Math.Exp(-0.5 * R * R);
        x[0] = V / f;
        x[1] = R;
        for (int i = 2; i < Layers; i++)
        {
            x[i] = Math.Sqrt(-2 * Math.Log(V / x[i - 1] + f));
            f = Math.Exp(-0.5 * x[i] * x[i]);
        }
        x[Layers] = 0;
        return x;
    }

    private static double[] Layer(Func<int, double> value)
    {
        var t = new double[Layers];
        for (int i = 0; i < Layers; i++) t[i] = value(i);
        return t;
    }

    /// <summary>2^-52: a signed 53-bit integer (-2^52 .. 2^52 - 1) times this is uniform in [-1, 1).</summary>
    private const double Unit = 1.0 / (1L << 52);

    /// <summary>A standard normal deviate from <paramref name="random"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Next(TrackRandom random)
    {
        ulong bits = random.NextUInt64();
        int layer = (int)(bits & (Layers - 1));
        // The high 53 bits as a signed integer, offset by a half so that u is symmetric about 0 and never exactly 0 or -1.
        long signed = (long)bits >> 11;
        double scaled = signed + 0.5;
        // |u| < X[i+1] / X[i], i.e. |scaled| < X[i+1] / X[i] 2^52: the rectangle under the curve (99 % of draws).
        if (Math.Abs(scaled) * Unit < CoreRatio[layer]) return scaled * XScaled[layer];
        return Rare(random, layer, scaled * Unit);
    }

    /// <summary>
    /// <see cref="Next(TrackRandom)"/> drawing from a state taken out of <paramref name="owner"/> (<see cref="TrackRandom.Take"/>):
    /// the same deviate from the same stream, the generator in registers. The rare draw outside the core gives the state
    /// back to <paramref name="owner"/> for the wedge or tail and takes it again after.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double Next(ref TrackRandom.State state, TrackRandom owner)
    {
        ulong bits = state.NextUInt64();
        int layer = (int)(bits & (Layers - 1));
        double scaled = ((long)bits >> 11) + 0.5;
        if (Math.Abs(scaled) * Unit < CoreRatio[layer]) return scaled * XScaled[layer];
        owner.Put(state);
        double deviate = Rare(owner, layer, scaled * Unit);
        state = owner.Take();
        return deviate;
    }

    /// <summary>The wedge and the tail: a draw outside its layer's core rectangle.</summary>
    private static double Rare(TrackRandom random, int layer, double u)
    {
        while (true)
        {
            if (layer == 0) return Tail(random, u < 0);
            double x = u * X[layer];
            // A height uniform between f(X[i]) and f(X[i+1]), compared with f(x), all divided by f(x).
            double f0 = Math.Exp(-0.5 * (X[layer] * X[layer] - x * x));
            double f1 = Math.Exp(-0.5 * (X[layer + 1] * X[layer + 1] - x * x));
            if (f1 + random.NextDouble() * (f0 - f1) < 1.0) return x;
            // Rejected: a new draw, which may land in a core again.
            ulong bits = random.NextUInt64();
            layer = (int)(bits & (Layers - 1));
            u = (((long)bits >> 11) + 0.5) * Unit;
            if (Math.Abs(u) < CoreRatio[layer]) return u * X[layer];
        }
    }

    /// <summary>The normal tail beyond R (Marsaglia's exponential rejection), with the sign given.</summary>
    private static double Tail(TrackRandom random, bool negative)
    {
        double x, y;
        do
        {
            x = -Math.Log(random.NextDoubleNonZero()) / R;
            y = -Math.Log(random.NextDoubleNonZero());
        } while (2 * y < x * x);
        return negative ? -(R + x) : R + x;
    }
}
