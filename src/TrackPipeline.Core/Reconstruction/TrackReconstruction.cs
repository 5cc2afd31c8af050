using TrackPipeline.Tracks;

namespace TrackPipeline.Reconstruction;

/// <summary>One lepton of a pair: its initial direction (with the fit's scattering + pitch error) and its energy.</summary>
/// <param name="ProngEnergyKev">Charge of its prong (plus half the charge inside the split sphere), as energy.</param>
/// <param name="BremEnergyKev">Charge of the detached clusters credited to it (its converted brems), as energy.</param>
/// <param name="EnergyKev">The energy estimate used: the charge's (prong plus credited brems; the split from the multiple scattering
/// was measured worse and removed in issue 10 round 9, docs/reconstruction.md round 8).</param>
/// <param name="ScatteringKineticMeV">Kinetic energy from its multiple scattering (<see cref="MultipleScatteringMomentum"/>); NaN when not measured.</param>
/// <param name="ScatteringSigmaLn">Error of that estimate in ln T; infinite when the track was too straight to bound it from above.</param>
public readonly record struct Lepton(Vec3 Direction, double DirectionSigmaDeg, double ProngEnergyKev, double BremEnergyKev, double EnergyKev,
    double ScatteringKineticMeV, double ScatteringSigmaLn)
{
    /// <summary>A lepton whose energy is its charge's (no scattering momentum measured).</summary>
    public Lepton(Vec3 direction, double directionSigmaDeg, double prongEnergyKev, double bremEnergyKev)
        : this(direction, directionSigmaDeg, prongEnergyKev, bremEnergyKev, prongEnergyKev + bremEnergyKev, double.NaN, double.PositiveInfinity) { }

    /// <summary>The energy its charge gives: prong plus credited brems.</summary>
    public double ChargeEnergyKev => ProngEnergyKev + BremEnergyKev;
}

/// <summary>A pair conversion seen in the charge: vertex, the two leptons (A the harder), and the photon they came from.</summary>
/// <param name="EnergySplit">E_B / E_A of the credited energies, in [0, 1] (same convention as the prong symmetry).</param>
/// <param name="PhotonSigmaDeg">Projected direction error from the leptons' errors, energy-weighted.</param>
public sealed record PairKinematics(
    Vec3 Vertex, double SplitRadiusMm, Lepton A, Lepton B, double OpeningAngleDeg, double EnergySplit, Vec3 PhotonDirection, double PhotonSigmaDeg)
{
    /// <summary>
    /// The pair of leptons <paramref name="a"/> (the harder) and <paramref name="b"/> seen from <paramref name="vertex"/>: their
    /// opening angle, the energy split b / a, and the photon's error from the leptons' (energy-weighted, in quadrature).
    /// </summary>
    public static PairKinematics Of(Vec3 vertex, double splitRadiusM, Lepton a, Lepton b, Vec3 photon)
    {
        double sa = a.EnergyKev * a.DirectionSigmaDeg, sb = b.EnergyKev * b.DirectionSigmaDeg;
        return new PairKinematics(vertex, splitRadiusM * 1e3, a, b,
            Math.Acos(Math.Clamp(a.Direction.Dot(b.Direction), -1, 1)) * 180 / Math.PI,
            a.EnergyKev > 0 ? b.EnergyKev / a.EnergyKev : 0,
            photon, Math.Sqrt(sa * sa + sb * sb) / (a.EnergyKev + b.EnergyKev));
    }
}

/// <summary>Where and in which direction an electron track starts: the less dense of its two ends (the other is the Bragg end).</summary>
/// <param name="EndDensityRatio">Charge near the stopping end over charge near the start (1 = no preference; larger = surer).</param>
public sealed record ElectronStart(Vec3 Start, double StartSigmaMm, Vec3 Direction, double DirectionSigmaDeg, double EndDensityRatio, double EnergyKev);

/// <summary>The photon's line from the charge at the pair vertex (<see cref="VertexLine"/>), with its projected error.</summary>
public sealed record PhotonLine(Vec3 Vertex, Vec3 Direction, double SigmaDeg);

/// <summary>
/// The reconstruction of one track from its charge: the photon's line at the vertex, pair kinematics when two prongs
/// separate there, and the start of the main track.
/// </summary>
/// <param name="PhotonFromPair">The photon is the pair's energy-weighted leptons (per-lepton fits), not the line at the vertex.</param>
public sealed record TrackReconstruction(PairKinematics? Pair, ElectronStart? Start, PhotonLine? Line = null, bool PhotonFromPair = false)
{
    private bool UsesPair => Pair is not null && (PhotonFromPair || Line is null);

    /// <summary>
    /// The photon direction: the pair's energy-weighted leptons when they were fitted one by one, else the line at the
    /// vertex, else the pair's leptons, else the main track's initial direction (docs/reconstruction.md measures each).
    /// </summary>
    public Vec3? PhotonDirection => UsesPair ? Pair!.PhotonDirection : Line?.Direction ?? Start?.Direction;
    public double? PhotonSigmaDeg => UsesPair ? Pair!.PhotonSigmaDeg : Line?.SigmaDeg ?? Start?.DirectionSigmaDeg;
    /// <summary>The pair vertex from the charge: where the photon's line starts (or the pair's, without a line).</summary>
    public Vec3? Vertex => Line?.Vertex ?? Pair?.Vertex;
    public string PhotonMethod => UsesPair ? "pair" : Line is not null ? "vertex_line" : Start is not null ? "single_track" : "none";

    public static readonly TrackReconstruction None = new(null, null);
}
