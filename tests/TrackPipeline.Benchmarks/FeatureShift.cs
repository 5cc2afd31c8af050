using System.Globalization;
using System.Text;
using System.Text.Json;
using TrackPipeline.Classification;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// Generator against PENELOPE in the classifier's own inputs (docs/generator-faithfulness.md, "The 45 features"):
/// reads two <c>evaluate --tracks-csv</c> tables (the sample's and generated tracks' of the same energies, same
/// detector depth) and, per feature and per particle and energy,
/// <list type="bullet">
/// <item>the medians and the two-sample Kolmogorov-Smirnov distance D (with 6 sample tracks per folder D must exceed
///   about 0.57 to mean anything at 95 %);</item>
/// <item>pooled over the folders of a particle: each sample track's mid-rank percentile among the generated tracks of
///   its folder (uniform if the generator is faithful), their median and KS distance from uniform (n = 18 photons
///   &gt;= 10 MeV, 36 electrons &gt;= 1 MeV: critical 0.32 and 0.23);</item>
/// <item>what the shift does to the decisions: the shipped model on every sample track &gt;= 1 MeV with that one feature
///   moved by its folder's median difference (generated - sample), the targets counted again.</item>
/// </list>
/// Folders (truth) group the tracks here only: this is an evaluation, no decision of the pipeline reads them.
/// </summary>
internal static class FeatureShift
{
    private sealed record Row(string Name, bool Electron, double EnergyKev, int? Pairs, float[] Features);

    private static readonly (bool Electron, int Kev)[] Folders =
        [(false, 10_000), (false, 20_000), (false, 50_000), (true, 1_000), (true, 3_000), (true, 5_000), (true, 10_000), (true, 20_000), (true, 50_000)];

    public static int Run(string sampleCsv, string generatedCsv, string modelPath, string analysisJson, string outMd, string? controlCsv, TextWriter log)
    {
        var inv = CultureInfo.InvariantCulture;
        var sample = Read(sampleCsv);
        var generated = Read(generatedCsv);
        double pairMin = PairMinProbability(analysisJson);
        using var model = ClassifierModel.Load(modelPath);
        var names = DetectorFeatures.Names;
        int nf = names.Length;

        List<Row> In(List<Row> rows, (bool Electron, int Kev) f) => rows.Where(r => r.Electron == f.Electron && (int)r.EnergyKev == f.Kev).ToList();
        var folderSample = Folders.Select(f => In(sample, f)).ToArray();
        var folderGen = Folders.Select(f => In(generated, f)).ToArray();

        var md = new StringBuilder();
        md.AppendLine(inv, $"Sample: {sampleCsv} ({sample.Count} tracks); generated: {generatedCsv} ({generated.Count} tracks); model {modelPath}, pair operating point {pairMin}.");
        md.AppendLine();
        md.AppendLine("Per folder: median sample / median generated (KS distance D; **bold** above the 95 % critical value 1.36 sqrt((n+m)/nm), about 0.57 for 6 against 100 tracks).");
        md.AppendLine();
        md.Append("| feature |");
        foreach (var f in Folders) md.Append(inv, $" {(f.Electron ? "e-" : "γ")} {f.Kev / 1000} MeV |");
        md.AppendLine();
        md.Append("|---|").AppendLine(string.Concat(Enumerable.Repeat("---|", Folders.Length)));
        for (int j = 0; j < nf; j++)
        {
            md.Append(inv, $"| `{names[j]}` |");
            for (int g = 0; g < Folders.Length; g++)
            {
                var s = Column(folderSample[g], j);
                var m = Column(folderGen[g], j);
                if (s.Length == 0 || m.Length == 0) { md.Append(" - |"); continue; }
                double d = Ks(s, m), crit = 1.36 * Math.Sqrt((double)(s.Length + m.Length) / (s.Length * m.Length));
                string dText = d > crit ? $"**{d:0.00}**" : $"{d:0.00}";
                md.Append(inv, $" {Fmt(Median(s))} / {Fmt(Median(m))} ({dText}) |");
            }
            md.AppendLine();
        }

        // Decisions of the shipped model on the sample, before and after moving one feature.
        var judged = sample.Where(r => r.EnergyKev >= 1_000).ToList();
        var shift = new double[Folders.Length, nf];
        for (int g = 0; g < Folders.Length; g++)
            for (int j = 0; j < nf; j++)
            {
                var s = Column(folderSample[g], j);
                var m = Column(folderGen[g], j);
                shift[g, j] = s.Length == 0 || m.Length == 0 ? 0 : Median(m) - Median(s);
            }
        int FolderOf(Row r) => Array.FindIndex(Folders, f => f.Electron == r.Electron && f.Kev == (int)r.EnergyKev);
        int Decide(float[] x) => QuestCategory.Decide(model.Predict(x), pairMin);
        (int Pair, int PairOf, int Evg, int EvgOf) Targets(Func<Row, int> decide)
        {
            int pair = 0, pairOf = 0, evg = 0, evgOf = 0;
            foreach (var r in judged)
            {
                var c = QuestCategory.All[decide(r)];
                evgOf++;
                if (QuestCategory.IsElectronClass(c) == r.Electron) evg++;
                if (!r.Electron && r.EnergyKev >= 10_000 && r.Pairs is { } p) { pairOf++; if (QuestCategory.IsPairClass(c) == (p >= 1)) pair++; }
            }
            return (pair, pairOf, evg, evgOf);
        }
        var baseClass = judged.ToDictionary(r => r.Name, r => Decide(r.Features));
        var before = Targets(r => baseClass[r.Name]);
        md.AppendLine();
        md.AppendLine(inv, $"Pooled: each sample track's percentile among its folder's generated tracks (0.5 = the generated median): the median of the mid-rank percentiles, and the KS distance from uniform of the randomised percentiles (ties spread over their step) (critical at 95 %: {1.36 / Math.Sqrt(18):0.00} for the 18 photons >= 10 MeV, {1.36 / Math.Sqrt(36):0.00} for the 36 electrons >= 1 MeV). Moved: the shipped model on the {judged.Count} sample tracks >= 1 MeV with this one feature moved by its folder's median difference (generated - sample): tracks whose class changes, and the targets (before: pair {before.Pair} / {before.PairOf}, electron vs photon {before.Evg} / {before.EvgOf}).");
        md.AppendLine();
        md.AppendLine("| feature | γ >= 10 MeV: median percentile | KS | e- >= 1 MeV: median percentile | KS | moved: classes changed | pair right | e vs γ right | tracks whose e-vs-γ or pair decision turns right / wrong |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var gains = new List<(int j, int net)>();
        for (int j = 0; j < nf; j++)
        {
            var (pm, pk) = Pooled(folderSample, folderGen, j, electrons: false);
            var (em, ek) = Pooled(folderSample, folderGen, j, electrons: true);
            var moved = new Dictionary<string, int>();
            foreach (var r in judged)
            {
                int g = FolderOf(r);
                var x = (float[])r.Features.Clone();
                if (g >= 0) x[j] = (float)(x[j] + shift[g, j]);
                moved[r.Name] = Decide(x);
            }
            int changed = judged.Count(r => moved[r.Name] != baseClass[r.Name]);
            var after = Targets(r => moved[r.Name]);
            var turned = new List<string>();
            foreach (var r in judged.Where(r => moved[r.Name] != baseClass[r.Name]))
            {
                bool rightBefore = Right(r, baseClass[r.Name]), rightAfter = Right(r, moved[r.Name]);
                if (rightBefore != rightAfter) turned.Add((rightAfter ? "+" : "-") + Short(r));
            }
            gains.Add((j, after.Pair - before.Pair + after.Evg - before.Evg));
            md.AppendLine(inv, $"| `{names[j]}` | {pm:0.00} | {Bold(pk, 1.36 / Math.Sqrt(18))} | {em:0.00} | {Bold(ek, 1.36 / Math.Sqrt(36))} | {changed} | {after.Pair} | {after.Evg} | {string.Join(" ", turned)} |");
        }
        // Every feature moved at once: the sample as the generator would make it, feature by feature (not jointly).
        var all = judged.ToDictionary(r => r.Name, r =>
        {
            int g = FolderOf(r);
            var x = (float[])r.Features.Clone();
            if (g >= 0) for (int j = 0; j < nf; j++) x[j] = (float)(x[j] + shift[g, j]);
            return Decide(x);
        });
        var allAfter = Targets(r => all[r.Name]);
        md.AppendLine();
        md.AppendLine(inv, $"Every feature moved at once: classes changed {judged.Count(r => all[r.Name] != baseClass[r.Name])}, pair {allAfter.Pair} / {allAfter.PairOf}, electron vs photon {allAfter.Evg} / {allAfter.EvgOf}.");
        if (controlCsv is not null) Control(md, Read(controlCsv), folderGen, model, pairMin, before, allAfter, judged.Count);
        File.WriteAllText(outMd, md.ToString());
        log.WriteLine(md.ToString());
        return 0;

        static bool Right(Row r, int cls)
        {
            var c = QuestCategory.All[cls];
            bool evg = QuestCategory.IsElectronClass(c) == r.Electron;
            bool pair = r.Electron || r.EnergyKev < 10_000 || r.Pairs is not { } p || QuestCategory.IsPairClass(c) == (p >= 1);
            return evg && pair;
        }
        static string Short(Row r) => $"{(r.Electron ? "e" : "γ")}{r.EnergyKev / 1000:0}:{r.Name[^4..]}";
    }

    /// <summary>
    /// How much "every feature moved at once" changes the decisions by chance: pseudo-samples of as many generated tracks
    /// per folder as the sample has (6), drawn from another generated set (not the reference), moved onto the reference's
    /// medians the same way. Their true shift is nil, so what their targets gain or lose is the noise of 6-track medians.
    /// </summary>
    private static void Control(StringBuilder md, List<Row> control, List<Row>[] folderGen, ClassifierModel model, double pairMin,
        (int Pair, int PairOf, int Evg, int EvgOf) sampleBefore, (int Pair, int PairOf, int Evg, int EvgOf) sampleAfter, int sampleCount)
    {
        const int Draws = 200, PerFolder = 6;
        var rng = new Random(20261128);
        var deltas = new List<(int Pair, int Evg, double PairOf, double EvgOf)>();
        for (int d = 0; d < Draws; d++)
        {
            int pair0 = 0, pair1 = 0, pairOf = 0, evg0 = 0, evg1 = 0, evgOf = 0;
            for (int g = 0; g < Folders.Length; g++)
            {
                var pool = control.Where(r => r.Electron == Folders[g].Electron && (int)r.EnergyKev == Folders[g].Kev).ToList();
                if (pool.Count < PerFolder || folderGen[g].Count == 0) continue;
                var pick = pool.OrderBy(_ => rng.Next()).Take(PerFolder).ToList();
                var moved = pick.Select(r => (float[])r.Features.Clone()).ToList();
                for (int j = 0; j < DetectorFeatures.Count; j++)
                {
                    double shift = Median(Column(folderGen[g], j)) - Median(Column(pick, j));
                    foreach (var x in moved) x[j] = (float)(x[j] + shift);
                }
                for (int i = 0; i < pick.Count; i++)
                {
                    var r = pick[i];
                    var c0 = QuestCategory.All[QuestCategory.Decide(model.Predict(r.Features), pairMin)];
                    var c1 = QuestCategory.All[QuestCategory.Decide(model.Predict(moved[i]), pairMin)];
                    evgOf++;
                    if (QuestCategory.IsElectronClass(c0) == r.Electron) evg0++;
                    if (QuestCategory.IsElectronClass(c1) == r.Electron) evg1++;
                    if (!r.Electron && r.EnergyKev >= 10_000 && r.Pairs is { } p)
                    {
                        pairOf++;
                        if (QuestCategory.IsPairClass(c0) == (p >= 1)) pair0++;
                        if (QuestCategory.IsPairClass(c1) == (p >= 1)) pair1++;
                    }
                }
            }
            deltas.Add((pair1 - pair0, evg1 - evg0, pairOf, evgOf));
        }
        var evg = deltas.Select(x => (double)x.Evg).OrderBy(x => x).ToArray();
        var pairs = deltas.Select(x => (double)x.Pair).OrderBy(x => x).ToArray();
        double Q(double[] v, double q) => v[(int)Math.Round(q * (v.Length - 1))];
        int sampleEvg = sampleAfter.Evg - sampleBefore.Evg, samplePair = sampleAfter.Pair - sampleBefore.Pair;
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Control ({Draws} pseudo-samples of {PerFolder} generated tracks per folder from the control set, {deltas[0].EvgOf} tracks >= 1 MeV each, moved the same way): electron vs photon changes by {Q(evg, 0.5):+0;-0;0} (median; 5-95 %: {Q(evg, 0.05):+0;-0;0} to {Q(evg, 0.95):+0;-0;0}; {evg.Count(x => x >= sampleEvg)} of {Draws} draws gain at least the sample's {sampleEvg:+0;-0;0}), pair containment by {Q(pairs, 0.5):+0;-0;0} ({Q(pairs, 0.05):+0;-0;0} to {Q(pairs, 0.95):+0;-0;0}; the sample {samplePair:+0;-0;0} of {sampleBefore.PairOf}; the sample has {sampleCount} tracks >= 1 MeV).");
    }

    private static string Bold(double d, double crit) => d > crit ? $"**{d:0.00}**" : $"{d:0.00}";

    private static string Fmt(double v) => Math.Abs(v) >= 100 ? v.ToString("0", CultureInfo.InvariantCulture)
        : Math.Abs(v) >= 10 ? v.ToString("0.0", CultureInfo.InvariantCulture) : v.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>
    /// Each sample track's percentile among its folder's generated tracks, pooled over one particle's folders: the
    /// median of the mid-rank percentiles, and the KS distance from uniform of the randomised percentiles (a value
    /// tied with generated values is spread uniformly over [F(x-), F(x)], so a discrete feature that agrees is
    /// uniform too; computed exactly, without drawing).
    /// </summary>
    private static (double Median, double Ks) Pooled(List<Row>[] sample, List<Row>[] gen, int j, bool electrons)
    {
        var spans = new List<(double Lo, double Hi)>();
        for (int g = 0; g < Folders.Length; g++)
        {
            if (Folders[g].Electron != electrons) continue;
            var m = Column(gen[g], j);
            Array.Sort(m);
            if (m.Length == 0) continue;
            foreach (var x in Column(sample[g], j))
                spans.Add(((double)LowerBound(m, x) / m.Length, (double)UpperBound(m, x) / m.Length));
        }
        if (spans.Count == 0) return (double.NaN, double.NaN);
        double Cdf(double u) => spans.Average(s => s.Hi <= s.Lo ? (u >= s.Lo ? 1.0 : 0.0) : Math.Clamp((u - s.Lo) / (s.Hi - s.Lo), 0, 1));
        double d = 0;
        foreach (var u in spans.SelectMany(s => new[] { s.Lo, s.Hi }))
        {
            // The CDF is piecewise linear with jumps only at point masses: check both sides of every break.
            d = Math.Max(d, Math.Abs(Cdf(u) - u));
            d = Math.Max(d, Math.Abs(Cdf(u - 1e-12) - u));
        }
        return (Median(spans.Select(s => 0.5 * (s.Lo + s.Hi)).ToArray()), d);
    }

    /// <summary>Two-sample Kolmogorov-Smirnov distance: the largest gap between the two empirical distribution functions.</summary>
    private static double Ks(double[] a, double[] b)
    {
        var x = (double[])a.Clone();
        var y = (double[])b.Clone();
        Array.Sort(x);
        Array.Sort(y);
        double d = 0;
        foreach (var v in x.Concat(y))
            d = Math.Max(d, Math.Abs((double)UpperBound(x, v) / x.Length - (double)UpperBound(y, v) / y.Length));
        return d;
    }

    private static int LowerBound(double[] sorted, double v) { int lo = 0, hi = sorted.Length; while (lo < hi) { int mid = (lo + hi) / 2; if (sorted[mid] < v) lo = mid + 1; else hi = mid; } return lo; }
    private static int UpperBound(double[] sorted, double v) { int lo = 0, hi = sorted.Length; while (lo < hi) { int mid = (lo + hi) / 2; if (sorted[mid] <= v) lo = mid + 1; else hi = mid; } return lo; }

    private static double Median(double[] v)
    {
        var s = (double[])v.Clone();
        Array.Sort(s);
        int n = s.Length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    private static double[] Column(List<Row> rows, int j) => rows.Select(r => (double)r.Features[j]).ToArray();

    private static double PairMinProbability(string analysisJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(analysisJson));
        return doc.RootElement.GetProperty("Classifier").GetProperty("PairMinProbability").GetDouble();
    }

    /// <summary>Reads an <c>evaluate --tracks-csv</c> table (no quoted fields in these columns but the name and path).</summary>
    private static List<Row> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int Col(string n) => Array.IndexOf(header, n) is var i and >= 0 ? i : throw new InvalidDataException($"{path}: no column {n}");
        int first = Col(DetectorFeatures.Names[0]);
        int energy = Col("true_energy_kev"), electron = Col("true_electron"), pairs = Col("true_pairs");
        var rows = new List<Row>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            if (f.Length != header.Length) throw new InvalidDataException($"{path}: a line with {f.Length} fields, the header has {header.Length}");
            if (f[energy].Length == 0 || f[electron].Length == 0) continue;
            var x = new float[DetectorFeatures.Count];
            for (int j = 0; j < x.Length; j++) x[j] = float.Parse(f[first + j], CultureInfo.InvariantCulture);
            rows.Add(new Row(f[0], f[electron] == "electron", double.Parse(f[energy], CultureInfo.InvariantCulture),
                f[pairs].Length == 0 ? null : int.Parse(f[pairs], CultureInfo.InvariantCulture), x));
        }
        return rows;
    }
}
