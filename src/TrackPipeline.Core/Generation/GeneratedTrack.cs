using TrackPipeline.Tracks;

namespace TrackPipeline.Generation;

/// <summary>
/// One simulated track: deposits (cm, electrons), the truth interactions and the energy balance. Energies in MeV.
/// Deposited + escaped = primary energy (up to rounding), which the tests check.
/// </summary>
public sealed class GeneratedTrack
{
    public required Particle Particle { get; init; }
    public required double EnergyMeV { get; init; }
    public required Vec3 InitialDirection { get; init; }
    /// <summary>Electrons and positrons: the start point; photons: the first interaction point (cm).</summary>
    public required Vec3 Origin { get; init; }
    /// <summary>compton, photo, pair, or n/a (charged primaries; photons that left the world untouched).</summary>
    public required string FirstInteraction { get; init; }
    public required double[] X { get; init; }
    public required double[] Y { get; init; }
    public required double[] Z { get; init; }
    public required long[] Electrons { get; init; }
    /// <summary>Truth only: each deposit's <see cref="PairLeptonTag"/> (which lepton of the first pair it descends from, or neither).</summary>
    public required byte[] PairLepton { get; init; }
    public required InteractionLog Brem { get; init; }
    public required InteractionLog Compton { get; init; }
    public required InteractionLog Photo { get; init; }
    public required InteractionLog Pair { get; init; }
    /// <summary>The e- and e+ leaving each pair vertex, one entry per <see cref="Pair"/> entry.</summary>
    public required PairLeptonLog PairLeptons { get; init; }
    public required double DepositedMeV { get; init; }
    public required double EscapedMeV { get; init; }
    public required int Steps { get; init; }

    public long TotalElectrons => Electrons.Sum();
}
