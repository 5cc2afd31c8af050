using System.Text;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

internal static partial class ReconstructionEvaluation
{
    /// <summary>
    /// Issue 10 round 12 (set <c>penelopetracks</c>): each PENELOPE pair photon >= 10 MeV at each of the ten detector seeds
    /// (20261127, 1-9): the cone / event vertex's distance to the truth and along the photon (downstream = a flip to a far
    /// end), the photon angle at the vertex found and at the truth vertex. Which tracks and seeds carry the misses.
    /// </summary>
    private static void PenelopeTracks(StringBuilder md, string configDir, ReconstructionSettings settings, string tracksRoot)
    {
        md.AppendLine("### Issue 10 round 12: PENELOPE pair photons per track and detector seed");
        md.AppendLine();
        md.AppendLine("| track | E (MeV) | seed | vertex error (mm) | along the photon (mm) | photon angle (deg) | at the truth vertex (deg) |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        // Round 19b's diagnosis of round 18b's PENELOPE 10 MeV failure: PENELOPETRACKS_ENDS=1 prints, for the 10-20 MeV photons,
        // every end the two-arm rule and round 18b's prong rule look at (penelopeend rows).
        bool ends = Environment.GetEnvironmentVariable("PENELOPETRACKS_ENDS") == "1";
        var sources = DatasetDiscovery.Discover(tracksRoot).Where(s => s.Particle == "photons" && s.EnergyKev >= 10000).OrderBy(s => s.EnergyKev).ThenBy(s => s.Name).ToList();
        foreach (ulong seed in new ulong[] { Seed, 1, 2, 3, 4, 5, 6, 7, 8, 9 })
        {
            var chain = new Chain(configDir, settings, seed);
            foreach (var s in sources)
            {
                var item = new TrackItem(s) { Track = TrackReader.Read(s) };
                var truth = item.RequireTrack().RequireTruth();
                if (truth.FirstInteraction != "pair" || truth.Pair.Count == 0) continue;
                chain.Run(item);
                var photon = truth.InitialDirection.Normalized();
                string err = "", along = "";
                if (item.Topology?.Pixels?.AtPairVertex is { } v)
                {
                    var miss = v.Vertex - truth.Pair.Positions[0];
                    err = F(miss.Length * 1e3); along = F(miss.Dot(photon) * 1e3);
                }
                string angle = item.Reconstruction?.PhotonDirection is { } d ? F(AngleDeg(d, photon)) : "";
                string atTruth = chain.AtTruthVertex(item) is { } t ? F(AngleDeg(t, photon)) : "";
                md.AppendLine(string.Create(Ic, $"| {s.Name} | {s.EnergyKev / 1000} | {seed} | {err} | {along} | {angle} | {atTruth} |"));
                if (ends && s.EnergyKev < 50000) EndRows(chain, item, s.Name, seed, truth.Pair.Positions[0]);
            }
        }
        md.AppendLine();
    }

    /// <summary>
    /// Issue 10 round 19b: each end within the score margin (at most the candidate count) of one PENELOPE photon: its rank,
    /// the distance of its rearmost charge to the conversion, the score, round 18b's prong split there (significant prongs, the
    /// radius they separate at) and the two-arm fit (residual ratio, arms' MIPs, opening, verdict).
    /// </summary>
    private static void EndRows(Chain chain, TrackItem item, string name, ulong seed, Vec3 conversion)
    {
        var t = chain.Topology;
        if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch)) return;
        var (clusters, main, skeleton) = MainClusterSkeleton(cloud, pitch);
        var ranked = PairVertex.Ranked(main, skeleton, clusters, t.VertexStemMm * 1e-3, t.VertexConeCellMm * 1e-3, t.VertexConeCoarseCellMm * 1e-3,
            t.VertexConeRescored, ShapeAnalysis.TwoTrackCue(t));
        if (ranked.Count == 0) return;
        var adjacency = new VoxelAdjacency(main);
        double charge = 0;
        for (int c = 0; c < clusters.Count; c++) charge += clusters.Charge[c];
        double energy = VertexArms.EnergyMeV(charge, t);
        double r = VertexArms.RadiusM(energy, t);
        double floor = ranked[0].Score - t.VertexArmsScoreMargin;
        for (int i = 0; i < ranked.Count && i < t.VertexArmsCandidates && ranked[i].Score >= floor; i++)
        {
            var c = ranked[i];
            var v = PairVertex.Rearmost(main, c.Position, c.Direction, t.VertexRearReachMm * 1e-3, t.VertexRearWidthMm * 1e-3);
            var split = ProngSplit.Find(adjacency, v, t);
            var f = VertexArms.Measure(main, v, r, t.VertexMipElectronsPerMm * 1e3);
            Console.WriteLine(string.Create(Ic,
                $"penelopeend,{name},{seed},{i},{(v - conversion).Length * 1e3:F1},{c.Score:F3},{split.SignificantProngs},{split.RadiusM * 1e3:F1},{f.TwoResidual / f.OneResidual:F2},{f.MipsA:F2},{f.MipsB:F2},{f.OpeningRad * 180 / Math.PI:F0},{r * 1e3:F1},{energy:F1},{(VertexArms.IsTwoArms(f, r, t) ? 1 : 0)}"));
        }
    }
}
