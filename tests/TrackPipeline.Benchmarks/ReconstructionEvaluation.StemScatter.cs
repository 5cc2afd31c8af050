using System.Text;
using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

internal static partial class ReconstructionEvaluation
{
    /// <summary>Distance-from-vertex bands (mm) and bin-charge bands (MIPs per pitch-long bin) of the stem-scatter table.</summary>
    private static readonly double[] ScatterAlongMm = [0, 1, 2, 5, 10, 20];
    private static readonly double[] ScatterMips = [0, 1.5, 2.5, 4, double.PositiveInfinity];

    /// <summary>
    /// Issue 10 round 14 (set <c>stemscatter</c>): how far the pixels' charge-weighted centroid of one pitch-long bin along the
    /// stem lies from where the stem really is, per bin, against what the detector sees of the bin (its charge in MIPs, its
    /// distance from the vertex). Generated pair photons (the set <c>pairkinematics</c>'s draws) at the truth vertex, along the
    /// true leptons' energy-weighted line; each bin of one pitch along that line (inside the shipped corridor around it) gives
    /// its lateral offset (two projections) of: the pixels' centroid from the line (total), the deposits' centroid in the same
    /// bin from the line (the charge's own scatter: multiple scattering, delta rays, the leptons' separation), the pixels' from
    /// the deposits' (sampling, diffusion, readout), and the stem's multiple-scattering spread the fit already models
    /// (theta0^2 s^2 / 3 / 2 at the truth leptons' mean energy). What the fit's diagonal lacks is total^2 - scattering^2.
    /// Spreads are 1.4826 x the median absolute offset (robust to a brem's or delta ray's charge at the corridor's edge).
    /// Truth read for the vertex, the line and the deposits: a measurement, not a run.
    /// </summary>
    private static void StemScatter(StringBuilder md, Chain chain, TrackGenerator generator, int count, ScatteringLimit scattering, double pitchM)
    {
        md.AppendLine("### Issue 10 round 14: the stem's scatter per pitch-long bin about the true line (generated pair photons, truth vertex)");
        md.AppendLine();
        var settings = chain.Settings;
        var corridor = settings.Corridor();
        double lengthM = settings.LeptonScatteringFitLengthMm * 1e-3;
        double mipPerBin = chain.Topology.VertexMipElectronsPerMm * 1e3 * pitchM;
        int sBands = ScatterAlongMm.Length - 1, qBands = ScatterMips.Length - 1;
        int[] energies = [10000, 20000, 50000];
        // [energy, s band, q band] -> offsets (mm) of each kind; ms -> predicted variance (mm^2)
        var total = new List<double>[energies.Length, sBands, qBands];
        var readout = new List<double>[energies.Length, sBands, qBands];
        var charge = new List<double>[energies.Length, sBands, qBands];
        var msVar = new List<double>[energies.Length, sBands, qBands];
        foreach (var a in new[] { total, readout, charge, msVar })
            for (int i = 0; i < energies.Length; i++) for (int j = 0; j < sBands; j++) for (int k = 0; k < qBands; k++) a[i, j, k] = [];
        int bins = (int)Math.Ceiling(lengthM / pitchM);
        var qp = new double[bins]; var xp = new double[bins]; var yp = new double[bins];
        var qd = new double[bins]; var xd = new double[bins]; var yd = new double[bins];
        for (int ei = 0; ei < energies.Length; ei++)
        {
            int pairs = 0;
            foreach (var item in Generate(generator, Particle.Photon, energies[ei], count, "kinematics"))
            {
                var track = item.RequireTrack();
                var truth = track.RequireTruth();
                if (truth.FirstInteraction != "pair" || truth.PairLeptons.Count == 0) continue;
                chain.Run(item);
                if (item.Topology?.Pixels?.AtTruthVertex is not { } split) continue;
                if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var pixels, out _)) continue;
                var l = truth.PairLeptons[0];
                var line = (l.ElectronEnergyKev * l.ElectronDirection.Normalized() + l.PositronEnergyKev * l.PositronDirection.Normalized()).Normalized();
                var (e1, e2) = ScatteringCorridor.Transverse(line);
                double meanMeV = 0.5 * (l.ElectronEnergyKev + l.PositronEnergyKev) * 1e-3;
                double theta0 = scattering.HighlandRad(meanMeV, lengthM * 100);
                double k = theta0 * theta0 / lengthM / 2;   // the stem: two tracks' centroid
                var vertex = split.Vertex;
                Array.Clear(qp); Array.Clear(xp); Array.Clear(yp); Array.Clear(qd); Array.Clear(xd); Array.Clear(yd);
                void Add(double x, double y, double z, double q, double[] qa, double[] xa, double[] ya)
                {
                    var d = new Vec3(x, y, z) - vertex;
                    double along = d.Dot(line);
                    if (!(along > 0) || along >= lengthM) return;
                    var lateral = d - along * line;
                    if (!corridor.Contains(lateral.Dot(lateral), Math.Sqrt(k * along * along * along / 3))) return;
                    int b = (int)(along / pitchM);
                    qa[b] += q; xa[b] += q * d.Dot(e1); ya[b] += q * d.Dot(e2);
                }
                for (int i = 0; i < pixels.Count; i++) Add(pixels.X[i], pixels.Y[i], pixels.Z[i], pixels.Charge[i], qp, xp, yp);
                var dep = track.Deposits;
                for (int i = 0; i < dep.Count; i++) Add(dep.X[i], dep.Y[i], dep.Z[i], dep.NumElectrons[i], qd, xd, yd);
                pairs++;
                for (int b = 0; b < bins; b++)
                {
                    if (!(qp[b] > 0) || !(qd[b] > 0)) continue;
                    double s = (b + 0.5) * pitchM, mm = 1e3;
                    int sb = Band(ScatterAlongMm, s * mm), qb = Band(ScatterMips, qp[b] / mipPerBin);
                    double px = xp[b] / qp[b], py = yp[b] / qp[b], dx = xd[b] / qd[b], dy = yd[b] / qd[b];
                    total[ei, sb, qb].Add(Math.Abs(px) * mm); total[ei, sb, qb].Add(Math.Abs(py) * mm);
                    readout[ei, sb, qb].Add(Math.Abs(px - dx) * mm); readout[ei, sb, qb].Add(Math.Abs(py - dy) * mm);
                    charge[ei, sb, qb].Add(Math.Abs(dx) * mm); charge[ei, sb, qb].Add(Math.Abs(dy) * mm);
                    msVar[ei, sb, qb].Add(k * s * s * s / 3 * mm * mm);
                }
            }
            md.AppendLine(string.Create(Ic, $"{energies[ei] / 1000} MeV: {pairs} pair photons."));
        }
        md.AppendLine();
        md.AppendLine("Per bin, one projection: robust spread (mm) of the pixels' centroid about the true line (total), of the pixels' about the deposits' centroid (readout), of the deposits' about the line (charge), the stem's scattering spread the fit models (ms, rms), and what the diagonal lacks: sqrt(total^2 - ms^2) (excess). n = projections.");
        md.AppendLine();
        md.AppendLine("| E (MeV) | s (mm) | bin charge (MIPs) | n | total | readout | charge | ms | excess |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        void Row(string e, string sName, string qName, IEnumerable<(int E, int S, int Q)> cells)
        {
            var t = new List<double>(); var r = new List<double>(); var c = new List<double>(); var m = new List<double>();
            foreach (var (ei, sb, qb) in cells) { t.AddRange(total[ei, sb, qb]); r.AddRange(readout[ei, sb, qb]); c.AddRange(charge[ei, sb, qb]); m.AddRange(msVar[ei, sb, qb]); }
            if (t.Count < 20) { md.AppendLine(string.Create(Ic, $"| {e} | {sName} | {qName} | {t.Count} | | | | | |")); return; }
            double st = 1.4826 * Quantile(t, 0.5), ms = Math.Sqrt(m.Average());
            double excess = Math.Sqrt(Math.Max(0, st * st - ms * ms));
            md.AppendLine(string.Create(Ic, $"| {e} | {sName} | {qName} | {t.Count} | {st:F3} | {1.4826 * Quantile(r, 0.5):F3} | {1.4826 * Quantile(c, 0.5):F3} | {ms:F3} | {excess:F3} |"));
        }
        string SName(int sb) => string.Create(Ic, $"{ScatterAlongMm[sb]}-{ScatterAlongMm[sb + 1]}");
        string QName(int qb) => double.IsPositiveInfinity(ScatterMips[qb + 1]) ? string.Create(Ic, $">= {ScatterMips[qb]}") : string.Create(Ic, $"{ScatterMips[qb]}-{ScatterMips[qb + 1]}");
        // Per energy and distance (all charges), then per distance and charge (all energies), then per energy and charge.
        for (int ei = 0; ei < energies.Length; ei++)
            for (int sb = 0; sb < sBands; sb++)
            {
                int e0 = ei, s0 = sb;
                Row((energies[ei] / 1000).ToString(Ic), SName(sb), "all", Enumerable.Range(0, qBands).Select(q => (e0, s0, q)));
            }
        for (int sb = 0; sb < sBands; sb++)
            for (int qb = 0; qb < qBands; qb++)
            {
                int s0 = sb, q0 = qb;
                Row("all", SName(sb), QName(qb), Enumerable.Range(0, energies.Length).Select(e => (e, s0, q0)));
            }
        for (int ei = 0; ei < energies.Length; ei++)
            for (int qb = 0; qb < qBands; qb++)
            {
                int e0 = ei, q0 = qb;
                Row((energies[ei] / 1000).ToString(Ic), "0-20", QName(qb), Enumerable.Range(0, sBands).Select(s => (e0, s, q0)));
            }
        // Pooled over the energies (the fit does not know the energy beyond its charge): per charge, near the vertex and out to 20 mm.
        for (int qb = 0; qb < qBands; qb++)
        {
            int q0 = qb;
            Row("all", "0-5", QName(qb), Enumerable.Range(0, energies.Length).SelectMany(e => Enumerable.Range(0, 3).Select(s => (e, s, q0))));
            Row("all", "0-20", QName(qb), Enumerable.Range(0, energies.Length).SelectMany(e => Enumerable.Range(0, sBands).Select(s => (e, s, q0))));
        }
        for (int ei = 0; ei < energies.Length; ei++)
        {
            int e0 = ei;
            Row((energies[ei] / 1000).ToString(Ic), "0-20", "all", Enumerable.Range(0, sBands).SelectMany(s => Enumerable.Range(0, qBands).Select(q => (e0, s, q))));
        }
        md.AppendLine();

        static int Band(double[] edges, double v)
        {
            for (int i = 1; i < edges.Length - 1; i++) if (v < edges[i]) return i - 1;
            return edges.Length - 2;
        }
    }
}
