using TrackPipeline.Topology;

namespace TrackPipeline.Classification;

/// <summary>
/// Rule-based scores from the topology features (documented in docs/classifier.md). Every score is a product
/// of factors in [0, 1], so a track scores high only when every property of the category holds.
/// </summary>
public sealed class TrackClassifier(ClassifierSettings settings)
{
    public QuestScores Classify(string particle, double energyKev, string firstInteraction, TrackTopology topology)
    {
        var raw = topology.Raw;
        var truth = topology.Truth;
        bool electron = particle is "electrons" or "positrons";
        bool longEnough = energyKev >= settings.MinElectronEnergyKev;
        int detached = Math.Max(0, raw.SignificantClusters - 1);

        double neat = (electron && longEnough ? 1 : 0)
            * Ramp(raw.MainClusterChargeFraction, settings.NeatMainFractionLow, settings.NeatMainFractionHigh)
            * (detached == 0 ? 1 : 0)
            * (raw.Branches <= 1 ? 1 : raw.Branches == 2 ? 0.5 : 0.1)
            * Ramp(raw.Straightness, settings.NeatStraightnessLow, settings.NeatStraightnessHigh)
            * (1 - Ramp(truth.BremTotalFraction, settings.NeatBremFractionLow, settings.NeatBremFractionHigh));

        double brem = (electron && longEnough ? 1 : 0)
            * Ramp(detached, 1, settings.BremDetachedClustersFull)
            * Ramp(truth.BremAboveMin, 1, settings.BremDetachedClustersFull)
            * (0.5 + 0.5 * Ramp(raw.FarthestDetachedMm, settings.BremSpreadLowMm, settings.BremSpreadHighMm));

        bool pair = firstInteraction == "pair";
        var prongs = raw.AtTruthVertex ?? raw.AtRecoVertex;
        double symmetric = 0, weird = 0;
        if (pair && prongs is not null)
        {
            double radiusMm = prongs.RadiusM * 1e3;
            symmetric = (prongs.SignificantProngs == 2 ? 1 : 0)
                * Ramp(prongs.Symmetry, settings.SymmetricLow, settings.SymmetricHigh)
                * (1 - Ramp(radiusMm, settings.SeparatedWithinMm, 2 * settings.SeparatedWithinMm))
                * Ramp(prongs.OpeningAngleDeg ?? 0, 3, 10);
            double asymmetric = 1 - Ramp(prongs.Symmetry, 0, settings.WeirdAsymmetryBelow);
            double extraProngs = prongs.SignificantProngs >= 3 ? 1 : 0;
            double neverSplits = prongs.SignificantProngs <= 1 ? 0.8 : 0;
            weird = Math.Max(asymmetric, Math.Max(extraProngs, neverSplits));
        }

        var scores = new[] { neat, brem, symmetric, weird };
        int best = 0;
        for (int c = 1; c < scores.Length; c++) if (scores[c] > scores[best]) best = c;
        string predicted = scores[best] >= settings.CandidateThreshold ? QuestCategory.Quest[best]
            : particle == "photons" && raw.SignificantClusters == 1 ? QuestCategory.Photoabsorption
            : particle == "photons" && raw.SignificantClusters > 1 ? QuestCategory.Compton
            : QuestCategory.Other;
        return new QuestScores(neat, brem, symmetric, weird, predicted);
    }

    /// <summary>0 below lo, 1 above hi, linear in between.</summary>
    public static double Ramp(double x, double lo, double hi) =>
        double.IsNaN(x) ? 0 : x <= lo ? 0 : x >= hi ? 1 : (x - lo) / (hi - lo);
}
