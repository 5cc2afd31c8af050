using System.Text;
using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

internal static partial class ReconstructionEvaluation
{
    /// <summary>
    /// Issue 9 round 13 (set <c>stemfork</c>): the fork after a two-MIP stem (<see cref="StemFork"/>, <c>Reconstruction:StemForkToMm</c>)
    /// against the shipped reconstruction on the same pixels. Generated photons whose first interaction is a pair and generated
    /// electrons, 20 and 50 MeV: how many get no V today, how many of those a fork, its opening and soft share against the
    /// generator's leptons (truth read only to score), and whether the V the shipped fit finds is untouched. Then the PENELOPE
    /// tracks named in <paramref name="penelopeNames"/> at the ten detector seeds. The fork's radius is the configured one when on,
    /// else 30 mm.
    /// </summary>
    private static void StemForkStudy(StringBuilder md, string configDir, ReconstructionSettings settings, TrackGenerator generator, string tracksRoot,
        int count, string[] penelopeNames)
    {
        var off = LoadSection<ReconstructionSettings>(configDir, ReconstructionSettings.Section);
        off.StemForkToMm = 0;
        var on = LoadSection<ReconstructionSettings>(configDir, ReconstructionSettings.Section);
        on.StemForkToMm = settings.StemForkToMm > 0 ? settings.StemForkToMm : 30;
        md.AppendLine(string.Create(Ic, $"### Issue 9 round 13: the fork after a two-MIP stem (from {on.StemForkFromMm} to {on.StemForkToMm} mm, shell {on.StemForkShellMm} mm, arms >= {on.StemForkMinArmMips} MIP)"));
        md.AppendLine();
        md.AppendLine("| E (MeV) | particle | tracks | V fitted today | no V | of those a two-track stem | fork found | fork radius median (mm) | fork opening error median / 68 % (deg) | fork soft share error median / 68 % | today's V: soft share error median / 68 % | today's Vs changed | without the gate: forks / soft share error median |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        var chain = new Chain(configDir, off);
        foreach (int e in new[] { 20000, 50000 })
        {
            foreach (var particle in new[] { Particle.Photon, Particle.Electron })
            {
                int tracks = 0, fitted = 0, noV = 0, twoTrack = 0, forks = 0, changed = 0, ungated = 0;
                var radius = new List<double>(); var opening = new List<double>(); var share = new List<double>(); var shipped = new List<double>(); var ungatedShare = new List<double>();
                foreach (var item in Generate(generator, particle, e, count, "stemfork"))
                {
                    var truth = item.RequireTrack().RequireTruth();
                    if (particle == Particle.Photon && (truth.FirstInteraction != "pair" || truth.PairLeptons.Count == 0)) continue;
                    tracks++;
                    chain.Settings = off;
                    chain.Run(item);
                    var today = item.Reconstruction?.Pair;
                    chain.Settings = on;
                    chain.Reconstruct(item);
                    var fork = item.Reconstruction?.Pair;
                    PairLeptonTruth? l = particle == Particle.Photon ? truth.PairLeptons[0] : null;
                    if (today is not null)
                    {
                        fitted++;
                        if (fork is null || fork.EnergySplit != today.EnergySplit || fork.OpeningAngleDeg != today.OpeningAngleDeg) changed++;
                        if (l is { } t) shipped.Add(Math.Abs(SoftShare(today) - TrueSoftShare(t)));
                        continue;
                    }
                    noV++;
                    if (item.Topology?.Pixels?.AtPairVertex is { TwoTrackStem: true }) twoTrack++;
                    // Study only: the search without its two-MIP gate, at the same vertex.
                    if (item.Topology?.Pixels?.AtPairVertex is { } at && chain.ReconstructAt(item, at with { TwoTrackStem = true })?.Pair is { } open)
                    {
                        ungated++;
                        if (l is { } u) ungatedShare.Add(Math.Abs(SoftShare(open) - TrueSoftShare(u)));
                    }
                    if (fork is null) continue;
                    forks++;
                    radius.Add(fork.SplitRadiusMm);
                    if (l is { } p)
                    {
                        opening.Add(Math.Abs(fork.OpeningAngleDeg - AngleDeg(p.ElectronDirection, p.PositronDirection)));
                        share.Add(Math.Abs(SoftShare(fork) - TrueSoftShare(p)));
                    }
                }
                md.AppendLine(string.Create(Ic, $"| {e / 1000} | {particle} | {tracks} | {fitted} | {noV} | {twoTrack} | {forks} | {F(Quantile(radius, 0.5))} | {F(Quantile(opening, 0.5))} / {F(Quantile(opening, 0.68))} | {F(Quantile(share, 0.5), 3)} / {F(Quantile(share, 0.68), 3)} | {F(Quantile(shipped, 0.5), 3)} / {F(Quantile(shipped, 0.68), 3)} | {changed} | {ungated} / {F(Quantile(ungatedShare, 0.5), 3)} |"));
            }
        }
        md.AppendLine();
        if (penelopeNames.Length == 0) return;
        md.AppendLine("PENELOPE tracks at the ten detector seeds (today's V, else the fork: radius, opening, E_B / E_A):");
        md.AppendLine();
        md.AppendLine("| track | seed | two-track stem (MIPs) | today's V: opening / split | fork: radius / opening / split |");
        md.AppendLine("|---|---|---|---|---|");
        var sources = DatasetDiscovery.Discover(tracksRoot).Where(s => penelopeNames.Any(n => s.Name.Contains(n, StringComparison.Ordinal))).OrderBy(s => s.Name).ToList();
        foreach (ulong seed in new ulong[] { Seed, 1, 2, 3, 4, 5, 6, 7, 8, 9 })
        {
            var at = new Chain(configDir, off, seed);
            foreach (var s in sources)
            {
                var item = new TrackItem(s) { Track = TrackReader.Read(s) };
                at.Settings = off;
                at.Run(item);
                var today = item.Reconstruction?.Pair;
                var stem = item.Topology?.Pixels?.AtPairVertex;
                at.Settings = on;
                at.Reconstruct(item);
                var fork = today is null ? item.Reconstruction?.Pair : null;
                string stemText = stem is null ? "" : string.Create(Ic, $"{(stem.TwoTrackStem ? "yes" : "no")} ({F(stem.StemMips, 2)})");
                string todayText = today is null ? "none" : string.Create(Ic, $"{F(today.OpeningAngleDeg)} / {F(today.EnergySplit, 2)}");
                string forkText = fork is null ? "" : string.Create(Ic, $"{F(fork.SplitRadiusMm)} / {F(fork.OpeningAngleDeg)} / {F(fork.EnergySplit, 2)}");
                md.AppendLine(string.Create(Ic, $"| {s.Name} | {seed} | {stemText} | {todayText} | {forkText} |"));
            }
        }
        md.AppendLine();

        static double SoftShare(PairKinematics p) => p.B.EnergyKev / (p.A.EnergyKev + p.B.EnergyKev);
        static double TrueSoftShare(PairLeptonTruth l) => Math.Min(l.ElectronEnergyKev, l.PositronEnergyKev) / (l.ElectronEnergyKev + l.PositronEnergyKev);
    }
}
