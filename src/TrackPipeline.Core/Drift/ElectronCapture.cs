using System.Runtime.CompilerServices;
using TrackPipeline.Numerics;

namespace TrackPipeline.Drift;

/// <summary>
/// Capture of drifting electrons on impurities for the sub-clumps of one deposit: each electron survives with
/// probability exp(-t / lifetime), so the survivors of a sub-clump are Binomial(size, survival). The same draws as
/// <see cref="TrackRandom.Binomial"/> (the rarer outcome, capture, is sampled), with what depends only on the
/// deposit (the capture probability, its odds, the sure-survival threshold of both sub-clump sizes) worked out once
/// per deposit instead of once per sub-clump.
/// </summary>
internal readonly struct ElectronCapture
{
    private readonly double _survival, _captured, _allSurviveSmaller, _allSurviveLarger;
    private readonly int _smaller;
    private readonly bool _fast;

    /// <param name="survival">Probability that one electron reaches the anode.</param>
    /// <param name="smaller">The smaller of the deposit's two sub-clump sizes (the other is one more).</param>
    // Once per deposit (4 M on the sample): inlined, it was a call (0.02 CPU-s, and as much again in SureZeroBelow).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ElectronCapture(double survival, int smaller)
    {
        _survival = survival;
        _smaller = smaller;
        _captured = 1.0 - survival;
        // TrackRandom.Binomial samples the rarer outcome; the fast path is the usual drift, capture the rare one with a
        // small mean for both sizes. Anything else (a short lifetime) goes through Binomial itself.
        _fast = survival > 0.5 && survival < 1.0 && smaller >= 0 && (smaller + 1L) * _captured < 16.0;
        _allSurviveSmaller = TrackRandom.SureZeroBelow(smaller, _captured);
        _allSurviveLarger = TrackRandom.SureZeroBelow(smaller + 1L, _captured);
    }

    /// <summary>Electrons of a sub-clump of <paramref name="size"/> (the deposit's smaller size or one more) that survive.</summary>
    public int Survivors(int size, TrackRandom random)
    {
        var state = random.Take();
        int survivors = Survivors(size, ref state, random);
        random.Put(state);
        return survivors;
    }

    /// <summary>
    /// <see cref="Survivors(int, TrackRandom)"/> drawing from a state taken out of <paramref name="owner"/>
    /// (<see cref="TrackRandom.Take"/>): one uniform in registers in the usual case, the state handed back to
    /// <paramref name="owner"/> for the rest.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Survivors(int size, ref TrackRandom.State state, TrackRandom owner)
    {
        if (!_fast || size == 0)
        {
            if (_survival == 1.0) return size;
            owner.Put(state);
            int drawn = (int)owner.Binomial(size, _survival);
            state = owner.Take();
            return drawn;
        }
        // TrackRandom.BinomialSmallMean, its first uniform drawn here: below 1 - n p (less a margin) nothing is captured.
        double allSurvive = size == _smaller ? _allSurviveSmaller : _allSurviveLarger;
        double u = state.NextDouble();
        if (u < allSurvive) return size;
        owner.Put(state);
        int captured = (int)owner.BinomialSmallMeanFrom(u, size, _captured, allSurvive);
        state = owner.Take();
        return size - captured;
    }
}
