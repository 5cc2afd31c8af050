using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// The soft elastic deflection a charged particle gets at the random hinge of a condensed-history step: the whole step's
/// multiple scattering in the fine class II steps (<see cref="ClassIIScattering"/>), only the collisions below the hard
/// cut in PENELOPE's mixed scheme (<see cref="MixedElasticScattering"/>). The step itself (soft loss, hinge, stop) is the
/// same for both (TrackGenerator.HingeStep); a struct per scheme, so the hot loop neither allocates nor calls through a delegate.
/// </summary>
internal interface ISoftScattering
{
    /// <summary>cos theta of the deflection over a step of <paramref name="stepCm"/>.</summary>
    double SampleCosTheta(double stepCm, TrackRandom rng);
}

/// <summary>All elastic scattering of a step of the fine transport, with transport mean free path <paramref name="Lambda1Cm"/>.</summary>
internal readonly record struct ClassIIScattering(double Lambda1Cm) : ISoftScattering
{
    public double SampleCosTheta(double stepCm, TrackRandom rng) => MultipleScattering.SampleCosTheta(stepCm / Lambda1Cm, rng);
}
