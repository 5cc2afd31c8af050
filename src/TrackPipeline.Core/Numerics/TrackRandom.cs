using System.Runtime.CompilerServices;

namespace TrackPipeline.Numerics;

/// <summary>
/// A seedable random stream for one track and one purpose (xoshiro256**, seeded through SplitMix64).
/// The stream depends only on the run seed, the track key (the pipeline passes a digest of the deposits, <see cref="Tracks.Track.RandomKey"/>) and the stream name, so a track gets the same
/// numbers whatever thread, shard or order it is processed in. Not thread-safe: one instance per track and stage.
/// </summary>
public sealed class TrackRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    public TrackRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The stream <paramref name="stream"/> (e.g. <c>drift</c>) of track <paramref name="trackName"/> in run <paramref name="runSeed"/>.</summary>
    public static TrackRandom For(ulong runSeed, string trackName, string stream) =>
        // The stream hash is rotated so that swapping track and stream names does not give the same seed.
        new(runSeed ^ StableHash.Of(trackName) ^ RotateLeft(StableHash.Of(stream), 29));

    /// <summary>A uniform 64-bit integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>
    /// The generator's state taken out into a local of a hot loop (the drift's three Gaussians and a uniform per clump): a
    /// field of this class is loaded and stored back at every draw, a local struct of four integers stays in registers. The
    /// numbers are the stream's own, in the same order; <see cref="Put"/> hands the state back before anything else draws.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal State Take() => new() { S0 = _s0, S1 = _s1, S2 = _s2, S3 = _s3 };

    /// <summary>Gives back the state <see cref="Take"/> took out, advanced by the draws made from it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Put(State state)
    {
        _s0 = state.S0;
        _s1 = state.S1;
        _s2 = state.S2;
        _s3 = state.S3;
    }

    /// <summary>xoshiro256** by value: the same step as <see cref="NextUInt64"/> (see <see cref="Take"/>).</summary>
    internal struct State
    {
        public ulong S0, S1, S2, S3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong NextUInt64()
        {
            ulong result = RotateLeft(S1 * 5, 7) * 9;
            ulong t = S1 << 17;
            S2 ^= S0;
            S3 ^= S1;
            S1 ^= S2;
            S0 ^= S3;
            S2 ^= t;
            S3 = RotateLeft(S3, 45);
            return result;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>Uniform in (0, 1]: safe to take the logarithm of.</summary>
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="bound"/>) (Lemire's multiply-shift with rejection: no modulo bias).</summary>
    public long NextInt64(long bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound), bound, "must be positive");
        ulong b = (ulong)bound;
        ulong threshold = (0 - b) % b;
        while (true)
        {
            ulong r = NextUInt64();
            ulong high = Math.BigMul(r, b, out ulong low);
            if (low >= threshold) return (long)high;
        }
    }

    /// <summary>Standard normal deviate (Marsaglia polar method; the second value of each pair is kept for the next call).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        return NextGaussianPair();
    }

    /// <summary>Draws a pair of standard normal deviates, returns the first and keeps the second.</summary>
    private double NextGaussianPair()
    {
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spareGaussian = v * f;
        _hasSpare = true;
        return u * f;
    }

    /// <summary>
    /// A standard normal deviate conditioned on exceeding <paramref name="a"/> &gt; 0 (Marsaglia's exponential
    /// rejection for the tail). Used for the value of a noise-only trigger.
    /// </summary>
    public double NextGaussianTail(double a)
    {
        if (a <= 0) throw new ArgumentOutOfRangeException(nameof(a), a, "the tail must start above 0");
        while (true)
        {
            double x = -Math.Log(NextDoubleNonZero()) / a;
            double y = -Math.Log(NextDoubleNonZero());
            if (2.0 * y > x * x) return a + x;
        }
    }

    /// <summary>
    /// The number of successes in <paramref name="n"/> trials of probability <paramref name="p"/>. Exact: an
    /// inversion over the outcomes, starting at 0 when the mean is small and at the mode otherwise
    /// (expected cost O(1 + sqrt(n p q))).
    /// </summary>
    public long Binomial(long n, double p)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "must be non-negative");
        if (!(p >= 0.0 && p <= 1.0)) throw new ArgumentOutOfRangeException(nameof(p), p, "must be a probability");
        if (n == 0 || p == 0.0) return 0;
        if (p == 1.0) return n;
        // Sample the rarer outcome: cheaper, and q^n does not underflow.
        if (p > 0.5) return n - Binomial(n, 1.0 - p);

        double q = 1.0 - p;
        double ratio = p / q;
        if (n * p < 16.0) return BinomialSmallMean(n, p, ratio, SureZeroBelow(n, p));
        return BinomialFromMode(n, p, q, ratio);
    }

    /// <summary>
    /// <see cref="Binomial"/> for a small mean (n p &lt; 16, p &lt;= 0.5), with p / (1 - p) and <see cref="SureZeroBelow"/>
    /// worked out by the caller: a caller drawing many times with the same p (the drift's electron capture, once per
    /// sub-clump) pays the division and the checks once. Same draws and results as <see cref="Binomial"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long BinomialSmallMean(long n, double p, double ratio, double sureZeroBelow)
    {
        // f(0) = q^n >= 1 - n p (Bernoulli's inequality): a u below that, less a margin far wider than the rounding of
        // exp and log1p, draws 0 whatever f(0)'s last bits, so the exponential is skipped. Same draws, same results;
        // it is the common case of the drift's electron capture (n <= 12, p ~ 1e-3).
        double u = NextDouble();
        return u < sureZeroBelow ? 0 : SequentialInversion(u, n, p, ratio, sureZeroBelow);
    }

    /// <summary>
    /// <see cref="BinomialSmallMean"/> past its first uniform <paramref name="u"/>, drawn by the caller and found not below
    /// <paramref name="sureZeroBelow"/>: the rare case, where the caller's p / (1 - p) is worked out.
    /// </summary>
    internal long BinomialSmallMeanFrom(double u, long n, double p, double sureZeroBelow) =>
        SequentialInversion(u, n, p, p / (1.0 - p), sureZeroBelow);

    /// <summary>1 - n p less the margin: a uniform below this draws 0 successes (see <see cref="BinomialSmallMean"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double SureZeroBelow(long n, double p) => 1.0 - n * p - SureZeroMargin;

    /// <summary>Sequential inversion from 0, f(k+1) = f(k) (n-k)/(k+1) p/q, starting with the uniform <paramref name="u"/> already drawn.</summary>
    private long SequentialInversion(double u, long n, double p, double ratio, double sureZeroBelow)
    {
        while (true)
        {
            double f = Math.Exp(n * double.LogP1(-p));
            for (long k = 0; ; k++)
            {
                if (u < f) return k;
                u -= f;
                if (k == n) break; // rounding left u above the total: draw again
                f *= (n - k) / (double)(k + 1) * ratio;
            }
            u = NextDouble();
            if (u < sureZeroBelow) return 0;
        }
    }

    /// <summary>Margin below 1 - n p within which <see cref="Binomial"/> still computes q^n (its rounding is ~1e-16 relative).</summary>
    private const double SureZeroMargin = 1e-9;

    private long BinomialFromMode(long n, double p, double q, double ratio)
    {
        long mode = (long)Math.Floor((n + 1) * p);
        if (mode > n) mode = n;
        double logPmfMode = LogFactorial(n) - LogFactorial(mode) - LogFactorial(n - mode) + mode * Math.Log(p) + (n - mode) * Math.Log(q);
        double pmfMode = Math.Exp(logPmfMode);
        while (true)
        {
            // Visit outcomes in order of decreasing probability (outward from the mode); any fixed order of
            // visiting gives exact samples, this one gives the shortest walk.
            double u = NextDouble() - pmfMode;
            if (u < 0) return mode;
            long lo = mode, hi = mode;
            double fLo = pmfMode, fHi = pmfMode;
            double nextLo = lo > 0 ? fLo * lo / (double)(n - lo + 1) / ratio : 0.0;
            double nextHi = hi < n ? fHi * (n - hi) / (double)(hi + 1) * ratio : 0.0;
            while (nextLo > 0 || nextHi > 0)
            {
                if (nextHi >= nextLo)
                {
                    hi++;
                    fHi = nextHi;
                    u -= fHi;
                    if (u < 0) return hi;
                    nextHi = hi < n ? fHi * (n - hi) / (double)(hi + 1) * ratio : 0.0;
                }
                else
                {
                    lo--;
                    fLo = nextLo;
                    u -= fLo;
                    if (u < 0) return lo;
                    nextLo = lo > 0 ? fLo * lo / (double)(n - lo + 1) / ratio : 0.0;
                }
                if (fLo < 1e-300 && fHi < 1e-300) break; // only rounding left: draw again
            }
        }
    }

    private static readonly double[] SmallLogFactorials = BuildLogFactorials(256);

    private static double[] BuildLogFactorials(int count)
    {
        var t = new double[count];
        for (int i = 1; i < count; i++) t[i] = t[i - 1] + Math.Log(i);
        return t;
    }

    /// <summary>ln(k!): a table below 256, Stirling's series (error below 1e-15 relative) above.</summary>
    internal static double LogFactorial(long k)
    {
        if (k < SmallLogFactorials.Length) return SmallLogFactorials[k];
        double x = k + 1.0;
        double inv = 1.0 / x, inv2 = inv * inv;
        return (x - 0.5) * Math.Log(x) - x + 0.91893853320467274178 + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 / 1680)));
    }

    private static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
