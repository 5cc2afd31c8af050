using TrackPipeline.Tracks;

namespace TrackPipeline.Topology;

/// <summary>What the simulation truth says about a track's topology, for rules and for checking the classifier.</summary>
public sealed record TruthFeatures(int BremAboveMin, double BremEnergyAboveMinKev, double BremMaxKev, double BremMaxFraction, double BremTotalFraction, Vec3? PairVertex)
{
    public static TruthFeatures Of(TrackTruth truth, double bremMinKev)
    {
        double max = 0, above = 0;
        foreach (var e in truth.Brem.EnergiesKev)
        {
            max = Math.Max(max, e);
            if (e >= bremMinKev) above += e;
        }
        double energy = truth.TrackEnergyKev > 0 ? truth.TrackEnergyKev : double.NaN;
        return new TruthFeatures(
            truth.Brem.CountAbove(bremMinKev),
            above,
            max,
            max / energy,
            truth.Brem.TotalEnergyKev() / energy,
            truth.Pair.Count > 0 ? truth.Pair.Positions[0] : null);
    }
}
