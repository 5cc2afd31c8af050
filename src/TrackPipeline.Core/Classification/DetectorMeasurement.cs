using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;

namespace TrackPipeline.Classification;

/// <summary>
/// What the detector measured of one track, as the classifier's view (<see cref="DetectorView"/>) sees it: the charge
/// (the triggered pixel samples, or a perfect detector's raw deposits), the shape the topology stage measured on that
/// charge, and the charge-only reconstruction. Everything the features are computed from; no truth, no names.
/// </summary>
public readonly ref struct DetectorMeasurement
{
    /// <summary>The triggered pixels: sample centres and charge, and the pitch they are voxelised at.</summary>
    /// <param name="skeleton">The topology stage's grid and skeleton of these pixels, reused by the charge profile (null: built again).</param>
    public static DetectorMeasurement OfPixels(ChargeCloud pixels, double pitchM, ShapeFeatures shape, TrackReconstruction? reconstruction, MainSkeleton? skeleton = null) =>
        new(DetectorView.Pixels, pixels.X, pixels.Y, pixels.Z, pixels.Charge, default, pitchM, shape, reconstruction) { Skeleton = skeleton };

    /// <summary>A perfect detector: the raw deposits and their electrons.</summary>
    public static DetectorMeasurement OfDeposits(Tracks.Deposits deposits, ShapeFeatures shape, TrackReconstruction? reconstruction) =>
        new(DetectorView.PerfectDetector, deposits.X, deposits.Y, deposits.Z, default, deposits.NumElectrons, double.NaN, shape, reconstruction);

    private DetectorMeasurement(DetectorView view, ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> z, ReadOnlySpan<double> chargeE,
        ReadOnlySpan<int> electrons, double pitchM, ShapeFeatures shape, TrackReconstruction? reconstruction)
    {
        View = view;
        X = x; Y = y; Z = z; ChargeE = chargeE; Electrons = electrons; PitchM = pitchM;
        Shape = shape; Reconstruction = reconstruction;
    }

    public DetectorView View { get; }
    public ReadOnlySpan<double> X { get; }
    public ReadOnlySpan<double> Y { get; }
    public ReadOnlySpan<double> Z { get; }
    /// <summary>Charge of each pixel sample (empty in the perfect-detector view, which has <see cref="Electrons"/>).</summary>
    public ReadOnlySpan<double> ChargeE { get; }
    /// <summary>Electrons of each raw deposit (perfect-detector view only).</summary>
    public ReadOnlySpan<int> Electrons { get; }
    /// <summary>Voxel side of the pixel samples (NaN in the perfect-detector view).</summary>
    public double PitchM { get; }
    /// <summary>The topology stage's shape of this charge.</summary>
    public ShapeFeatures Shape { get; }
    /// <summary>The topology stage's voxel grid and main-cluster skeleton of this charge, when it kept them.</summary>
    public MainSkeleton? Skeleton { get; init; }
    /// <summary>The charge-only pair fit and track start (null when the reconstruction did not run).</summary>
    public TrackReconstruction? Reconstruction { get; }
}
