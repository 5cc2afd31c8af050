namespace TrackPipeline.Generation;

/// <summary>
/// Truth only: which lepton of the track's first pair creation a deposit comes from, with everything that lepton set off
/// (its delta rays, its brems and what they did, a positron's annihilation photons). Lets a study split a generated pair
/// photon's charge by lepton; no decision reads it.
/// </summary>
public static class PairLeptonTag
{
    /// <summary>Not from the first pair (the primary before it converts, a Compton electron, a charged primary).</summary>
    public const byte Neither = 0;
    /// <summary>The first pair's electron and its descendants.</summary>
    public const byte Electron = 1;
    /// <summary>The first pair's positron and its descendants.</summary>
    public const byte Positron = 2;
}
