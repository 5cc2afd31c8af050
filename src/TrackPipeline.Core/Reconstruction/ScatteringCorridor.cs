using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>
/// The corridor around a line from the vertex in which a direction fit counts charge: a half-width at the vertex (the stem
/// of two leptons) plus a number of the expected lateral scattering displacements at the path s, so a lepton scattered as
/// Highland says stays in and a brem or the far part of a curled lepton stays out. Both photon fits
/// (<see cref="MultipleScatteringFit"/>, <see cref="ScatteringWeightedLine"/>) run it in two passes, the second around the
/// first pass's line.
/// </summary>
/// <param name="HalfWidthM">Half-width at the vertex (Reconstruction:PhotonFitCorridorMm).</param>
/// <param name="Sigmas">Lateral reach in units of the scattering displacement (Reconstruction:PhotonFitCorridorSigmas).</param>
public readonly record struct ScatteringCorridor(double HalfWidthM, double Sigmas)
{
    /// <summary>Passes of a corridor fit: the first around the seed line, the second around the first fit's line.</summary>
    public const int Passes = 2;

    /// <summary>Whether a voxel at squared lateral distance <paramref name="lateral2"/> (m^2) from the line lies inside, where the
    /// expected scattering displacement is <paramref name="scatteringSigmaM"/>.</summary>
    public bool Contains(double lateral2, double scatteringSigmaM)
    {
        double reach = HalfWidthM + Sigmas * scatteringSigmaM;
        return !(lateral2 > reach * reach);
    }

    /// <summary>Two unit vectors perpendicular to <paramref name="axis"/> and to each other: the lateral coordinates of a line fit.</summary>
    public static (Vec3, Vec3) Transverse(Vec3 axis)
    {
        var helper = Math.Abs(axis.X) < 0.9 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0);
        var e1 = axis.Cross(helper).Normalized();
        return (e1, axis.Cross(e1));
    }
}
