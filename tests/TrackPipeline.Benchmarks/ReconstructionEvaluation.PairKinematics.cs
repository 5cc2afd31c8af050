using System.Text;
using TrackPipeline.Generation;
using TrackPipeline.Reconstruction;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

internal static partial class ReconstructionEvaluation
{
    /// <summary>
    /// Issue 10 round 11 (set <c>pairkinematics</c>): what limits the photon at the truth vertex. Generated photons whose first
    /// interaction is a pair, with the generator's lepton truth (energies, directions at the vertex): the angle between the
    /// photon and (a) the leptons' energy-weighted sum (the nucleus' recoil: the floor of any lepton-based estimate), (b) their
    /// equal-weight bisector (what a fit weighting the two tracks by their charge approaches: both leptons are minimum
    /// ionising, so the charge does not know the energies); then the shipped fit at the truth vertex against the photon, the
    /// bisector and the harder lepton. Truth read only to score.
    /// </summary>
    private static void PairKinematics(StringBuilder md, Chain chain, TrackGenerator generator, int count, ScatteringLimit scattering, double pitchM)
    {
        md.AppendLine("### Issue 10 round 11: the photon at the truth vertex against the leptons' truth (generated pair photons)");
        md.AppendLine();
        md.AppendLine("| E (MeV) | pairs | energy-weighted leptons vs photon: median (deg) | equal-weight bisector vs photon: median / 68 % | soft lepton's share: median | fit at the truth vertex vs photon: median / 68 % | fit vs bisector: median | fit vs harder lepton: median | fit closer to the bisector than to the photon | MS limit median |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (int e in new[] { 10000, 20000, 50000 })
        {
            var recoil = new List<double>(); var bisector = new List<double>(); var soft = new List<double>();
            var fit = new List<double>(); var fitBisector = new List<double>(); var fitHard = new List<double>();
            int closer = 0;
            foreach (var item in Generate(generator, Particle.Photon, e, count, "kinematics"))
            {
                var truth = item.RequireTrack().RequireTruth();
                if (truth.FirstInteraction != "pair" || truth.PairLeptons.Count == 0) continue;
                var l = truth.PairLeptons[0];
                var photon = truth.InitialDirection.Normalized();
                var bisect = (l.ElectronDirection.Normalized() + l.PositronDirection.Normalized()).Normalized();
                var weighted = (l.ElectronEnergyKev * l.ElectronDirection.Normalized() + l.PositronEnergyKev * l.PositronDirection.Normalized()).Normalized();
                var hard = l.ElectronEnergyKev >= l.PositronEnergyKev ? l.ElectronDirection : l.PositronDirection;
                recoil.Add(AngleDeg(weighted, photon));
                bisector.Add(AngleDeg(bisect, photon));
                soft.Add(Math.Min(l.ElectronEnergyKev, l.PositronEnergyKev) / (l.ElectronEnergyKev + l.PositronEnergyKev));
                chain.Run(item);
                if (chain.AtTruthVertex(item) is not { } f) continue;
                double toPhoton = AngleDeg(f, photon), toBisector = AngleDeg(f, bisect);
                fit.Add(toPhoton); fitBisector.Add(toBisector); fitHard.Add(AngleDeg(f, hard));
                if (toBisector < toPhoton) closer++;
            }
            md.AppendLine(string.Create(Ic, $"| {e / 1000} | {recoil.Count} | {F(Quantile(recoil, 0.5), 2)} | {F(Quantile(bisector, 0.5))} / {F(Quantile(bisector, 0.68))} | {F(Quantile(soft, 0.5), 2)} | {F(Quantile(fit, 0.5))} / {F(Quantile(fit, 0.68))} | {F(Quantile(fitBisector, 0.5))} | {F(Quantile(fitHard, 0.5))} | {closer} of {fit.Count} | {F(MsLimitMedianDeg(scattering, e, pitchM))} |"));
        }
        md.AppendLine();
    }
}
