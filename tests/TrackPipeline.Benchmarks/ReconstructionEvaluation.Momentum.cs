using System.Text;
using System.Text.Json;
using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

internal static partial class ReconstructionEvaluation
{
    /// <summary>
    /// The scattering momentum on generated electrons of known energy (the generator's own scattering, brems and delta rays),
    /// read from the triggered pixels of the main cluster from the true start along the true direction (a diagnostic of the
    /// estimator alone): the ratio to the truth per segment length and for the shipped choice among them.
    /// </summary>
    private static void MomentumOnElectrons(StringBuilder md, Chain chain, TrackGenerator generator, int count)
    {
        var shipped = chain.Settings;
        var scattering = ScatteringLimit.From(shipped);
        double pitchM = chain.Detector.Readout.Fine!.PitchM;
        double point = Math.Sqrt(pitchM * pitchM / 12 + shipped.PointDiffusionMm * shipped.PointDiffusionMm * 1e-6);
        var choices = shipped.MomentumSegmentsMm.Select(l => (Name: string.Create(Ic, $"{l} mm"), Segs: new[] { new MultipleScatteringMomentum.Segmenting(l * 1e-3, shipped.MomentumFitLengthMm * 1e-3, shipped.MomentumCorridorMm * 1e-3, point, shipped.CollisionStoppingMeVPerCm * 100) }))
            .Append((Name: "shipped (smallest error of " + string.Join(", ", shipped.MomentumSegmentsMm.Select(l => l.ToString(Ic))) + " mm)", Segs: shipped.Segmentings(pitchM, point))).ToList();
        md.AppendLine("### Issue 10 round 8: the scattering momentum on generated electrons (from the true start; T_mcs / T_true median [16 %-84 %], bounded / measured / tracks)");
        md.AppendLine();
        md.AppendLine("| T (MeV) | " + string.Join(" | ", choices.Select(c => c.Name)) + " |");
        md.AppendLine("|---|" + string.Concat(choices.Select(_ => "---|")));
        foreach (var e in new[] { 2000, 3000, 5000, 10000, 20000, 40000 })
        {
            var ratios = choices.Select(_ => new List<double>()).ToArray();
            var bounded = new int[choices.Count];
            int n = 0;
            foreach (var item in Generate(generator, Particle.Electron, e, count, "mcs"))
            {
                chain.Run(item);
                n++;
                if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch)) continue;
                var (_, main, _) = MainClusterSkeleton(cloud, pitch);
                var truth = item.RequireTrack().RequireTruth();
                for (int k = 0; k < choices.Count; k++)
                {
                    if (MultipleScatteringMomentum.Best(main, truth.Origin, truth.InitialDirection, 0, choices[k].Segs, scattering) is not { } m) continue;
                    ratios[k].Add(m.KineticMeV / (e * 1e-3));
                    if (m.Bounded) bounded[k]++;
                }
            }
            md.AppendLine(string.Create(Ic, $"| {e / 1000} | ") + string.Join(" | ", ratios.Select((r, k) => string.Create(Ic, $"{F(Quantile(r, 0.5), 2)} [{F(Quantile(r, 0.16), 2)}-{F(Quantile(r, 0.84), 2)}], {bounded[k]} / {r.Count} / {n}"))) + " |");
        }
        md.AppendLine();
    }
}
