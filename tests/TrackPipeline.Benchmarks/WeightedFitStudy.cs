using System.Globalization;
using System.Text;
using System.Text.Json;
using TrackPipeline.Classification;
using TrackPipeline.Numerics;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// The class-weighted fit against the pair operating point, by 5-fold cross-validation on the training sample
/// (docs/classification.md, round 7). Reads the table <c>train --tracks-csv</c> writes (every training track's label and
/// fitted features), folds the tracks by a hash of their name, fits FastTree with the shipped trees settings and the
/// class weights <see cref="ClassWeights"/> of each power, and scores every track out of fold with the plain most
/// probable family and with the pair operating point. Counts the issue-9 targets over all folds.
/// </summary>
internal static class WeightedFitStudy
{
    internal sealed record Row(string Name, string Class, bool Electron, double EnergyKev, int? Pairs, float[] Features);

    public static int Run(string trainCsv, string analysisJson, string outMd, string powers, TextWriter log)
    {
        const int Folds = 5;
        var inv = CultureInfo.InvariantCulture;
        var rows = Read(trainCsv);
        using var doc = JsonDocument.Parse(File.ReadAllText(analysisJson));
        var t = doc.RootElement.GetProperty("Training");
        var boosting = new BoostingSettings(BoostedModel.FastTreeOneVersusAll, t.GetProperty("Trees").GetInt32(), t.GetProperty("Leaves").GetInt32(),
            t.GetProperty("MinExamplesPerLeaf").GetInt32(), t.GetProperty("LearningRate").GetDouble());
        int seed = t.GetProperty("Seed").GetInt32();
        double operatingPoint = doc.RootElement.GetProperty("Classifier").GetProperty("PairMinProbability").GetDouble();
        int FoldOf(Row r) => (int)(StableHash.Of("cv/" + r.Name) % Folds);

        var md = new StringBuilder();
        md.AppendLine(inv, $"{rows.Count} labelled tracks of {trainCsv}, {Folds} folds by a hash of the name; FastTree {boosting.Trees} trees x {boosting.Leaves} leaves, seed {seed}.");
        md.AppendLine();
        md.AppendLine("| class weights (power) | decision | pair photons >= 10 MeV right | electron vs photon >= 1 MeV right | all classes right | symmetric pair eff. | weird pair eff. | brem electron eff. | Compton eff. |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var power in powers.Split(',').Select(p => double.Parse(p, inv)))
        {
            var probabilities = new Dictionary<string, double[]>();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            for (int f = 0; f < Folds; f++)
            {
                var fit = rows.Where(r => FoldOf(r) != f).ToList();
                var weights = ClassWeights.Of(fit.Select(r => QuestCategory.IndexOf(r.Class)), power);
                using var model = ClassifierModel.Train(
                    fit.Select(r => new LabelledFeatures(r.Features, QuestCategory.IndexOf(r.Class), weights[QuestCategory.IndexOf(r.Class)])).ToList(), boosting, seed);
                foreach (var r in rows.Where(r => FoldOf(r) == f)) probabilities[r.Name] = model.Predict(r.Features);
            }
            log.WriteLine(string.Create(inv, $"power {power}: {Folds} fits in {sw.Elapsed.TotalSeconds:F0} s"));
            foreach (var (label, threshold) in new[] { ("most probable family", 2.0), ($"pair at P >= {operatingPoint}", operatingPoint) })
            {
                var predicted = rows.ToDictionary(r => r.Name, r => QuestCategory.All[QuestCategory.Decide(probabilities[r.Name], threshold)]);
                var pairSet = rows.Where(r => !r.Electron && r.EnergyKev >= 10_000 && r.Pairs is not null).ToList();
                var evgSet = rows.Where(r => r.EnergyKev >= 1_000).ToList();
                int pair = pairSet.Count(r => QuestCategory.IsPairClass(predicted[r.Name]) == (r.Pairs >= 1));
                int evg = evgSet.Count(r => QuestCategory.IsElectronClass(predicted[r.Name]) == r.Electron);
                int all = rows.Count(r => predicted[r.Name] == r.Class);
                string Eff(string c)
                {
                    var of = rows.Where(r => r.Class == c).ToList();
                    return of.Count == 0 ? "-" : $"{of.Count(r => predicted[r.Name] == c)} / {of.Count}";
                }
                md.AppendLine(inv, $"| {power} | {label} | {pair} / {pairSet.Count} | {evg} / {evgSet.Count} | {all} / {rows.Count} | {Eff(QuestCategory.SymmetricPair)} | {Eff(QuestCategory.WeirdPair)} | {Eff(QuestCategory.BremElectron)} | {Eff(QuestCategory.MultiSiteCompton)} |");
            }
        }
        File.WriteAllText(outMd, md.ToString());
        log.WriteLine(md.ToString());
        return 0;
    }

    internal static List<Row> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int Col(string n) => Array.IndexOf(header, n) is var i and >= 0 ? i : throw new InvalidDataException($"{path}: no column {n}");
        int cls = Col("true_class"), energy = Col("true_energy_kev"), electron = Col("true_electron"), pairs = Col("true_pairs");
        // Each feature by its name; a table written before a feature existed holds it at -1 for every track (a constant
        // the trees never split on: the fit is the older feature set's).
        var column = DetectorFeatures.Names.Select(n => Array.IndexOf(header, n)).ToArray();
        if (column.Any(c => c < 0))
            Console.Error.WriteLine($"{path}: no column {string.Join(", ", DetectorFeatures.Names.Where((_, j) => column[j] < 0))}: held at -1");
        var rows = new List<Row>();
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            if (f.Length != header.Length) throw new InvalidDataException($"{path}: a line with {f.Length} fields, the header has {header.Length}");
            if (f[cls].Length == 0 || f[energy].Length == 0) continue;
            var x = new float[DetectorFeatures.Count];
            for (int j = 0; j < x.Length; j++) x[j] = column[j] < 0 ? -1 : float.Parse(f[column[j]], CultureInfo.InvariantCulture);
            rows.Add(new Row(f[0], f[cls], f[electron] == "electron", double.Parse(f[energy], CultureInfo.InvariantCulture),
                f[pairs].Length == 0 ? null : int.Parse(f[pairs], CultureInfo.InvariantCulture), x));
        }
        return rows;
    }
}
