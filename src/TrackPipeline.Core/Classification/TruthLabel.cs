using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Classification;

/// <summary>
/// The class the simulation truth gives a track (rules in <see cref="LabelSettings"/>, docs/classification.md). Used to
/// train and to evaluate, never to decide. The particle comes from the pickle's <c>meta.initial_particle</c>.
/// </summary>
public static class TruthLabel
{
    /// <summary>
    /// The true class; null when the truth cannot say (no pickle). <paramref name="truthVertexSymmetry"/> is the
    /// charge symmetry of the two prongs at the truth pair vertex, used to split pairs when the pickle has no lepton
    /// energies (PENELOPE).
    /// </summary>
    public static string? Of(TrackTruth? truth, LabelSettings s, double? truthVertexSymmetry = null)
    {
        if (truth is null) return null;
        double energy = truth.TrackEnergyKev;
        bool electron = truth.InitialParticle is "electrons" or "positrons"
            || (truth.InitialParticle is null && truth.FirstInteraction == "n/a" && truth.Pair.Count == 0 && truth.Compton.Count == 0 && truth.Photo.Count == 0);
        if (truth.NumElectrons <= 0) return QuestCategory.Other;
        if (electron)
        {
            if (energy < s.MinElectronTrackKev) return QuestCategory.SingleSite;
            double visibleBrem = 0;
            foreach (var e in truth.Brem.EnergiesKev) if (e >= s.VisibleBremKev) visibleBrem += e;
            return visibleBrem < s.NeatMaxBremFraction * energy ? QuestCategory.NeatElectron : QuestCategory.BremElectron;
        }
        if (truth.Pair.Count > 0)
        {
            double? ratio = s.PairSplitRule == PairSplitRule.ProngCharges ? truthVertexSymmetry : PairEnergyRatio(truth) ?? truthVertexSymmetry;
            // Without lepton energies or prongs at the vertex the split is unknown: count it as the odd kind.
            return ratio >= s.SymmetricMinRatio ? QuestCategory.SymmetricPair : QuestCategory.WeirdPair;
        }
        return IsMultiSite(truth, s) ? QuestCategory.MultiSiteCompton : QuestCategory.SingleSite;
    }

    /// <summary>Lighter over heavier lepton kinetic energy of the first pair, null when the truth has no lepton energies (PENELOPE's pickles).</summary>
    public static double? PairEnergyRatio(TrackTruth? truth)
    {
        if (truth?.PairLeptons is not [var p, ..]) return null;
        double hi = Math.Max(p.ElectronEnergyKev, p.PositronEnergyKev), lo = Math.Min(p.ElectronEnergyKev, p.PositronEnergyKev);
        return hi > 0 ? lo / hi : 0;
    }

    /// <summary>True when two sites (Compton recoils and photoabsorptions above the site energy) lie farther apart than the separation.</summary>
    public static bool IsMultiSite(TrackTruth truth, LabelSettings s)
    {
        double separationM = s.SiteSeparationMm * 1e-3;
        Span<Vec3> sites = stackalloc Vec3[64];
        int n = 0;
        foreach (var points in new[] { truth.Compton, truth.Photo })
            for (int i = 0; i < points.Count; i++)
            {
                if (points.EnergiesKev[i] < s.SiteMinKev) continue;
                var p = points.Positions[i];
                for (int j = 0; j < n; j++)
                    if ((sites[j] - p).Length > separationM) return true;
                if (n < sites.Length) sites[n++] = p;
            }
        return false;
    }

    /// <summary>Electron or photon by the truth: electrons and positrons are primaries without a first photon interaction.</summary>
    public static bool? IsElectron(TrackTruth? truth) =>
        truth is null ? null : truth.InitialParticle is { } p ? p is "electrons" or "positrons" : truth.FirstInteraction == "n/a" && truth.Pair.Count + truth.Compton.Count + truth.Photo.Count == 0;
}
