using System.Text;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
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
            }
        }
        md.AppendLine();
    }
}
