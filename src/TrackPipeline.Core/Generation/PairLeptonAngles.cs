using TrackPipeline.Numerics;
using TrackPipeline.Tracks;

namespace TrackPipeline.Generation;

/// <summary>
/// Directions of the electron and positron of a pair conversion, sampled as PENELOPE (2008, subroutine GPPa; Geant4's
/// <c>G4PenelopeGammaConversionModel</c>) samples them, since the sample the classifier is judged on is PENELOPE's:
/// each lepton's polar angle from the leading term of the high-energy (Sauter / Heitler) distribution
/// <code>
///   p(cos theta) ~ (1 - beta cos theta)^-2,  sampled as  cos theta = (nu E + p c) / (E + nu p c),  nu uniform in [-1, 1],
/// </code>
/// (E the lepton's total energy, p its momentum; median theta = 1/gamma), and the two azimuths INDEPENDENTLY uniform.
/// The Tsai/Urban u-distribution with opposite azimuths used before (Geant4's standard model) puts the two leptons
/// in one plane with the photon on opposite sides, so its opening angle is always theta+ + theta-; with independent
/// azimuths the mean opening angle is about 3/4 of the mean sum (0.77 for 5 + 5 MeV, <c>PairLeptonAnglesTests</c>), i.e. the
/// PENELOPE pairs leave the vertex narrower and stay within a pixel of each other for longer. The real correlation
/// (the nucleus takes the transverse momentum; exact 5-D Bethe-Heitler, Bernard, NIM A 729 (2013) 765) lies between.
/// </summary>
public static class PairLeptonAngles
{
    /// <summary>cos(theta) of a lepton of kinetic energy <paramref name="kineticMeV"/> relative to the photon direction.</summary>
    public static double SampleCosTheta(double kineticMeV, TrackRandom rng)
    {
        double total = kineticMeV + PhysicalConstants.ElectronMass;
        double momentum = Math.Sqrt(kineticMeV * (kineticMeV + 2 * PhysicalConstants.ElectronMass));
        double nu = 2 * rng.NextDouble() - 1;
        return (nu * total + momentum) / (total + nu * momentum);
    }

    /// <summary>Directions of the electron and positron (kinetic energies in MeV) around the photon direction <paramref name="photon"/>.</summary>
    public static (Vec3 Electron, Vec3 Positron) Sample(Vec3 photon, double electronKineticMeV, double positronKineticMeV, TrackRandom rng)
    {
        var electron = Direction.Deflect(photon, SampleCosTheta(electronKineticMeV, rng), 2 * Math.PI * rng.NextDouble());
        var positron = Direction.Deflect(photon, SampleCosTheta(positronKineticMeV, rng), 2 * Math.PI * rng.NextDouble());
        return (electron, positron);
    }
}
