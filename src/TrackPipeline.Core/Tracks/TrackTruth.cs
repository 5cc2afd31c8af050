namespace TrackPipeline.Tracks;

/// <summary>The simulation truth of a track, from its <c>.pickle</c> (units: metres, keV).</summary>
public sealed class TrackTruth
{
    public required long NumElectrons { get; init; }
    public required double TrackEnergyKev { get; init; }
    /// <summary>Electrons: the start point; photons: the first interaction point.</summary>
    public required Vec3 Origin { get; init; }
    public required Vec3 InitialDirection { get; init; }
    /// <summary><c>compton</c>, <c>photo</c>, <c>pair</c> or <c>n/a</c>.</summary>
    public required string FirstInteraction { get; init; }
    public required InteractionPoints Brem { get; init; }
    public required InteractionPoints Compton { get; init; }
    public required InteractionPoints Photo { get; init; }
    public required InteractionPoints Pair { get; init; }
    /// <summary>The e- and e+ of each pair creation (one per <see cref="Pair"/> entry); empty when the pickle lacks them (PENELOPE).</summary>
    public IReadOnlyList<PairLeptonTruth> PairLeptons { get; init; } = [];
    /// <summary>
    /// The generator's <c>deposit_pair_lepton</c>: per deposit, 0 neither, 1 the first pair's e- and its descendants, 2 its
    /// e+ (the generator's PairLeptonTag); empty when the pickle lacks it (PENELOPE). For studies and labels only.
    /// </summary>
    public IReadOnlyList<byte> DepositPairLepton { get; init; } = [];
    /// <summary><c>meta.initial_particle</c> (electrons, photons, positrons), or null when the pickle does not say.</summary>
    public string? InitialParticle { get; init; }
    /// <summary>The <c>meta</c> dictionary as read (simulation inputs, dates, ...), for provenance.</summary>
    public IReadOnlyDictionary<string, object?> Meta { get; init; } = new Dictionary<string, object?>();
}
