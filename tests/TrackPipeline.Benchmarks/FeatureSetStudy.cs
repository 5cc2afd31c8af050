using System.Globalization;
using System.Text;
using System.Text.Json;
using TrackPipeline.Classification;
using TrackPipeline.Numerics;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// Is a feature worth having? 5-fold cross-validation on the training sample (the table <c>train --tracks-csv</c>
/// writes), the shipped fit settings and pair operating point, once with every feature and once with the named ones
/// held constant (-1 for every track: a tree cannot split on them, as if absent). Counts the issue-9 targets over all
/// folds, and for each target the tracks right only with and only without the features (McNemar z = (b - c) / sqrt(b + c)):
/// the same tracks and folds both ways, so the paired count is what tells a gain from the folds' noise.
/// </summary>
internal static class FeatureSetStudy
{
    public static int Run(string trainCsv, string analysisJson, string outMd, string[] without, TextWriter log)
    {
        const int Folds = 5;
        var inv = CultureInfo.InvariantCulture;
        var rows = WeightedFitStudy.Read(trainCsv);
        var dropped = without.Select(n => Array.IndexOf(DetectorFeatures.Names, n) is var i and >= 0 ? i : throw new ArgumentException($"no feature {n}")).ToArray();
        using var doc = JsonDocument.Parse(File.ReadAllText(analysisJson));
        var t = doc.RootElement.GetProperty("Training");
        var boosting = new BoostingSettings(BoostedModel.FastTreeOneVersusAll, t.GetProperty("Trees").GetInt32(), t.GetProperty("Leaves").GetInt32(),
            t.GetProperty("MinExamplesPerLeaf").GetInt32(), t.GetProperty("LearningRate").GetDouble());
        int seed = t.GetProperty("Seed").GetInt32();
        double operatingPoint = doc.RootElement.GetProperty("Classifier").GetProperty("PairMinProbability").GetDouble();
        int FoldOf(WeightedFitStudy.Row r) => (int)(StableHash.Of("cv/" + r.Name) % Folds);

        Dictionary<string, double[]> OutOfFold(bool drop)
        {
            var perFold = new List<(string Name, double[] P)>[Folds];
            float[] Features(WeightedFitStudy.Row r)
            {
                if (!drop) return r.Features;
                var f = (float[])r.Features.Clone();
                foreach (var i in dropped) f[i] = -1;
                return f;
            }
            var sw = System.Diagnostics.Stopwatch.StartNew();
            // The folds' fits on one thread each (each fit single-threaded and seeded: the models a loop would make).
            Parallel.For(0, Folds, new ParallelOptions { MaxDegreeOfParallelism = Folds }, k =>
            {
                using var model = ClassifierModel.Train(rows.Where(r => FoldOf(r) != k)
                    .Select(r => new LabelledFeatures(Features(r), QuestCategory.IndexOf(r.Class))).ToList(), boosting, seed);
                perFold[k] = rows.Where(r => FoldOf(r) == k).Select(r => (r.Name, model.Predict(Features(r)))).ToList();
            });
            var probabilities = new Dictionary<string, double[]>();
            foreach (var fold in perFold) foreach (var (name, p) in fold) probabilities[name] = p;
            log.WriteLine(string.Create(inv, $"{(drop ? "without" : "with")} {string.Join(", ", without)}: {Folds} fits in {sw.Elapsed.TotalSeconds:F0} s"));
            return probabilities;
        }
        // Both feature sets at once: ten fits on ten threads.
        var withTask = Task.Run(() => OutOfFold(drop: false));
        var withoutProbabilities = OutOfFold(drop: true);
        var with = withTask.GetAwaiter().GetResult();

        var pairSet = rows.Where(r => !r.Electron && r.EnergyKev >= 10_000 && r.Pairs is not null).ToList();
        var evgSet = rows.Where(r => r.EnergyKev >= 1_000).ToList();
        var md = new StringBuilder();
        md.AppendLine(inv, $"{rows.Count} labelled tracks of {trainCsv}, {Folds} folds by a hash of the name; FastTree {boosting.Trees} trees x {boosting.Leaves} leaves, seed {seed}; features held constant in the second row of each decision: {string.Join(", ", without)}.");
        md.AppendLine();
        md.AppendLine("| decision | features | pair photons >= 10 MeV right | electron vs photon >= 1 MeV right | all classes right | symmetric pair eff. | weird pair eff. | brem electron eff. | Compton eff. |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var paired = new StringBuilder();
        foreach (var (label, threshold) in new[] { ("most probable family", 2.0), ($"pair at P >= {operatingPoint}", operatingPoint) })
        {
            Dictionary<string, string> Predicted(Dictionary<string, double[]> p) => rows.ToDictionary(r => r.Name, r => QuestCategory.All[QuestCategory.Decide(p[r.Name], threshold)]);
            var a = Predicted(with);
            var b = Predicted(withoutProbabilities);
            bool PairRight(Dictionary<string, string> p, WeightedFitStudy.Row r) => QuestCategory.IsPairClass(p[r.Name]) == (r.Pairs >= 1);
            bool KindRight(Dictionary<string, string> p, WeightedFitStudy.Row r) => QuestCategory.IsElectronClass(p[r.Name]) == r.Electron;
            foreach (var (name, p) in new[] { ("all", a), ("without", b) })
            {
                string Eff(string c)
                {
                    var of = rows.Where(r => r.Class == c).ToList();
                    return of.Count == 0 ? "-" : $"{of.Count(r => p[r.Name] == c)} / {of.Count}";
                }
                md.AppendLine(inv, $"| {label} | {name} | {pairSet.Count(r => PairRight(p, r))} / {pairSet.Count} | {evgSet.Count(r => KindRight(p, r))} / {evgSet.Count} | {rows.Count(r => p[r.Name] == r.Class)} / {rows.Count} | {Eff(QuestCategory.SymmetricPair)} | {Eff(QuestCategory.WeirdPair)} | {Eff(QuestCategory.BremElectron)} | {Eff(QuestCategory.MultiSiteCompton)} |");
            }
            string McNemar(List<WeightedFitStudy.Row> set, Func<Dictionary<string, string>, WeightedFitStudy.Row, bool> right)
            {
                int onlyWith = set.Count(r => right(a, r) && !right(b, r)), onlyWithout = set.Count(r => !right(a, r) && right(b, r));
                double z = onlyWith + onlyWithout == 0 ? 0 : (onlyWith - onlyWithout) / Math.Sqrt(onlyWith + onlyWithout);
                return string.Create(inv, $"{onlyWith} right only with, {onlyWithout} only without (z = {z:+0.0;-0.0;0})");
            }
            paired.AppendLine(inv, $"- {label}: pair {McNemar(pairSet, PairRight)}; electron vs photon {McNemar(evgSet, KindRight)}; all classes {McNemar(rows, (p, r) => p[r.Name] == r.Class)}.");
        }
        md.AppendLine().Append(paired);
        File.WriteAllText(outMd, md.ToString());
        log.WriteLine(md.ToString());
        return 0;
    }
}
