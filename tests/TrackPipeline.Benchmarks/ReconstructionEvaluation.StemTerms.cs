using System.Text;
using TrackPipeline.Generation;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

internal static partial class ReconstructionEvaluation
{
    /// <summary>
    /// Issue 10 round 12 (set <c>stemterms</c>): which term makes the stem's direction at the truth vertex miss the photon.
    /// Generated photons whose first interaction is a pair (the set <c>pairkinematics</c> reads: same names, same draws); at
    /// the truth vertex the full-covariance stem fit (<see cref="MultipleScatteringFit"/>) is redone with one term changed at a
    /// time: the fitted length, the point weights (each voxel one unit instead of its charge), the corridor, the energy in
    /// Highland's theta0 (the truth leptons' instead of the charge's), and the input (the deposits before drift, the drifted
    /// charge before the pixels: diffusion without the readout, the pixels). Each variant's median angle to the photon, to the
    /// leptons' equal-weight bisector and to their energy-weighted direction. Truth read for the vertex and to score only.
    /// </summary>
    private static void StemTerms(StringBuilder md, Chain chain, TrackGenerator generator, int count, ScatteringLimit scattering, double pitchM)
    {
        md.AppendLine("### Issue 10 round 12: the stem fit at the truth vertex, one term changed at a time (generated pair photons)");
        md.AppendLine();
        md.AppendLine("Median (68 %) angle in degrees; 'vs photon' is the target. Input: pixels = triggered pixels (as the run); drifted = the drifted charge binned at the pitch (diffusion, no readout); deposits = the energy deposits binned at the pitch (no drift, no readout); deposits 0.1 mm = binned at 0.1 mm.");
        md.AppendLine();
        var settings = chain.Settings;
        double keVPerElectron = chain.Detector.Medium.KeVPerCollectedElectron;
        double diffusionM = settings.PointDiffusionMm * 1e-3;
        double pointSigma = Math.Sqrt(pitchM * pitchM / 12 + diffusionM * diffusionM);
        var corridor = settings.Corridor();
        double lengthM = settings.LeptonScatteringFitLengthMm * 1e-3;
        // (name, input, length m, unit weights, corridor, truth energy, truth seed); the point error overridden below by name
        var variants = new (string Name, string Input, double LengthM, bool Unit, ScatteringCorridor Corridor, bool TruthEnergy, bool TruthSeed)[]
        {
            ("shipped settings (20 mm)", "pixels", lengthM, false, corridor, false, false),
            ("L = 5 mm", "pixels", 5e-3, false, corridor, false, false),
            ("L = 10 mm", "pixels", 10e-3, false, corridor, false, false),
            ("L = 40 mm", "pixels", 40e-3, false, corridor, false, false),
            ("unit weight per voxel", "pixels", lengthM, true, corridor, false, false),
            ("corridor 1 mm + 3 sigma", "pixels", lengthM, false, new ScatteringCorridor(1e-3, corridor.Sigmas), false, false),
            ("corridor 1 mm + 1 sigma", "pixels", lengthM, false, new ScatteringCorridor(1e-3, 1), false, false),
            ("theta0 at the truth leptons' mean energy", "pixels", lengthM, false, corridor, true, false),
            ("seeded along the true photon", "pixels", lengthM, false, corridor, false, true),
            ("drifted charge (no readout)", "drifted", lengthM, false, corridor, false, false),
            ("deposits (no drift, no readout)", "deposits", lengthM, false, corridor, false, false),
            ("deposits at 0.1 mm, point error 0.03 mm", "deposits0.1", lengthM, false, corridor, false, false),
            ("deposits, L = 5 mm", "deposits", 5e-3, false, corridor, false, false),
            ("deposits, unit weight per voxel", "deposits", lengthM, true, corridor, false, false),
            ("deposits, point error 0.03 mm", "deposits", lengthM, false, corridor, false, false),
            ("deposits at 0.1 mm, point error pitch / sqrt 12", "deposits0.1", lengthM, false, corridor, false, false),
            ("pixels, point error 0.1 mm", "pixels", lengthM, false, corridor, false, false),
            // Round 13: the charge-sharing point error (CrossingCentroid). (Its rows per crossing of the pixel grid were removed
            // with that study mode of the fit; docs/reconstruction-tables.md keeps them.)
            ("pixels, path, crossing point error", "pixels", lengthM, false, corridor, false, false),
            // Round 13's next question: which assumed point error the path bins want on the pixels (shipped 0.188 mm).
            ("pixels, point error 0.05 mm", "pixels", lengthM, false, corridor, false, false),
            ("pixels, point error 0.07 mm", "pixels", lengthM, false, corridor, false, false),
            ("pixels, point error 0.14 mm", "pixels", lengthM, false, corridor, false, false),
            // Round 14: the clean bins' measured point error for every bin (A2; set stemscatter, seed 3). Candidate A (by the bin's charge)
            // was a fit mode not kept in the production fit: commit 2b77039, branch study/reco13-stem-point-error.
            ("pixels, point error 0.11 mm", "pixels", lengthM, false, corridor, false, false),
            // Round 14, candidate B's Gaussian form: every pixel its own measurement (0.1 mm bins along s hold one pixel centre
            // each, mostly), spread by pitch / sqrt 12 with the diffusion, the scattering covariance as shipped.
            ("pixels, one measurement per pixel (B)", "pixels0.1", lengthM, false, corridor, false, false),
        };
        double crossingPoint = CrossingCentroid.ErrorM(pitchM, diffusionM);
        md.AppendLine(string.Create(Ic, $"Crossing point error (CrossingCentroid, pitch {pitchM * 1e3} mm, diffusion {settings.PointDiffusionMm} mm): {crossingPoint * 1e3:F4} mm; path point error {pointSigma * 1e3:F4} mm."));
        md.AppendLine();
        // The point error a variant assumes when its name says so (otherwise its input's).
        static double PointOverride(string name, double pitch, double diffusion) =>
            name == "deposits, point error 0.03 mm" ? 0.03e-3
            : name == "deposits at 0.1 mm, point error pitch / sqrt 12" ? pitch / Math.Sqrt(12)
            : name.StartsWith("pixels, point error ", StringComparison.Ordinal) && name.EndsWith(" mm", StringComparison.Ordinal)
                ? double.Parse(name["pixels, point error ".Length..^" mm".Length], Ic) * 1e-3
            : name.Contains("crossing point error", StringComparison.Ordinal) ? CrossingCentroid.ErrorM(pitch, diffusion)
            : double.NaN;
        md.AppendLine("| E (MeV) | variant | pairs | vs photon | vs bisector | vs energy-weighted leptons |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (int e in new[] { 10000, 20000, 50000 })
        {
            var toPhoton = variants.Select(_ => new List<double>()).ToArray();
            var toBisector = variants.Select(_ => new List<double>()).ToArray();
            var toWeighted = variants.Select(_ => new List<double>()).ToArray();
            var shipped = new List<double>();
            foreach (var item in Generate(generator, Particle.Photon, e, count, "kinematics"))
            {
                var track = item.RequireTrack();
                var truth = track.RequireTruth();
                if (truth.FirstInteraction != "pair" || truth.PairLeptons.Count == 0) continue;
                chain.Run(item);
                if (item.Topology?.Pixels?.AtTruthVertex is not { } split) continue;
                if (chain.AtTruthVertex(item) is not { } run) continue;
                var l = truth.PairLeptons[0];
                var photon = truth.InitialDirection.Normalized();
                var bisect = (l.ElectronDirection.Normalized() + l.PositronDirection.Normalized()).Normalized();
                var weighted = (l.ElectronEnergyKev * l.ElectronDirection.Normalized() + l.PositronEnergyKev * l.PositronDirection.Normalized()).Normalized();
                shipped.Add(AngleDeg(run, photon));
                if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var pixels, out var pitch)) continue;
                double eventKev = 0;
                foreach (var q in pixels.Charge) eventKev += q * keVPerElectron;
                double truthMeanMeV = 0.5 * (l.ElectronEnergyKev + l.PositronEnergyKev) * 1e-3;
                for (int k = 0; k < variants.Length; k++)
                {
                    var v = variants[k];
                    var grid = Grid(item, v.Input, v.Unit, pixels, pitch);
                    double point = v.Input == "deposits0.1" ? 0.1e-3 / Math.Sqrt(12) : v.Input == "deposits" ? pitch / Math.Sqrt(12) : pointSigma;
                    if (PointOverride(v.Name, pitch, diffusionM) is var o && !double.IsNaN(o)) point = o;
                    var fitTrack = new MultipleScatteringFit.Track(v.TruthEnergy ? truthMeanMeV : 0.5 * eventKev * 1e-3, 2, v.LengthM, v.Corridor,
                        point, settings.VertexSigmaMm * 1e-3);
                    var seed = v.TruthSeed ? photon : run;
                    if (MultipleScatteringFit.Fit(grid, split.Vertex, seed, fitTrack, scattering) is not { } fit) continue;
                    toPhoton[k].Add(AngleDeg(fit.Direction, photon));
                    toBisector[k].Add(AngleDeg(fit.Direction, bisect));
                    toWeighted[k].Add(AngleDeg(fit.Direction, weighted));
                }
            }
            md.AppendLine(string.Create(Ic, $"| {e / 1000} | the run's fit at the truth vertex | {shipped.Count} | {F(Quantile(shipped, 0.5))} ({F(Quantile(shipped, 0.68))}) | | |"));
            for (int k = 0; k < variants.Length; k++)
                md.AppendLine(string.Create(Ic, $"| {e / 1000} | {variants[k].Name} | {toPhoton[k].Count} | {F(Quantile(toPhoton[k], 0.5))} ({F(Quantile(toPhoton[k], 0.68))}) | {F(Quantile(toBisector[k], 0.5))} | {F(Quantile(toWeighted[k], 0.5))} |"));
            md.AppendLine(string.Create(Ic, $"| {e / 1000} | MS limit (median) | | {F(MsLimitMedianDeg(scattering, e, pitchM))} | | |"));
        }
        md.AppendLine();
    }

    /// <summary>The charge a stem variant fits, binned: the triggered pixels, the drifted charge or the deposits.</summary>
    private static VoxelGrid Grid(TrackItem item, string input, bool unitWeights, ChargeCloud pixels, double pitch)
    {
        double voxel = input is "deposits0.1" or "pixels0.1" ? 0.1e-3 : pitch;
        // One measurement per pixel: the pixel centres binned at 0.1 mm keep each pixel its own voxel.
        if (input == "pixels0.1") return new VoxelGrid(pixels, voxel);
        ReadOnlySpan<double> x, y, z;
        double[] q;
        if (input == "pixels")
        {
            x = pixels.X; y = pixels.Y; z = pixels.Z;
            q = unitWeights ? Enumerable.Repeat(1.0, pixels.Count).ToArray() : pixels.Charge.ToArray();
            if (!unitWeights) return new VoxelGrid(pixels, voxel);
        }
        else if (input == "drifted")
        {
            var d = item.Drifted!;
            x = d.X; y = d.Y; z = d.Z;
            q = new double[d.Count];
            for (int i = 0; i < q.Length; i++) q[i] = d.Electrons[i];
        }
        else
        {
            var d = item.RequireTrack().Deposits;
            x = d.X; y = d.Y; z = d.Z;
            q = new double[d.Count];
            for (int i = 0; i < q.Length; i++) q[i] = d.NumElectrons[i];
        }
        var grid = new VoxelGrid(new ChargeCloud(x, y, z, q), voxel);
        if (!unitWeights || input == "pixels") return grid;
        // Unit weight per occupied voxel: rebin the voxel centres with charge 1 each.
        int n = grid.Count;
        var cx = new double[n]; var cy = new double[n]; var cz = new double[n]; var ones = new double[n];
        for (int v = 0; v < n; v++) { var c = grid.Centroid(v); cx[v] = c.X; cy[v] = c.Y; cz[v] = c.Z; ones[v] = 1; }
        return new VoxelGrid(new ChargeCloud(cx, cy, cz, ones), voxel);
    }
}
