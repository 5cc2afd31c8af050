using TrackPipeline.Tracks;

namespace TrackPipeline.Generation;

/// <summary>The e- and e+ of one pair creation as they leave the vertex: kinetic energies (MeV) and unit directions.</summary>
public readonly record struct PairLeptons(double ElectronMeV, Vec3 ElectronDirection, double PositronMeV, Vec3 PositronDirection);

/// <summary>
/// The leptons of every pair creation, in the order of the <see cref="GeneratedTrack.Pair"/> log. PENELOPE's truth
/// lacks them, so its pairs' energy sharing can only be measured from the deposits; ours is recorded to train and check that.
/// </summary>
public sealed class PairLeptonLog
{
    private readonly List<PairLeptons> _pairs = new();

    public int Count => _pairs.Count;
    public IReadOnlyList<PairLeptons> Pairs => _pairs;

    public void Add(double electronMeV, Vec3 electronDirection, double positronMeV, Vec3 positronDirection) =>
        _pairs.Add(new PairLeptons(electronMeV, electronDirection, positronMeV, positronDirection));
}
