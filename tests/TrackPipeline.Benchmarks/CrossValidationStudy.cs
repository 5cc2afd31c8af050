using System.Globalization;
using System.Text;
using System.Text.Json;
using TrackPipeline.Classification;
using TrackPipeline.Numerics;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// Round 9 of issue 9 (docs/classification.md): how the fit's figures depend on the training sample's size, on the
/// FastTree settings, and on seeing each track drifted at more than one run seed. All by 5-fold cross-validation on the
/// tables <c>train --tracks-csv</c> writes (folds by a hash of the track name, so the copies of one track drifted at
/// two run seeds always share a fold), and, for the fits on everything, on held-out generated sets
/// (<c>evaluate --tracks-csv</c> of seeds 777 / 4242). Every figure is counted at the plain most probable family and at
/// the shipped pair operating point; the sample is never read.
/// </summary>
internal static class CrossValidationStudy
{
    private const int Folds = 5;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static int FoldOf(WeightedFitStudy.Row r) => (int)(StableHash.Of("cv/" + r.Name) % Folds);

    /// <summary>Whether a track is in a fraction of the sample: by a hash of its name, independent of the fold's hash, so nested (25 % within 50 %).</summary>
    private static bool InFraction(WeightedFitStudy.Row r, double fraction) => StableHash.Of("lc/" + r.Name) % 10_000 < fraction * 10_000;

    private sealed record Setup(BoostingSettings Boosting, int Seed, double OperatingPoint);

    private static Setup Read(string analysisJson)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(analysisJson));
        var t = doc.RootElement.GetProperty("Training");
        return new Setup(new BoostingSettings(BoostedModel.FastTreeOneVersusAll, t.GetProperty("Trees").GetInt32(), t.GetProperty("Leaves").GetInt32(),
            t.GetProperty("MinExamplesPerLeaf").GetInt32(), t.GetProperty("LearningRate").GetDouble()),
            t.GetProperty("Seed").GetInt32(), doc.RootElement.GetProperty("Classifier").GetProperty("PairMinProbability").GetDouble());
    }

    private static ClassifierModel Fit(IEnumerable<WeightedFitStudy.Row> rows, BoostingSettings b, int seed) =>
        ClassifierModel.Train(rows.Select(r => new LabelledFeatures(r.Features, QuestCategory.IndexOf(r.Class))).ToList(), b, seed);

    /// <summary>Out-of-fold class probabilities of every row of <paramref name="scored"/>, each fold's model fitted on <paramref name="fitted"/>'s rows of the other folds.</summary>
    private static Dictionary<string, double[]> OutOfFold(IReadOnlyList<WeightedFitStudy.Row> fitted, IReadOnlyList<WeightedFitStudy.Row> scored, BoostingSettings b, int seed)
    {
        return InFolds(k => fitted.Where(r => FoldOf(r) != k), [scored], b, seed)[0];
    }

    /// <summary>
    /// The five folds' fits at once, one thread each (each fit is itself single-threaded and seeded, so the models are the
    /// ones a loop would make): on a loaded machine the scheduler shares the cores per thread. Each fold's model scores
    /// the fold's rows of every table in <paramref name="scored"/>.
    /// </summary>
    private static List<Dictionary<string, double[]>> InFolds(Func<int, IEnumerable<WeightedFitStudy.Row>> fittedOf,
        IReadOnlyList<IReadOnlyList<WeightedFitStudy.Row>> scored, BoostingSettings b, int seed)
    {
        var perFold = new List<(string Name, double[] P)>[Folds, scored.Count];
        Parallel.For(0, Folds, new ParallelOptions { MaxDegreeOfParallelism = Folds }, k =>
        {
            using var model = Fit(fittedOf(k), b, seed);
            for (int t = 0; t < scored.Count; t++)
                perFold[k, t] = scored[t].Where(r => FoldOf(r) == k).Select(r => (r.Name, model.Predict(r.Features))).ToList();
        });
        var result = new List<Dictionary<string, double[]>>();
        for (int t = 0; t < scored.Count; t++)
        {
            var p = new Dictionary<string, double[]>();
            for (int k = 0; k < Folds; k++) foreach (var (name, q) in perFold[k, t]) p[name] = q;
            result.Add(p);
        }
        return result;
    }

    private static string Header(string first) =>
        $"| {first} | decision | pair photons >= 10 MeV right | electron vs photon >= 1 MeV right | all classes right | symmetric pair eff. | weird pair eff. | brem electron eff. | Compton eff. |\n|---|---|---|---|---|---|---|---|---|";

    /// <summary>The figures of one set of probabilities, at the plain most probable family and at the operating point: two table rows.</summary>
    private static string Rows(string first, IReadOnlyList<WeightedFitStudy.Row> rows, Dictionary<string, double[]> p, double operatingPoint) =>
        RowsAt(first, rows, p, [("most probable family", 2.0), ($"pair at P >= {operatingPoint.ToString(Inv)}", operatingPoint)]);

    /// <summary>The figures of one set of probabilities at each decision: one table row each (a threshold of 2 is the plain most probable family).</summary>
    private static string RowsAt(string first, IReadOnlyList<WeightedFitStudy.Row> rows, Dictionary<string, double[]> p, IEnumerable<(string Label, double Threshold)> decisions)
    {
        var sb = new StringBuilder();
        var pairSet = rows.Where(r => !r.Electron && r.EnergyKev >= 10_000 && r.Pairs is not null).ToList();
        var evgSet = rows.Where(r => r.EnergyKev >= 1_000).ToList();
        foreach (var (label, threshold) in decisions)
        {
            var predicted = rows.ToDictionary(r => r.Name, r => QuestCategory.All[QuestCategory.Decide(p[r.Name], threshold)]);
            string Eff(string c)
            {
                var of = rows.Where(r => r.Class == c).ToList();
                return of.Count == 0 ? "-" : $"{of.Count(r => predicted[r.Name] == c)} / {of.Count}";
            }
            sb.AppendLine(Inv, $"| {first} | {label} | {pairSet.Count(r => QuestCategory.IsPairClass(predicted[r.Name]) == (r.Pairs >= 1))} / {pairSet.Count} | " +
                $"{evgSet.Count(r => QuestCategory.IsElectronClass(predicted[r.Name]) == r.Electron)} / {evgSet.Count} | {rows.Count(r => predicted[r.Name] == r.Class)} / {rows.Count} | " +
                $"{Eff(QuestCategory.SymmetricPair)} | {Eff(QuestCategory.WeirdPair)} | {Eff(QuestCategory.BremElectron)} | {Eff(QuestCategory.MultiSiteCompton)} |");
        }
        return sb.ToString();
    }

    /// <summary>
    /// The learning curve: each fold's model fitted on a fraction of the other folds' tracks (nested by a hash of the
    /// name), always scored on the whole held-out fold, so the fractions differ only in what was fitted.
    /// More tables (<paramref name="extraCsvs"/>: other generated samples) are appended to the fitted tracks only.
    /// </summary>
    public static int Curve(string trainCsv, string analysisJson, string outMd, string fractions, string[] extraCsvs, TextWriter log)
    {
        var rows = WeightedFitStudy.Read(trainCsv);
        var s = Read(analysisJson);
        // A larger sample of the same seed holds the first one's tracks (each is seeded by its name): only the others are extra.
        var names = rows.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var extra = extraCsvs.SelectMany(WeightedFitStudy.Read).Where(r => !names.Contains(r.Name)).ToList();
        var md = new StringBuilder();
        md.AppendLine(Inv, $"{rows.Count} labelled tracks of {trainCsv} scored out of fold ({Folds} folds by a hash of the name); FastTree {s.Boosting.Trees} trees x {s.Boosting.Leaves} leaves, seed {s.Seed}.");
        md.AppendLine().AppendLine(Header("fitted on"));
        foreach (var f in fractions.Split(',').Select(x => double.Parse(x, Inv)))
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var fitted = rows.Where(r => InFraction(r, f)).ToList();
            var p = OutOfFold(fitted, rows, s.Boosting, s.Seed);
            log.WriteLine(string.Create(Inv, $"fraction {f}: {fitted.Count} tracks, {Folds} fits in {sw.Elapsed.TotalSeconds:F0} s"));
            md.Append(Rows(string.Create(Inv, $"{100 * f:0} % ({fitted.Count * (Folds - 1) / Folds} per fit)"), rows, p, s.OperatingPoint));
        }
        if (extra.Count > 0)
        {
            // The held-out folds stay the first table's tracks; the other sample's tracks only add to every fit (never scored).
            var fitted = rows.Concat(extra.Select(r => r with { Name = "extra/" + r.Name })).ToList();
            var p = InFolds(k => fitted.Where(r => r.Name.StartsWith("extra/", StringComparison.Ordinal) || FoldOf(r) != k), [rows], s.Boosting, s.Seed)[0];
            md.Append(Rows($"100 % + {extra.Count} more generated ({rows.Count * (Folds - 1) / Folds + extra.Count} per fit)", rows, p, s.OperatingPoint));
        }
        File.WriteAllText(outMd, md.ToString());
        log.WriteLine(md.ToString());
        return 0;
    }

    /// <summary>
    /// The FastTree settings by cross-validation: <paramref name="grid"/> is TREES:LEAVES:RATE:MINLEAF;... (the shipped
    /// setting first, as the reference).
    /// </summary>
    public static int Boosting(string trainCsv, string analysisJson, string outMd, string grid, TextWriter log) =>
        Boosting(trainCsv, analysisJson, outMd, grid, null, [], log);

    /// <summary>
    /// As above, and with <paramref name="operatingPoints"/> (comma-separated P(pair) thresholds) every setting's
    /// out-of-fold probabilities are judged at each of them (the operating point re-scanned for each setting); with
    /// <paramref name="heldOutCsvs"/> each setting is also fitted on every track and scored on those generated tables.
    /// </summary>
    public static int Boosting(string trainCsv, string analysisJson, string outMd, string grid, string? operatingPoints, string[] heldOutCsvs, TextWriter log)
    {
        var rows = WeightedFitStudy.Read(trainCsv);
        var s = Read(analysisJson);
        var points = (operatingPoints ?? s.OperatingPoint.ToString(Inv)).Split(',').Select(x => double.Parse(x, Inv)).ToList();
        var decisions = new[] { ("most probable family", 2.0) }.Concat(points.Select(t => ($"pair at P >= {t.ToString(Inv)}", t))).ToList();
        var tests = heldOutCsvs.Select(WeightedFitStudy.Read).ToList();
        var heldOut = new StringBuilder();
        var md = new StringBuilder();
        md.AppendLine(Inv, $"{rows.Count} labelled tracks of {trainCsv}, {Folds} folds by a hash of the name, seed {s.Seed}; trees : leaves : learning rate : min examples per leaf.");
        md.AppendLine().AppendLine(Header("trees : leaves : rate : min leaf"));
        foreach (var g in grid.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var v = g.Split(':');
            var b = new BoostingSettings(BoostedModel.FastTreeOneVersusAll, int.Parse(v[0], Inv), int.Parse(v[1], Inv), int.Parse(v[3], Inv), double.Parse(v[2], Inv));
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var p = OutOfFold(rows, rows, b, s.Seed);
            log.WriteLine(string.Create(Inv, $"{g}: {Folds} fits in {sw.Elapsed.TotalSeconds:F0} s"));
            md.Append(RowsAt(g.Replace(":", " : ", StringComparison.Ordinal), rows, p, decisions));
            File.WriteAllText(outMd, md.ToString());
            if (tests.Count == 0) continue;
            using var all = Fit(rows, b, s.Seed);
            for (int i = 0; i < tests.Count; i++)
                heldOut.Append(RowsAt($"{g.Replace(":", " : ", StringComparison.Ordinal)} / {Path.GetFileName(heldOutCsvs[i])}", tests[i],
                    tests[i].ToDictionary(r => r.Name, r => all.Predict(r.Features)), decisions));
        }
        if (tests.Count > 0)
            md.AppendLine().AppendLine("Held out: fitted on every training track, scored on generated tracks never fitted (depth 0).").AppendLine().AppendLine(Header("setting / held-out set")).Append(heldOut);
        File.WriteAllText(outMd, md.ToString());
        log.WriteLine(md.ToString());
        return 0;
    }

    /// <summary>
    /// Augmentation by the detector's random stream: <paramref name="csvA"/> and <paramref name="csvB"/> are the same
    /// generated tracks measured at two run seeds (each drifted from its own drawn depth). Cross-validation grouped by
    /// track (both copies of a track in one fold): fitted on copy A alone (as <c>train</c> does today) and on A and B, scored
    /// on A's and on B's held-out copies. Then fitted on every track and scored on the held-out generated tables.
    /// </summary>
    public static int Augment(string csvA, string csvB, string analysisJson, string outMd, string[] heldOutCsvs, TextWriter log) =>
        Augment(csvA, csvB, analysisJson, outMd, heldOutCsvs, null, log);

    /// <summary>As above, each fit judged at every P(pair) threshold of <paramref name="operatingPoints"/> (comma-separated; null: the shipped one).</summary>
    public static int Augment(string csvA, string csvB, string analysisJson, string outMd, string[] heldOutCsvs, string? operatingPoints, TextWriter log)
    {
        var a = WeightedFitStudy.Read(csvA);
        var b = WeightedFitStudy.Read(csvB);
        var s = Read(analysisJson);
        var decisions = new[] { ("most probable family", 2.0) }.Concat((operatingPoints ?? s.OperatingPoint.ToString(Inv)).Split(',')
            .Select(x => double.Parse(x, Inv)).Select(t => ($"pair at P >= {t.ToString(Inv)}", t))).ToList();
        var tests = heldOutCsvs.Select(WeightedFitStudy.Read).ToList();
        var md = new StringBuilder();
        md.AppendLine(Inv, $"{a.Count} tracks at run seed A ({csvA}) and {b.Count} at run seed B ({csvB}); {Folds} folds by a hash of the name (both copies of a track in one fold); FastTree {s.Boosting.Trees} x {s.Boosting.Leaves}, seed {s.Seed}.");
        md.AppendLine().AppendLine(Header("fitted on / scored on"));
        var heldOut = new StringBuilder();
        foreach (var (label, fitted) in new[] { ("A", (IReadOnlyList<WeightedFitStudy.Row>)a), ("A + B", a.Concat(b).ToList()) })
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            // One fit per fold scores both copies of the fold's tracks.
            var both = InFolds(k => fitted.Where(r => FoldOf(r) != k), [a, b], s.Boosting, s.Seed);
            var (pa, pb) = (both[0], both[1]);
            log.WriteLine(string.Create(Inv, $"fitted on {label}: {Folds} fits in {sw.Elapsed.TotalSeconds:F0} s"));
            md.Append(RowsAt($"{label} / A", a, pa, decisions));
            md.Append(RowsAt($"{label} / B", b, pb, decisions));
            File.WriteAllText(outMd, md.ToString());
            if (tests.Count == 0) continue;
            using var all = Fit(fitted, s.Boosting, s.Seed);
            for (int i = 0; i < tests.Count; i++)
                heldOut.Append(RowsAt($"{label} / {Path.GetFileName(heldOutCsvs[i])}", tests[i], tests[i].ToDictionary(r => r.Name, r => all.Predict(r.Features)), decisions));
        }
        if (tests.Count > 0)
            md.AppendLine().AppendLine("Held out: fitted on every training track, scored on generated tracks never fitted (depth 0).").AppendLine().AppendLine(Header("fitted on / held-out set")).Append(heldOut);
        File.WriteAllText(outMd, md.ToString());
        log.WriteLine(md.ToString());
        return 0;
    }

    /// <summary>
    /// The quest keys on generated tracks with known truth: the training sample's out-of-fold probabilities (shipped fit),
    /// then <paramref name="draws"/> sets drawn like the PENELOPE sample (6 tracks of each particle at each of its
    /// energies, 108 in all), and in each the top 3 of every category by each key variant, right by truth.
    /// </summary>
    /// <param name="oofCsv">When given, every track's out-of-fold probabilities are written there (track, then one column per
    /// class of <see cref="QuestCategory.All"/>), so that further key variants can be read against the same fits without refitting.</param>
    public static int Quest(string trainCsv, string analysisJson, string outMd, int draws, TextWriter log, string? oofCsv = null)
    {
        var rows = WeightedFitStudy.Read(trainCsv);
        var s = Read(analysisJson);
        using var doc = JsonDocument.Parse(File.ReadAllText(analysisJson));
        var c = doc.RootElement.GetProperty("Classifier");
        var pairs = new PairCriteria(c.GetProperty("QuestSymmetricMinSplit").GetDouble(), c.GetProperty("QuestSplitSigma").GetDouble(),
            s.OperatingPoint, c.GetProperty("QuestMaxOpeningDeg").GetDouble(), c.GetProperty("QuestOpeningSigmaDeg").GetDouble(),
            c.TryGetProperty("QuestStemMinMips", out var stemMin) ? stemMin.GetDouble() : 0, c.TryGetProperty("QuestStemMipsSigma", out var stemSigma) ? stemSigma.GetDouble() : 1);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var p = OutOfFold(rows, rows, s.Boosting, s.Seed);
        log.WriteLine(string.Create(Inv, $"{Folds} fits in {sw.Elapsed.TotalSeconds:F0} s"));
        if (oofCsv is not null)
        {
            var oof = new StringBuilder().Append("track,").AppendJoin(',', QuestCategory.All.Select(k => "oof_score_" + k)).AppendLine();
            foreach (var r in rows.OrderBy(r => r.Name, StringComparer.Ordinal))
                oof.Append(r.Name).Append(',').AppendJoin(',', p[r.Name].Select(v => v.ToString("R", Inv))).AppendLine();
            File.WriteAllText(oofCsv, oof.ToString());
        }
        int sym = QuestCategory.IndexOf(QuestCategory.SymmetricPair), weird = QuestCategory.IndexOf(QuestCategory.WeirdPair);
        double PairP(double[] q) => Math.Clamp(q[sym] + q[weird], 0, 1);
        double Split(WeightedFitStudy.Row r) => r.Features[DetectorFeatures.EnergySplit];
        double SplitAbove(WeightedFitStudy.Row r) => QuestRanking.NormalCdf((Split(r) - pairs.SymmetricMinSplit) / pairs.SplitResolution);
        double Forward(WeightedFitStudy.Row r) => QuestRanking.NormalCdf((pairs.MaxOpeningDeg - r.Features[DetectorFeatures.PairOpeningAngle]) / pairs.OpeningSoftnessDeg);
        // Each variant: a category and its key of (row, probabilities). The shipped keys first.
        var variants = new List<(string Category, string Name, Func<WeightedFitStudy.Row, double[], double> Key)>();
        foreach (var category in QuestCategory.Quest)
            variants.Add((category, "shipped", (r, q) => QuestRanking.Key(category, q, r.Features, pairs)));
        variants.Add((QuestCategory.SymmetricPair, "P(pair) x Phi(split) x Phi(opening)", (r, q) => Split(r) >= 0 ? PairP(q) * SplitAbove(r) * Forward(r) : 0));
        variants.Add((QuestCategory.SymmetricPair, "P(pair) x Phi(split)", (r, q) => Split(r) >= 0 ? PairP(q) * SplitAbove(r) : 0));
        double Prong(WeightedFitStudy.Row r) => r.Features[DetectorFeatures.ProngChargeSplit];
        double ProngAbove(WeightedFitStudy.Row r) => QuestRanking.NormalCdf((Prong(r) - pairs.SymmetricMinSplit) / pairs.SplitResolution);
        // The label's own measure: the two prongs' charges at the vertex (reco_prong_split), not the energy split with the clusters along each prong.
        variants.Add((QuestCategory.SymmetricPair, "P(sym) x Phi(prong split) x Phi(opening)", (r, q) => Prong(r) >= 0 ? q[sym] * ProngAbove(r) * Forward(r) : 0));
        variants.Add((QuestCategory.SymmetricPair, "P(pair) x Phi(prong split) x Phi(opening)", (r, q) => Prong(r) >= 0 ? PairP(q) * ProngAbove(r) * Forward(r) : 0));
        variants.Add((QuestCategory.WeirdPair, "P(weird) x Phi(-prong split)", (r, q) => Prong(r) >= 0 ? q[weird] * QuestRanking.NormalCdf((pairs.SymmetricMinSplit - Prong(r)) / pairs.SplitResolution) : q[weird]));
        variants.Add((QuestCategory.SymmetricPair, "P(sym) x Phi(split)", (r, q) => Split(r) >= 0 ? q[sym] * SplitAbove(r) : 0));
        variants.Add((QuestCategory.SymmetricPair, "P(sym)", (r, q) => q[sym]));
        variants.Add((QuestCategory.WeirdPair, "P(weird)", (r, q) => q[weird]));
        variants.Add((QuestCategory.WeirdPair, "P(pair) x Phi(-split)", (r, q) => Split(r) >= 0 ? PairP(q) * QuestRanking.NormalCdf((pairs.SymmetricMinSplit - Split(r)) / pairs.SplitResolution) : PairP(q)));
        variants.Add((QuestCategory.BremElectron, "P(brem)", (r, q) => q[QuestCategory.IndexOf(QuestCategory.BremElectron)]));
        // Round 10: how close the reconstructed split is to an even share. With the ratio r = lighter / heavier the lighter
        // lepton's share is f = r / (1 + r), and 1 - 2 |f - 1/2| = 2 r / (1 + r): 1 for an even split, 0 for a lone lepton.
        static double Even(double ratio) => ratio >= 0 ? 2 * ratio / (1 + ratio) : 0;
        variants.Add((QuestCategory.SymmetricPair, "P(pair) x even(split)", (r, q) => PairP(q) * Even(Split(r))));
        variants.Add((QuestCategory.SymmetricPair, "P(pair) x even(prong split)", (r, q) => PairP(q) * Even(Prong(r))));
        variants.Add((QuestCategory.SymmetricPair, "P(sym) x even(split)", (r, q) => q[sym] * Even(Split(r))));
        variants.Add((QuestCategory.SymmetricPair, "P(pair) x even(split) x Phi(opening)", (r, q) => PairP(q) * Even(Split(r)) * Forward(r)));
        variants.Add((QuestCategory.SymmetricPair, "P(sym) x even(split), P(sym) alone without a split", (r, q) => Split(r) >= 0 ? q[sym] * Even(Split(r)) : 0.5 * q[sym]));
        // Round 11: the category's own evidence at the vertex, the stem's charge per length in MIPs (pair_stem_mips: ~2 where a
        // pair's leptons have not parted, ~1 at one electron's start; -1 not measured). The sample's persistent wrong symmetric
        // candidate is a Compton recoil whose delta ray is fitted as a V over a one-MIP stem; and the stem's widening (StemWidth).
        int stemMips = Array.IndexOf(DetectorFeatures.Names, "pair_stem_mips");
        int widthRatio = Array.IndexOf(DetectorFeatures.Names, "start_stem_width_far_over_near");
        double Mips(WeightedFitStudy.Row r) => r.Features[stemMips];
        double TwoMips(WeightedFitStudy.Row r, double from) => Mips(r) < 0 ? 0.5 : QuestRanking.NormalCdf((Mips(r) - from) / 0.25);
        // The round-10 symmetric key (before round 11's stem factor, which the shipped key now holds), alone and with the factor at two limits.
        double Round10Symmetric(WeightedFitStudy.Row r, double[] q) => Split(r) >= 0 ? q[sym] * SplitAbove(r) * Forward(r) : 0;
        variants.Add((QuestCategory.SymmetricPair, "round-10 key (no stem factor)", Round10Symmetric));
        foreach (var from in new[] { 1.0, 1.5 })
        {
            variants.Add((QuestCategory.SymmetricPair, string.Create(Inv, $"round-10 key x Phi((stem MIPs - {from}) / 0.25)"), (r, q) => Round10Symmetric(r, q) * TwoMips(r, from)));
            variants.Add((QuestCategory.WeirdPair, string.Create(Inv, $"shipped x Phi((stem MIPs - {from}) / 0.25)"), (r, q) => QuestRanking.Key(QuestCategory.WeirdPair, q, r.Features, pairs) * TwoMips(r, from)));
        }
        variants.Add((QuestCategory.SymmetricPair, "P(sym) x Phi(split) x Phi((60 - opening) / 20)", (r, q) => Split(r) >= 0 ? q[sym] * SplitAbove(r) * QuestRanking.NormalCdf((60 - r.Features[DetectorFeatures.PairOpeningAngle]) / 20) : 0));
        variants.Add((QuestCategory.WeirdPair, "shipped, half without a fitted V", (r, q) => Split(r) >= 0 ? QuestRanking.Key(QuestCategory.WeirdPair, q, r.Features, pairs) : 0.5 * q[weird]));
        if (widthRatio >= 0)
        {
            double Widening(WeightedFitStudy.Row r) => r.Features[widthRatio] < 0 ? 0.5 : QuestRanking.NormalCdf((r.Features[widthRatio] - 1.1) / 0.1);
            variants.Add((QuestCategory.SymmetricPair, "shipped x Phi((width far / near - 1.1) / 0.1)", (r, q) => QuestRanking.Key(QuestCategory.SymmetricPair, q, r.Features, pairs) * Widening(r)));
            variants.Add((QuestCategory.WeirdPair, "shipped x Phi((width far / near - 1.1) / 0.1)", (r, q) => QuestRanking.Key(QuestCategory.WeirdPair, q, r.Features, pairs) * Widening(r)));
        }

        // Sets drawn like the sample: 6 of each particle at each of its energies (the sample's layout, not its tracks).
        int[] energies = [100, 300, 500, 1000, 3000, 5000, 10000, 20000, 50000];
        var pools = rows.GroupBy(r => (r.Electron, (int)r.EnergyKev)).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Name, StringComparer.Ordinal).ToArray());
        var random = new Random(s.Seed);
        var right = new int[variants.Count];
        var sets = new List<WeightedFitStudy.Row[]>();
        for (int d = 0; d < draws; d++)
        {
            var set = new List<WeightedFitStudy.Row>();
            foreach (var electron in new[] { true, false })
                foreach (var e in energies)
                {
                    var pool = (WeightedFitStudy.Row[])pools[(electron, e)].Clone();
                    random.Shuffle(pool);
                    set.AddRange(pool.Take(6));
                }
            sets.Add([.. set]);
        }
        for (int v = 0; v < variants.Count; v++)
        {
            var (category, _, key) = variants[v];
            foreach (var set in sets)
                right[v] += set.Select(r => (r, k: key(r, p[r.Name]))).Where(x => x.k > 0).OrderByDescending(x => x.k).ThenBy(x => x.r.Name, StringComparer.Ordinal)
                    .Take(3).Count(x => x.r.Class == category);
        }
        var md = new StringBuilder();
        md.AppendLine(Inv, $"{rows.Count} labelled tracks of {trainCsv} scored out of fold ({Folds} folds); {draws} sets of 108 drawn like the PENELOPE sample (6 per particle and energy, {string.Join(", ", energies)} keV); top 3 of each category right by truth.");
        md.AppendLine().AppendLine(Inv, $"| category | key | top-3 right (mean per set, of 3) | sets with all 3 right | whole sample ({rows.Count:N0}): top 3 / top 10 right |").AppendLine("|---|---|---|---|---|");
        for (int v = 0; v < variants.Count; v++)
        {
            var (category, name, key) = variants[v];
            int all3 = sets.Count(set => set.Select(r => (r, k: key(r, p[r.Name]))).Where(x => x.k > 0).OrderByDescending(x => x.k).ThenBy(x => x.r.Name, StringComparer.Ordinal).Take(3).Count(x => x.r.Class == category) == 3);
            var whole = rows.Select(r => (r, k: key(r, p[r.Name]))).Where(x => x.k > 0).OrderByDescending(x => x.k).ThenBy(x => x.r.Name, StringComparer.Ordinal).ToList();
            md.AppendLine(Inv, $"| {category} | {name} | {(double)right[v] / draws:0.00} | {all3} / {draws} | {whole.Take(3).Count(x => x.r.Class == category)} / {whole.Take(10).Count(x => x.r.Class == category)} |");
        }
        File.WriteAllText(outMd, md.ToString());
        log.WriteLine(md.ToString());
        return 0;
    }
}
