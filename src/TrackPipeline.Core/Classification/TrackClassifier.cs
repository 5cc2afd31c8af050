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

        // Neat electron: gates (one clean cluster, no branching, little brem), then a quality in [0.6, 1] that
        // prefers long straight tracks, so the best exemplar is a track and not a millimetre blob.
        double neatGates = (electron && longEnough ? 1 : 0)
            * Ramp(raw.MainClusterChargeFraction, settings.NeatMainFractionLow, settings.NeatMainFractionHigh)
            * (detached == 0 ? 1 : 0)
            * (raw.Branches <= 1 ? 1 : raw.Branches == 2 ? 0.5 : 0.1)
            * (1 - Ramp(truth.BremTotalFraction, settings.NeatBremFractionLow, settings.NeatBremFractionHigh));
        double neatQuality = Ramp(raw.Straightness, settings.NeatStraightnessLow, settings.NeatStraightnessHigh)
            * Ramp(raw.TrackLengthMm, settings.NeatLengthLowMm, settings.NeatLengthHighMm);
        double neat = neatGates * (0.6 + 0.4 * neatQuality);

        // Brem electron: several significant detached clusters and several truth brem photons above the cut;
        // more clusters spread further score higher.
        double brem = (electron && longEnough ? 1 : 0)
            * Ramp(detached, 1, 3)
            * Ramp(truth.BremAboveMin, 1, 3)
            * (0.5 + 0.2 * Ramp(raw.FarthestDetachedMm, settings.BremSpreadLowMm, settings.BremSpreadHighMm)
                   + 0.15 * Ramp(detached, 3, settings.BremDetachedClustersFull)
                   + 0.15 * Ramp(truth.BremAboveMin, 3, settings.BremDetachedClustersFull));

        // Pairs (truth first interaction = pair), judged at the truth vertex (else the estimated one).
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
            // Weird: extra prongs at the vertex; or two prongs, strongly asymmetric; or no second prong at all
            // (ambiguous: the softer lepton may be too short to see), ranked last.
            double extraProngs = prongs.SignificantProngs >= 3 ? 1 : 0;
            double asymmetric = prongs.SignificantProngs == 2 ? 0.9 * (1 - Ramp(prongs.Symmetry, settings.WeirdAsymmetryBelow / 2, settings.WeirdAsymmetryBelow)) : 0;
            double noSecondProng = prongs.SignificantProngs <= 1 ? 0.6 : 0;
            weird = Math.Max(extraProngs, Math.Max(asymmetric, noSecondProng));
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
