using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>The simulation truth drawn over a track, in millimetres: origin, initial direction and interaction vertices.</summary>
public sealed class TruthMarkers
{
    public required Vec3 OriginMm { get; init; }
    /// <summary>Unit vector (zero when unknown).</summary>
    public required Vec3 Direction { get; init; }
    public Vec3[] BremMm { get; init; } = [];
    public Vec3[] ComptonMm { get; init; } = [];
    public Vec3[] PhotoMm { get; init; } = [];
    public Vec3[] PairMm { get; init; } = [];

    public static TruthMarkers FromTruth(TrackTruth truth) => new()
    {
        OriginMm = 1000 * truth.Origin,
        Direction = truth.InitialDirection.Normalized(),
        BremMm = ToMm(truth.Brem),
        ComptonMm = ToMm(truth.Compton),
        PhotoMm = ToMm(truth.Photo),
        PairMm = ToMm(truth.Pair),
    };

    private static Vec3[] ToMm(InteractionPoints p) => Array.ConvertAll(p.Positions, v => 1000 * v);
}
