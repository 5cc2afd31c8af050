using System.Globalization;
using System.Text;
using System.Text.Json;
using TrackPipeline.Generation;
using TrackPipeline.Numerics;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

internal static partial class ReconstructionEvaluation
{
    /// <summary>
    /// Issue 10 round 17b (set <c>stemjointsteps</c>): where the joint fit (<see cref="StemJointFit"/>, <c>PhotonFit =
    /// stemjoint</c>) loses between the truth vertex with the generator's lepton tag and the run. The generated pair photons of
    /// the set <c>photons</c> (same names and draws), each read out once as the run reads it; at two vertices (the truth's,
    /// through the topology's <c>AtTruthVertex</c> split, and the one found from the charge) the photon is fitted four ways:
    /// the shipped stem fit, the run's joint fit (its own fork finder; <see cref="StemJointFit"/> itself, through the stage),
    /// and the same joint fit with each pixel's lepton from the tag (its majority lepton by deposited charge). So (a) truth
    /// vertex + tag, (b) truth vertex + finder, (c) found vertex + tag, (d) found vertex + finder (= the run).
    /// </summary>
    /// <remarks>
    /// The finder's split is <see cref="StemJointFit.FindFork"/> and <see cref="StemJointFit.FitAtFork"/> called here (to say what
    /// the finder found; its photon is checked against the stage's, counted in the table); the tag variant is
    /// <see cref="StemJointFit.FitSplit"/> with the tag's split. With the tag, the fork is round 16's:
    /// the first pitch-long bin along the stem fit's axis where the two leptons' deposits (by the tag) have centroids more than
    /// two pitches apart (each inside the corridor of its own tagged charge's energy); before it (distance to the vertex) the stem, beyond
    /// it each voxel its tag's lepton; the energies by the run's rule (a lepton's charge beyond the fork and half the stem's).
    /// Without a tag fork, or with fewer than two bins of a lepton beyond it, the stem fit stands, as in the run. One CSV row
    /// per photon on stdout (<c>stemjointsteps,...</c>; at its end the tag variant with the true photon's axis for the bins, with the
    /// true energies, and with both, at each vertex: what round 16's bound knew beyond the tag; then at each vertex round 19's
    /// candidate <c>stemmix</c> through the stage, its copy here (<see cref="StemMixture"/>), the mixture rays' own photon, whether it
    /// split, its e- share and the charge of its own voxels on the wrong lepton by the tag), pooled over generator seeds by
    /// python/pool_stemjointsteps.py (the candidate by python/pool_stemmix.py). The
    /// truth (tags, vertex) picks the variant and scores it; it is read by nothing the run computes. Photons named in the
    /// environment's STEMJOINTSTEPS_DUMP (SEED_EKEV_N, comma-separated) also print their cluster's voxels with the tag and the
    /// finder's split (python/render_stemjointdump.py draws them).
    /// </remarks>
    private static void StemJointSteps(StringBuilder md, Chain chain, TrackGenerator generator, int count)
    {
        var stemSettings = WithPhotonFit(chain.Settings, "stem");
        var jointSettings = WithPhotonFit(chain.Settings, "stemjoint");
        double keV = chain.Detector.Medium.KeVPerCollectedElectron;
        var pixels = new TriggeredPixelCloud(chain.Detector.Readout);
        var stemStage = new ReconstructionStage(stemSettings, chain.Topology, keV, pixels);
        var jointStage = new ReconstructionStage(jointSettings, chain.Topology, keV, pixels);
        var mixStage = new ReconstructionStage(WithPhotonFit(chain.Settings, "stemmix"), chain.Topology, keV, pixels);
        var scattering = ScatteringLimit.From(jointSettings);
        double mipPerMm = chain.Topology.VertexMipElectronsPerMm;
        string[] dump = (Environment.GetEnvironmentVariable("STEMJOINTSTEPS_DUMP") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);

        md.AppendLine("### Issue 10 round 17b: the joint fit's loss by step (set stemjointsteps; generated pair photons, one readout, truth / found vertex x tag / fork finder)");
        md.AppendLine();
        md.AppendLine("| E (MeV) | photons | vertex within 1 mm | stem at truth | (a) truth + tag | (b) truth + finder | stem at found | (c) found + tag | (d) found + finder | finder fork at truth: none / one lepton / two leptons / no fit | copy = stage (truth, found) |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (int e in new[] { 10000, 20000, 50000 })
        {
            var cols = Enumerable.Range(0, 6).Select(_ => new List<double>()).ToArray();
            int photons = 0, near = 0, same = 0, compared = 0;
            var classes = new int[4];
            for (int n = 0; n < count; n++)
            {
                string name = string.Create(Ic, $"photons_{Particle.Photon}_{e}_{n}");
                var g = generator.Generate(Particle.Photon, e * 1e-3, TrackRandom.For(Seed, name, "generate"));
                if (g.FirstInteraction != "pair" || g.Pair.Count == 0 || g.PairLeptons.Count == 0) continue;
                var item = ToItem(name, Particle.Photon, e, g.X, g.Y, g.Z, g.Electrons, g.Origin, g.InitialDirection, g.FirstInteraction, g.Pair, g.PairLeptons.Pairs);
                chain.Run(item);
                photons++;
                var photon = g.InitialDirection.Normalized();
                var truthVertex = 0.01 * g.Pair.Points[0];
                var l = g.PairLeptons.Pairs[0];
                double truthShare = l.ElectronMeV / (l.ElectronMeV + l.PositronMeV);
                var row = new StringBuilder(string.Create(Ic, $"stemjointsteps,{Seed},{e},{n}"));
                if (!pixels.TryGetPixels(item, out var cloud, out var pitch)) { Console.WriteLine(row.Append(",nopixels")); continue; }
                var found = item.Topology?.Pixels?.AtPairVertex;
                double miss = found is { } f0 ? (f0.Vertex - truthVertex).Length * 1e3 : double.NaN;
                if (miss <= 1) near++;
                row.Append(string.Create(Ic, $",{miss:G5},{truthShare:G5}"));
                int k = 0;
                var bounds = new StringBuilder();
                var mixed = new StringBuilder();
                foreach (var split in new[] { item.Topology?.Pixels?.AtTruthVertex, found })
                {
                    var s = split is null ? null : Steps(cloud, pitch, split);
                    double stem = Angle(split is null ? null : stemStage.Reconstruct(cloud, pitch, pitch, split).PhotonDirection);
                    double run = Angle(split is null ? null : jointStage.Reconstruct(cloud, pitch, pitch, split).PhotonDirection);
                    double tag = s?.Tag is { } t ? Angle(t) : stem;
                    double copy = s?.Finder is { } c ? Angle(c) : stem;
                    if (!double.IsNaN(run)) { compared++; if (Math.Abs(copy - run) < 1e-6) same++; }
                    cols[3 * k].Add(stem); cols[3 * k + 1].Add(tag); cols[3 * k + 2].Add(run);
                    if (k == 0 && s is { } st) classes[st.Class]++;
                    row.Append(string.Create(Ic, $",{stem:G6},{tag:G6},{run:G6},{copy:G6},{s?.Class ?? -1},{s?.FinderForkMm ?? double.NaN:G4},{s?.TagForkMm ?? double.NaN:G4},{s?.FinderShare ?? double.NaN:G4},{s?.TagShare ?? double.NaN:G4},{s?.Misassigned ?? double.NaN:G4}"));
                    // Round 16's knowledge one item at a time, tag split: the true axis, the true energies, both (the stem where no fit).
                    bounds.Append(string.Create(Ic, $",{(s?.Bound.TruthAxis is { } b1 ? Angle(b1) : stem):G6},{(s?.Bound.TruthEnergies is { } b2 ? Angle(b2) : stem):G6},{(s?.Bound.Both is { } b3 ? Angle(b3) : stem):G6}"));
                    // Round 19's candidate (PhotonFit = stemmix) through the stage, its copy here, the rays' own photon, whether it split.
                    double mix = Angle(split is null ? null : mixStage.Reconstruct(cloud, pitch, pitch, split).PhotonDirection);
                    var mx = s?.Mixture;
                    mixed.Append(string.Create(Ic, $",{mix:G6},{(mx?.Photon is { } mp ? Angle(mp) : stem):G6},{(mx?.Rays is { } mr ? Angle(mr) : stem):G6},{(mx?.Rays is null ? 0 : 1)},{mx?.Share ?? double.NaN:G4},{mx?.Misassigned ?? double.NaN:G4}"));
                    k++;
                }
                Console.WriteLine(row.Append(bounds).Append(mixed));
                if (dump.Contains(string.Create(Ic, $"{Seed}_{e}_{n}"))) Dump(item, cloud, pitch, truthVertex, found);

                void Dump(TrackItem it, ChargeCloud c, double p, Vec3 tv, ProngSplit? fv)
                {
                    // One line per voxel of the found vertex's cluster: position (mm from the truth vertex), charge, tag, finder's owner.
                    if (fv is null || Steps(c, p, fv, keepLabels: true) is not { Labels: { } lab } sd) return;
                    for (int v = 0; v < sd.Cluster!.Grid.Count; v++)
                    {
                        var x = 1e3 * (sd.Cluster.Grid.Centroid(v) - tv);
                        Console.WriteLine(string.Create(Ic, $"stemjointdump,{Seed},{e},{n},{x.X:F2},{x.Y:F2},{x.Z:F2},{sd.Cluster.Grid.Charge(v):F0},{lab.Tag[v]},{lab.Finder[v]}"));
                    }
                    var fv1 = 1e3 * (fv.Vertex - tv);
                    Console.WriteLine(string.Create(Ic, $"stemjointdumpvertex,{Seed},{e},{n},{fv1.X:F2},{fv1.Y:F2},{fv1.Z:F2},{photon.X:F4},{photon.Y:F4},{photon.Z:F4},{sd.Axis.X:F4},{sd.Axis.Y:F4},{sd.Axis.Z:F4}"));
                }

                // The track's deposits with their tag, in metres (the pixels' frame).
                StepResult? Steps(ChargeCloud c, double p, ProngSplit split, bool keepLabels = false) =>
                    StemJointStep(c, p, split, g, keV, mipPerMm, jointSettings, scattering, keepLabels, photon, l.ElectronMeV, l.PositronMeV);
                double Angle(Vec3? d) => d is { } v ? AngleDeg(v, photon) : double.NaN;
            }
            md.AppendLine(string.Create(Ic, $"| {e / 1000} | {photons} | {near} | {M(cols[0])} | {M(cols[1])} | {M(cols[2])} | {M(cols[3])} | {M(cols[4])} | {M(cols[5])} | {classes[0]} / {classes[1]} / {classes[2]} / {classes[3]} | {same} of {compared} |"));
        }
        md.AppendLine();

        static string M(List<double> v)
        {
            var finite = v.Where(x => !double.IsNaN(x)).ToList();
            return string.Create(Ic, $"{F(Quantile(finite, 0.5), 2)} ({F(Quantile(finite, 0.68), 2)})");
        }
    }

    private static ReconstructionSettings WithPhotonFit(ReconstructionSettings settings, string method)
    {
        var copy = JsonSerializer.Deserialize<ReconstructionSettings>(JsonSerializer.Serialize(settings))!;
        copy.PhotonFit = method;
        return copy;
    }

    /// <summary>What the fork finder did, where: 0 no fork; 1 a fork whose two arms are one lepton's (by the tag's majority:
    /// a delta ray or a brem's conversion beside it); 2 a fork on the two leptons; 3 a fork but fewer than two bins of an arm (no fit).</summary>
    private sealed record StepResult(Vec3? Tag, Vec3? Finder, int Class, double FinderForkMm, double TagForkMm, double FinderShare,
        double TagShare, double Misassigned, Vec3 Axis, (Vec3? TruthAxis, Vec3? TruthEnergies, Vec3? Both) Bound, VoxelAdjacency? Cluster = null, (byte[] Tag, byte[] Finder)? Labels = null)
    {
        /// <summary>Round 19's mixture at this vertex (<see cref="StemMixture"/>): its GLS photon, the rays' own, the e- share of
        /// the energy by the tag's majority on each ray's own charge, the charge of the rays' own voxels on the wrong lepton.</summary>
        public (Vec3? Photon, Vec3? Rays, double Share, double Misassigned)? Mixture { get; init; }
    }

    /// <summary>
    /// At one vertex: the cluster and the stem fit's axis exactly as <see cref="ChargeReconstruction"/> makes them, then the joint
    /// fit with the fork finder's split (<see cref="StemJointFit"/>'s own) and with the tag's. Null without a stem fit.
    /// </summary>
    private static StepResult? StemJointStep(ChargeCloud cloud, double pitch, ProngSplit at, GeneratedTrack g, double keV, double mipPerMm,
        ReconstructionSettings settings, ScatteringLimit scattering, bool keepLabels, Vec3 truthAxis, double truthElectronMeV, double truthPositronMeV)
    {
        // The vertex's cluster, as ChargeReconstruction.Reconstruct bins it (no topology grid passed: the fresh path).
        var map = new int[cloud.Count];
        var grid = new VoxelGrid(cloud, pitch, map);
        if (grid.Count == 0) return null;
        var clusters = new ConnectedClusters(grid);
        var cluster = at is { Cluster: > 0 and var own } && own < clusters.Count
            ? new VoxelAdjacency(ShapeAnalysis.ClusterGrid(cloud, map, clusters, own, pitch))
            : new VoxelAdjacency(ShapeAnalysis.MainClusterGrid(cloud, map, clusters, pitch));
        var main = cluster.Grid;
        double eventKev = 0;
        foreach (var q in clusters.Charge) eventKev += q * keV;
        // The stem fit (ChargeReconstruction.PhotonLineAt).
        if (VertexLine.Fit(main, at.Vertex, settings.PhotonLineLengthMm * 1e-3, main.TotalCharge() * keV, pitch, scattering) is not { } line) return null;
        if (at.ConeAxis != Vec3.Zero && line.Direction.Dot(at.ConeAxis) < 0) line = line with { Direction = -1 * line.Direction };
        double diffusionM = settings.PointDiffusionMm * 1e-3;
        double pointSigma = Math.Sqrt(pitch * pitch / 12 + diffusionM * diffusionM);
        var track = new MultipleScatteringFit.Track(0.5 * eventKev * 1e-3, 2, settings.LeptonScatteringFitLengthMm * 1e-3, settings.Corridor(),
            pointSigma, settings.VertexSigmaMm * 1e-3);
        if (MultipleScatteringFit.Fit(main, at.Vertex, line.Direction, track, scattering) is not { } fit) return null;
        var axis = fit.Direction;
        var vertex = at.Vertex;
        int n = main.Count;
        double lengthM = settings.LeptonScatteringFitLengthMm * 1e-3;
        double stemK = PerLength(0.5 * eventKev * 1e-3, 2);
        var distance = new double[n];
        for (int v = 0; v < n; v++) distance[v] = (main.Centroid(v) - vertex).Length;

        // Each voxel's lepton by the tag: the majority of the deposits' charge in it (1 e-, 2 e+), else of its neighbours'.
        var qMinus = new double[n]; var qPlus = new double[n];
        for (int i = 0; i < g.X.Length; i++)
        {
            byte t = g.PairLepton.Length > i ? g.PairLepton[i] : PairLeptonTag.Neither;
            if (t == PairLeptonTag.Neither) continue;
            int v = main.FindContaining(new Vec3(g.X[i] * 0.01, g.Y[i] * 0.01, g.Z[i] * 0.01));
            if (v < 0) continue;
            if (t == PairLeptonTag.Electron) qMinus[v] += g.Electrons[i]; else qPlus[v] += g.Electrons[i];
        }
        var tag = new byte[n];
        for (int v = 0; v < n; v++)
        {
            double a = qMinus[v], b = qPlus[v];
            if (a + b <= 0) foreach (var u in cluster.Of(v)) { a += qMinus[u]; b += qPlus[u]; }
            tag[v] = a + b <= 0 ? (byte)0 : a >= b ? (byte)1 : (byte)2;
        }

        // The finder's split (StemJointFit's own fork search and arm growth).
        var found = StemJointFit.FindFork(cluster, vertex, axis, stemK, mipPerMm, settings);
        double finderFork = found?.RadiusM ?? double.NaN;
        var owner = found?.Owner ?? new byte[n];
        Vec3? finderPhoton = null;
        int cls = 0;
        double finderShare = double.NaN, misassigned = double.NaN;
        if (found is not null)
        {
            var kind = StemJointFit.Kinds(main, vertex, found);
            finderPhoton = StemJointFit.FitAtFork(main, vertex, axis, found, keV, stemK, pointSigma, settings, scattering)?.Direction;
            var (eA, eB) = StemJointFit.ChargeEnergiesMeV(main, kind, keV);
            // Which lepton each arm is by the tag's majority of its charge.
            double a1 = 0, a2 = 0, b1 = 0, b2 = 0;
            for (int v = 0; v < n; v++)
            {
                if (kind[v] == 1) { if (tag[v] == 1) a1 += main.Charge(v); else if (tag[v] == 2) a2 += main.Charge(v); }
                else if (kind[v] == 2) { if (tag[v] == 1) b1 += main.Charge(v); else if (tag[v] == 2) b2 += main.Charge(v); }
            }
            int armA = a1 >= a2 ? 1 : 2, armB = b1 >= b2 ? 1 : 2;
            cls = finderPhoton is null ? 3 : armA == armB ? 1 : 2;
            if (armA != armB && eA + eB > 0)
            {
                finderShare = armA == 1 ? eA / (eA + eB) : eB / (eA + eB);
                misassigned = (armA == 1 ? a2 + b1 : a1 + b2) / Math.Max(a1 + a2 + b1 + b2, 1e-300);
            }
        }

        // The tag's split: the fork where the leptons' deposits' centroids part by two pitches (round 16), then each voxel its lepton.
        double qE = 0, qP = 0;
        for (int v = 0; v < n; v++) { if (tag[v] == 1) qE += main.Charge(v); else if (tag[v] == 2) qP += main.Charge(v); }
        var tagKind = new sbyte[n];
        var (tagPhoton, tagFork, tagShare) = TagJoint(axis, null);
        // What round 16's bound knew beyond the tag: the true photon's axis for the bins, the true energies (tag split both).
        var energies = (truthElectronMeV, truthPositronMeV);
        var extra = (TagJoint(truthAxis, null).Photon, TagJoint(axis, energies).Photon, TagJoint(truthAxis, energies).Photon);
        (byte[], byte[])? labels = null;
        if (keepLabels)
        {
            var finderLabel = new byte[n];
            for (int v = 0; v < n; v++) finderLabel[v] = (byte)(double.IsNaN(finderFork) ? 0 : distance[v] <= finderFork ? 3 : owner[v]);
            labels = (tag, finderLabel);
        }
        // Round 19's mixture (StemMixture itself; the detached clusters are every cluster but the vertex's, as the run's).
        int ownCluster = at is { Cluster: > 0 and var oc } && oc < clusters.Count ? oc : 0;
        var detached = new PairFit.Detached[clusters.Count - 1];
        for (int c = 0, j = 0; c < clusters.Count; c++)
            if (c != ownCluster) detached[j++] = new PairFit.Detached(clusters.Centroid[c], clusters.Charge[c]);
        (Vec3? Photon, Vec3? Rays, double Share, double Misassigned)? mixture = null;
        if (StemMixture.Mix(cluster, vertex, axis, keV, mipPerMm, stemK, detached, pointSigma, settings) is { } mix)
        {
            var mixPhoton = StemJointFit.FitSplit(main, vertex, axis, mix.Kind, mix.EnergyA, mix.EnergyB, stemK, pointSigma, settings, scattering)?.Direction;
            double a1 = 0, a2 = 0, b1 = 0, b2 = 0;
            for (int v = 0; v < n; v++)
            {
                if (mix.Kind[v] == 1) { if (tag[v] == 1) a1 += main.Charge(v); else if (tag[v] == 2) a2 += main.Charge(v); }
                else if (mix.Kind[v] == 2) { if (tag[v] == 1) b1 += main.Charge(v); else if (tag[v] == 2) b2 += main.Charge(v); }
            }
            bool aIsElectron = a1 - a2 >= b1 - b2;
            double share = (aIsElectron ? mix.EnergyA : mix.EnergyB) / (mix.EnergyA + mix.EnergyB);
            double wrong = (aIsElectron ? a2 + b1 : a1 + b2) / Math.Max(a1 + a2 + b1 + b2, 1e-300);
            mixture = (mixPhoton, mix.RaysPhoton, share, wrong);
        }
        return new StepResult(tagPhoton, finderPhoton, cls, finderFork * 1e3, tagFork * 1e3, finderShare, tagShare, misassigned, axis, extra,
            keepLabels ? cluster : null, labels) { Mixture = mixture };

        (Vec3? Photon, double Fork, double Share) TagJoint(Vec3 axis, (double A, double B)? truthEnergies)
        {
            double tagFork = double.NaN, tagShare = double.NaN;
            Vec3? tagPhoton = null;
            if (qE > 0 && qP > 0)
            {
                double kE = PerLength(qE * keV * 1e-3, 1), kP = PerLength(qP * keV * 1e-3, 1);
                int bins = (int)Math.Ceiling(lengthM / pitch);
                var sums = new double[2 * bins * 3];
                var (e1, e2) = ScatteringCorridor.Transverse(axis);
                var corridor = settings.Corridor();
                // Each lepton's own deposits (as round 16's separate readouts: a shared voxel's charge counts for both leptons).
                for (int i = 0; i < g.X.Length; i++)
                {
                    byte t = g.PairLepton.Length > i ? g.PairLepton[i] : PairLeptonTag.Neither;
                    if (t == PairLeptonTag.Neither) continue;
                    var d = new Vec3(g.X[i] * 0.01, g.Y[i] * 0.01, g.Z[i] * 0.01) - vertex;
                    double along = d.Dot(axis);
                    if (!(along > 0) || along >= lengthM) continue;
                    var lateral = d - along * axis;
                    double k = t == PairLeptonTag.Electron ? kE : kP;
                    if (!corridor.Contains(lateral.Dot(lateral), Math.Sqrt(k * along * along * along / 3))) continue;
                    int o = ((t - 1) * bins + (int)(along / pitch)) * 3;
                    double q = g.Electrons[i];
                    sums[o] += q; sums[o + 1] += q * d.Dot(e1); sums[o + 2] += q * d.Dot(e2);
                }
                for (int b = 0; b < bins && double.IsNaN(tagFork); b++)
                {
                    int o1 = b * 3, o2 = (bins + b) * 3;
                    if (!(sums[o1] > 0 && sums[o2] > 0)) continue;
                    double dx = sums[o1 + 1] / sums[o1] - sums[o2 + 1] / sums[o2], dy = sums[o1 + 2] / sums[o1] - sums[o2 + 2] / sums[o2];
                    if (Math.Sqrt(dx * dx + dy * dy) > 2 * pitch) tagFork = b * pitch;
                }
                if (!double.IsNaN(tagFork))
                {
                    for (int v = 0; v < n; v++) tagKind[v] = (sbyte)(distance[v] <= tagFork ? 0 : tag[v] == 0 ? -1 : tag[v]);
                    tagPhoton = JointFit(main, vertex, axis, tagKind, keV, stemK, pointSigma, settings, scattering, out double eE, out double eP, truthEnergies);
                    if (eE + eP > 0) tagShare = eE / (eE + eP);
                }
            }
            return (tagPhoton, tagFork, tagShare);
        }

        double PerLength(double kineticMeV, double tracks)
        {
            double theta0 = scattering.HighlandRad(kineticMeV, lengthM * 100);
            return theta0 * theta0 / lengthM / tracks;
        }
    }

    /// <summary>
    /// <see cref="StemJointFit"/>'s bins and GLS for a given split of the voxels (<paramref name="kind"/>: 0 the stem, 1 and 2 the
    /// leptons beyond the fork, -1 neither), the energies by the run's rule unless the truth's are given. Null with fewer than two
    /// bins of a lepton (the stem fit stands).
    /// </summary>
    private static Vec3? JointFit(VoxelGrid grid, Vec3 vertex, Vec3 axis, sbyte[] kind, double keVPerElectron, double stemK, double pointSigmaM,
        ReconstructionSettings settings, ScatteringLimit scattering, out double energyA, out double energyB, (double A, double B)? truthEnergies = null)
    {
        (energyA, energyB) = StemJointFit.ChargeEnergiesMeV(grid, kind, keVPerElectron);
        if (truthEnergies is { } te && energyA > 0 && energyB > 0) (energyA, energyB) = te;
        return StemJointFit.FitSplit(grid, vertex, axis, kind, energyA, energyB, stemK, pointSigmaM, settings, scattering)?.Direction;
    }
}
