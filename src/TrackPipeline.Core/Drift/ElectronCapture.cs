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
    private readonly double _survival, _captured, _odds, _allSurviveSmaller, _allSurviveLarger;
    private readonly int _smaller;
    private readonly bool _fast;

    /// <param name="survival">Probability that one electron reaches the anode.</param>
    /// <param name="smaller">The smaller of the deposit's two sub-clump sizes (the other is one more).</param>
    public ElectronCapture(double survival, int smaller)
    {
        _survival = survival;
        _smaller = smaller;
        _captured = 1.0 - survival;
        // TrackRandom.Binomial samples the rarer outcome; the fast path is the usual drift, capture the rare one with a
        // small mean for both sizes. Anything else (a short lifetime) goes through Binomial itself.
        _fast = survival > 0.5 && survival < 1.0 && smaller >= 0 && (smaller + 1L) * _captured < 16.0;
        _odds = _captured / (1.0 - _captured);
        _allSurviveSmaller = TrackRandom.SureZeroBelow(smaller, _captured);
        _allSurviveLarger = TrackRandom.SureZeroBelow(smaller + 1L, _captured);
    }

    /// <summary>Electrons of a sub-clump of <paramref name="size"/> (the deposit's smaller size or one more) that survive.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Survivors(int size, TrackRandom random)
    {
        if (!_fast || size == 0) return _survival == 1.0 ? size : (int)random.Binomial(size, _survival);
        double allSurvive = size == _smaller ? _allSurviveSmaller : _allSurviveLarger;
        return size - (int)random.BinomialSmallMean(size, _captured, _odds, allSurvive);
    }
}
