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
    /// <summary>One pair photon scored at one vertex: the near fit, the far field and the far-end cue (angles in degrees).</summary>
    private sealed record FarFieldRow(double Near, double NearSigmaDeg, double[] Far, double[] FarSpreadDeg, Vec3 NearDir, Vec3[] FarDir, Vec3 Photon);

    /// <summary>The far-field variants: the minimum distance of the charge from the vertex (mm) and the cone around the near line (deg; 180 = all charge).</summary>
    private static readonly (string Name, double MinMm, double ConeDeg)[] FarVariants = [("all", 0, 180), ("beyond 10 mm", 10, 180), ("cone 45", 0, 45), ("cone 20", 0, 20)];
    /// <summary>Scales of the far field's spread tried as its error in the combination.</summary>
    private static readonly double[] FarSpreadScales = [0.5, 1, 2];

    /// <summary>
    /// Issue 10 round 7 (set <c>farfield</c>): the photon direction from the whole event's charge seen from the vertex
    /// (<see cref="FarField"/>) beside the near-vertex fit, and their inverse-variance combination, at the found and the
    /// truth vertex, on composed pairs and generated pair photons (the tuning sets) and PENELOPE (evaluation only).
    /// Also the far-end cue: the charge-weighted projection of the event onto the vertex's cone axis,
    /// sum q (d . u) / sum q |d|, for found vertices within 3 mm of the truth, downstream of it (a lepton's far end) or elsewhere.
    /// </summary>
    private static void FarFieldScan(StringBuilder md, Chain chain, TrackGenerator generator, string tracksRoot, int count, ScatteringLimit scattering, double pitchM)
    {
        // The near fit alone: the scan combines it with each far-field variant itself.
        var shipped = chain.Settings;
        chain.Settings = JsonSerializer.Deserialize<ReconstructionSettings>(JsonSerializer.Serialize(shipped))!;
        chain.Settings.FarFieldSpreadScale = 0;
        var sets = new List<(string Set, int EnergyKev, List<(TrackItem Item, Vec3 Vertex, Vec3 Photon)> Items)>();
        foreach (var e in new[] { 10000, 20000, 50000 })
        {
            var pairs = new List<(TrackItem, Vec3, Vec3)>();
            for (int t = 0; t < count; t++) { var (item, truth) = ComposePair(generator, e, t); pairs.Add((chain.Run(item), Vec3.Zero, truth.Photon)); }
            sets.Add(("composed pairs", e, pairs));
            var photons = new List<(TrackItem, Vec3, Vec3)>();
            foreach (var item in Generate(generator, Particle.Photon, e, count, "photons"))
                if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth && truth.Pair.Count > 0)
                    photons.Add((chain.Run(item), truth.Pair.Positions[0], truth.InitialDirection));
            sets.Add(("generated photons", e, photons));
        }
        foreach (var g in DatasetDiscovery.Discover(tracksRoot).Where(s => s.Particle == "photons" && s.EnergyKev >= 10000).GroupBy(s => s.EnergyKev).OrderBy(g => g.Key))
        {
            var items = new List<(TrackItem, Vec3, Vec3)>();
            foreach (var src in g)
            {
                var item = new TrackItem(src) { Track = TrackReader.Read(src) };
                if (item.RequireTrack().Truth is { FirstInteraction: "pair" } truth && truth.Pair.Count > 0)
                    items.Add((chain.Run(item), truth.Pair.Positions[0], truth.InitialDirection));
            }
            sets.Add(("PENELOPE", g.Key, items));
        }

        md.AppendLine("### Issue 10 round 7: the far field and its combination with the near fit");
        md.AppendLine();
        md.AppendLine("Photon angle median / 68 % (deg). near = the shipped stem fit; far = direction from the vertex to the charge centroid (all clusters;");
        md.AppendLine("\"beyond 10 mm\": voxels farther than 10 mm; \"cone a\": voxels within a deg of the near line, then of the first centroid); pull = median");
        md.AppendLine("of angle / (1.18 sigma): 1 when the error is calibrated (sigma: the fit's GLS error, the far field's spread); b = near and far combined");
        md.AppendLine("by inverse variance with the far error b x spread, in brackets for b = 1: tracks brought closer than the near fit / tracks.");
        md.AppendLine();
        var header = new StringBuilder("| set | E (MeV) | vertex | tracks | MS limit | near | near pull |");
        var rule = new StringBuilder("|---|---|---|---|---|---|---|");
        foreach (var (name, _, _) in FarVariants)
        {
            header.Append($" far {name} | pull |"); rule.Append("---|---|");
            foreach (var b in FarSpreadScales) { header.Append(string.Create(Ic, $" b = {b} |")); rule.Append("---|"); }
        }
        md.AppendLine(header.ToString());
        md.AppendLine(rule.ToString());

        var cue = new List<string>();
        foreach (var (set, e, items) in sets)
        {
            var found = new List<FarFieldRow>(); var atTruth = new List<FarFieldRow>();
            var cueByClass = new Dictionary<string, List<double>> { ["within 3 mm"] = [], ["downstream"] = [], ["elsewhere"] = [] };
            var apexCue = new List<double>();
            foreach (var (item, vertex, photon) in items)
            {
                if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch)) continue;
                var all = new VoxelGrid(cloud, pitch);
                FarFieldRow? atFound = null;
                if (item.Topology?.Pixels?.AtPairVertex is { } at && item.Reconstruction is { PhotonDirection: { } nd, PhotonSigmaDeg: { } ns })
                {
                    found.Add(atFound = Row(all, at.Vertex, nd, ns, photon));
                    var miss = at.Vertex - vertex;
                    string cls = miss.Length <= 3e-3 ? "within 3 mm" : miss.Dot(photon.Normalized()) > 5e-3 ? "downstream" : "elsewhere";
                    if (at.ConeAxis != Vec3.Zero) cueByClass[cls].Add(Projection(all, at.Vertex, at.ConeAxis));
                }
                if (item.Topology?.Pixels?.AtTruthVertex is { } tv && chain.AtTruthVertexReconstruction(item) is { PhotonDirection: { } td, PhotonSigmaDeg: { } ts })
                {
                    atTruth.Add(Row(all, tv.Vertex, td, ts, photon));
                    apexCue.Add(Projection(all, tv.Vertex, td));
                    if (set == "PENELOPE") Console.WriteLine(Describe(item, atFound, atTruth[^1], vertex, photon));
                }
            }
            double limit = MsLimitMedianDeg(scattering, e, pitchM);
            foreach (var (label, rows) in new[] { ("found", found), ("truth", atTruth) })
            {
                var line = new StringBuilder(string.Create(Ic, $"| {set} | {e / 1000} | {label} | {rows.Count} | {F(limit)} | {Cell(rows.Select(r => r.Near))} | {F(Pull(rows.Select(r => (r.Near, r.NearSigmaDeg))), 2)} |"));
                for (int k = 0; k < FarVariants.Length; k++)
                {
                    line.Append(string.Create(Ic, $" {Cell(rows.Select(r => r.Far[k]))} | {F(Pull(rows.Where(r => r.Far[k] < 180).Select(r => (r.Far[k], r.FarSpreadDeg[k]))), 2)} |"));
                    foreach (var b in FarSpreadScales)
                    {
                        var combined = rows.Select(r => Combined(r, k, b)).ToList();
                        string closer = b == 1 ? $" ({combined.Zip(rows).Count(p => p.First < p.Second.Near - 1e-9)}/{rows.Count})" : "";
                        line.Append($" {Cell(combined)}{closer} |");
                    }
                }
                md.AppendLine(line.ToString());
            }
            cue.Add(string.Create(Ic, $"| {set} | {e / 1000} | ") + string.Join(" | ", cueByClass.Select(c => $"{c.Value.Count}: {F(Quantile(c.Value, 0.16), 2)} / {F(Quantile(c.Value, 0.5), 2)} / {F(Quantile(c.Value, 0.84), 2)}"))
                + $" | {apexCue.Count}: {F(Quantile(apexCue, 0.16), 2)} / {F(Quantile(apexCue, 0.5), 2)} / {F(Quantile(apexCue, 0.84), 2)} |");
        }
        md.AppendLine();
        md.AppendLine("The far-end cue, sum q (d . u) / sum q |d| over every voxel (u the found vertex's cone axis; at the truth vertex the near fit's direction):");
        md.AppendLine("tracks: 16 % / median / 84 % quantiles, by where the found vertex lies.");
        md.AppendLine();
        md.AppendLine("| set | E (MeV) | found within 3 mm | found downstream > 5 mm | found elsewhere | at the truth vertex |");
        md.AppendLine("|---|---|---|---|---|---|");
        foreach (var c in cue) md.AppendLine(c);
        md.AppendLine();

        // The same cue on generated electrons: at a false V's vertex (a split inside the electron's own track) half the charge lies behind.
        md.AppendLine("The far-end cue on generated electrons (no pair): 16 % / median / 84 % at the cone vertex, where a V is seen (false V) and where not.");
        md.AppendLine();
        md.AppendLine("| T (MeV) | electrons | false V | cue at a false V | cue, no V |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var e in new[] { 10000, 20000, 50000 })
        {
            var falseV = new List<double>(); var noV = new List<double>();
            int n = 0;
            foreach (var item in Generate(generator, Particle.Electron, e, Math.Max(1, count / 3), "electrons"))
            {
                chain.Run(item);
                n++;
                if (item.Topology?.Pixels?.AtPairVertex is not { ConeAxis: var axis } at || axis == Vec3.Zero) continue;
                if (!new TriggeredPixelCloud(chain.Detector.Readout).TryGetPixels(item, out var cloud, out var pitch)) continue;
                (at.PairSeen ? falseV : noV).Add(Projection(new VoxelGrid(cloud, pitch), at.Vertex, axis));
            }
            md.AppendLine(string.Create(Ic, $"| {e / 1000} | {n} | {falseV.Count} | {F(Quantile(falseV, 0.16), 2)} / {F(Quantile(falseV, 0.5), 2)} / {F(Quantile(falseV, 0.84), 2)} | {F(Quantile(noV, 0.16), 2)} / {F(Quantile(noV, 0.5), 2)} / {F(Quantile(noV, 0.84), 2)} |"));
        }
        md.AppendLine();
        chain.Settings = shipped;

        static string Cell(IEnumerable<double> angles)
        {
            var list = angles.ToList();
            return $"{F(Quantile(list, 0.5))} / {F(Quantile(list, 0.68))}";
        }

        static double Pull(IEnumerable<(double Angle, double SigmaDeg)> values) =>
            Quantile(values.Where(v => v.SigmaDeg > 0).Select(v => v.Angle / v.SigmaDeg / MedianPerSigma).ToList(), 0.5);

        static double Combined(FarFieldRow r, int k, double scale)
        {
            if (!(r.FarSpreadDeg[k] > 0) || r.FarDir[k] == Vec3.Zero || !(r.NearSigmaDeg > 0)) return r.Near;
            var (d, _) = FarField.Combine(r.NearDir, r.NearSigmaDeg, r.FarDir[k], scale * r.FarSpreadDeg[k]);
            return AngleDeg(d, r.Photon);
        }
    }

    private static FarFieldRow Row(VoxelGrid all, Vec3 vertex, Vec3 near, double nearSigmaDeg, Vec3 photon)
    {
        var far = new double[FarVariants.Length];
        var spread = new double[FarVariants.Length];
        var dirs = new Vec3[FarVariants.Length];
        for (int k = 0; k < FarVariants.Length; k++)
        {
            if (FarField.Centroid(all, vertex, FarVariants[k].MinMm * 1e-3, near, FarVariants[k].ConeDeg * Math.PI / 180) is { } f)
            {
                far[k] = AngleDeg(f.Direction, photon); spread[k] = f.SpreadRad * 180 / Math.PI; dirs[k] = f.Direction;
            }
            else far[k] = 180;
        }
        return new FarFieldRow(AngleDeg(near, photon), nearSigmaDeg, far, spread, near, dirs, photon);
    }

    /// <summary>One PENELOPE track on the console: the angles at the found and the truth vertex, and the truth's brems near the vertex (what a near fit meets).</summary>
    private static string Describe(TrackItem item, FarFieldRow? found, FarFieldRow truth, Vec3 vertex, Vec3 photon)
    {
        var t = item.RequireTrack().RequireTruth();
        var brems = new List<string>();
        for (int i = 0; i < t.Brem.Count; i++)
        {
            var d = t.Brem.Positions[i] - vertex;
            if (d.Length < 0.03 && t.Brem.EnergiesKev[i] >= 500)
                brems.Add(string.Create(Ic, $"{t.Brem.EnergiesKev[i] / 1000:F1} MeV at {d.Dot(photon) * 1e3:F1} mm along, {(d - d.Dot(photon) * photon).Length * 1e3:F1} mm off"));
        }
        string F1(FarFieldRow? r) => r is null ? "-" : string.Create(Ic, $"near {r.Near:F1} (sigma {r.NearSigmaDeg:F1}), far {r.Far[0]:F1} (spread {r.FarSpreadDeg[0]:F1})");
        return $"farfield;{item.Source.Name};{item.Source.EnergyKev / 1000};found: {F1(found)};truth vertex: {F1(truth)};brems >= 0.5 MeV within 30 mm of the vertex: {string.Join(", ", brems)}";
    }

    /// <summary>The far-end cue: sum q (d . u) / sum q |d| over every voxel, d from the vertex (1: all charge straight ahead, -1: all behind).</summary>
    private static double Projection(VoxelGrid all, Vec3 vertex, Vec3 axis)
    {
        double ahead = 0, reach = 0;
        var u = axis.Normalized();
        for (int v = 0; v < all.Count; v++)
        {
            var d = all.Centroid(v) - vertex;
            ahead += all.Charge(v) * d.Dot(u);
            reach += all.Charge(v) * d.Length;
        }
        return reach > 0 ? ahead / reach : 0;
    }
}
