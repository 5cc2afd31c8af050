using System.Globalization;
using System.Text;

namespace TrackPipeline.Classification.Learning;

/// <summary>Efficiency (found / true) and purity (right / predicted) of one class.</summary>
public sealed record ClassFigures(string Class, int True, int Predicted, int Right)
{
    public double? Efficiency => True > 0 ? (double)Right / True : null;
    public double? Purity => Predicted > 0 ? (double)Right / Predicted : null;
}

/// <summary>A yes/no question answered for a set of tracks: how many, and how many right.</summary>
public sealed record TargetFigure(string Question, int Tracks, int Right, double Goal)
{
    public double? Fraction => Tracks > 0 ? (double)Right / Tracks : null;
    public bool Met => Fraction >= Goal;
    /// <summary>Whether the sample has tracks for the question: one without (no photons of the pair's energies) is "n/a", neither met nor missed.</summary>
    public bool Judged => Tracks > 0;
}

/// <summary>One ranked quest candidate and whether the truth agrees.</summary>
public sealed record RankedCandidate(string Category, int Rank, string Track, double Score, string? TrueClass)
{
    public bool Right => TrueClass == Category;
}

/// <summary>
/// The two rules that split a true pair into symmetric and weird, on the pairs where both can be computed (generated
/// ones): the lepton energy split (the generator's truth) and the prong-charge symmetry at the truth vertex (the only
/// one PENELOPE's pickles allow). Counts of pairs called symmetric by both, by one only, and by neither. Only tracks whose
/// true class is a pair class (a photon converting first), not electrons whose brems converted.
/// </summary>
public sealed record PairLabelRules(int Pairs, int SymmetricByBoth, int SymmetricByEnergyOnly, int SymmetricByChargeOnly, int WeirdByBoth)
{
    public int Agree => SymmetricByBoth + WeirdByBoth;

    public static PairLabelRules Of(IReadOnlyList<LabelledTrack> tracks, double symmetricMinRatio)
    {
        int both = 0, energyOnly = 0, chargeOnly = 0, neither = 0;
        foreach (var t in tracks)
        {
            if (t.TrueClass is not { } truth || !QuestCategory.IsPairClass(truth)) continue;
            if (t.PairEnergyRatio is not { } energy || t.TruthVertexChargeSymmetry is not { } charge) continue;
            bool e = energy >= symmetricMinRatio, c = charge >= symmetricMinRatio;
            if (e && c) both++; else if (e) energyOnly++; else if (c) chargeOnly++; else neither++;
        }
        return new PairLabelRules(both + energyOnly + chargeOnly + neither, both, energyOnly, chargeOnly, neither);
    }
}

/// <summary>
/// How well the classifier does on tracks with truth: confusion matrix, efficiency and purity per class and per
/// energy, and the issue-9 targets (pair containment for photons >= 10 MeV, electron vs photon >= 1 MeV, quest top 3).
/// </summary>
public sealed class ClassificationReport
{
    public required int[,] Confusion { get; init; }
    public required IReadOnlyList<ClassFigures> Classes { get; init; }
    public required IReadOnlyList<(double EnergyKev, IReadOnlyList<ClassFigures> Classes, int Tracks, int Right)> ByEnergy { get; init; }
    public required IReadOnlyList<TargetFigure> Targets { get; init; }
    public required IReadOnlyList<RankedCandidate> QuestTop { get; init; }
    public required int Tracks { get; init; }
    public required int Right { get; init; }
    /// <summary>The two pair label rules compared on the pairs that allow both (none for PENELOPE tracks).</summary>
    public required PairLabelRules PairRules { get; init; }

    public double Accuracy => Tracks > 0 ? (double)Right / Tracks : 0;

    /// <summary>Whether every target the sample has tracks for is met: one without (a sample of electrons has no photons
    /// >= 10 MeV) is "n/a", not missed (breaker 8 F7: such a sample exited 2 on a target it could not measure).</summary>
    public bool GoalsMet => Targets.All(t => !t.Judged || t.Met);

    /// <summary>Builds the report from classified tracks; tracks without truth are left out.</summary>
    /// <param name="symmetricMinRatio">The label rule's limit (<see cref="LabelSettings.SymmetricMinRatio"/>), to compare the two pair label rules.</param>
    public static ClassificationReport Of(IReadOnlyList<LabelledTrack> tracks, double symmetricMinRatio, int questTop = 3)
    {
        var classes = QuestCategory.All;
        var judged = tracks.Where(t => t.TrueClass is not null && t.Scores is not null).ToList();
        var confusion = new int[classes.Length, classes.Length];
        foreach (var t in judged) confusion[QuestCategory.IndexOf(t.TrueClass!), QuestCategory.IndexOf(t.Scores!.PredictedClass)]++;

        var byEnergy = judged.Where(t => t.TrueEnergyKev is not null)
            .GroupBy(t => Math.Round(t.TrueEnergyKev!.Value))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, Figures(g.ToList()), g.Count(), g.Count(t => t.TrueClass == t.Scores!.PredictedClass)))
            .ToList();

        var photonsAbove10 = judged.Where(t => t.TrueElectron == false && t.TrueEnergyKev >= 10_000 && t.TruePairs is not null).ToList();
        var above1 = judged.Where(t => t.TrueElectron is not null && t.TrueEnergyKev >= 1_000).ToList();
        var targets = new List<TargetFigure>
        {
            new("photons >= 10 MeV: contains a pair conversion (truth n_pair >= 1) predicted right", photonsAbove10.Count,
                photonsAbove10.Count(t => QuestCategory.IsPairClass(t.Scores!.PredictedClass) == (t.TruePairs >= 1)), 0.90),
            new("tracks >= 1 MeV: electron vs photon (truth primary) predicted right", above1.Count,
                above1.Count(t => QuestCategory.IsElectronClass(t.Scores!.PredictedClass) == t.TrueElectron), 0.85),
        };

        var quest = new List<RankedCandidate>();
        foreach (var category in QuestCategory.Quest)
        {
            // Ranked as the run's quest ranks: by the keys the classifier gave (QuestRanking).
            double Key(LabelledTrack t) => t.Scores!.QuestKey(category);
            var ranked = judged.Where(t => Key(t) > 0).OrderByDescending(Key).ThenBy(t => t.Name, StringComparer.Ordinal).Take(questTop).ToList();
            for (int r = 0; r < ranked.Count; r++)
                quest.Add(new RankedCandidate(category, r + 1, ranked[r].Name, Key(ranked[r]), ranked[r].TrueClass));
        }
        int questRight = quest.Count(q => q.Right);
        targets.Add(new TargetFigure($"quest: top-{questTop} candidates of each category right by truth", quest.Count, questRight, 1.0));

        return new ClassificationReport
        {
            Confusion = confusion,
            Classes = Figures(judged),
            ByEnergy = byEnergy,
            Targets = targets,
            QuestTop = quest,
            Tracks = judged.Count,
            Right = judged.Count(t => t.TrueClass == t.Scores!.PredictedClass),
            PairRules = PairLabelRules.Of(tracks, symmetricMinRatio),
        };
    }

    private static IReadOnlyList<ClassFigures> Figures(IReadOnlyList<LabelledTrack> tracks) =>
        QuestCategory.All.Select(c => new ClassFigures(c,
            tracks.Count(t => t.TrueClass == c),
            tracks.Count(t => t.Scores!.PredictedClass == c),
            tracks.Count(t => t.TrueClass == c && t.Scores!.PredictedClass == c))).ToList();

    /// <summary>The report as Markdown (tables a reviewer can read in docs/classification.md).</summary>
    public string ToMarkdown(string title)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        string Pct(double? f) => f is { } v ? (100 * v).ToString("0.0", c) + " %" : "-";
        sb.AppendLine(c, $"### {title}").AppendLine();
        sb.AppendLine(c, $"{Tracks} tracks with truth; predicted class right for {Right} ({Pct(Accuracy)}).").AppendLine();
        sb.AppendLine("| target | tracks | right | fraction | goal | met |").AppendLine("|---|---|---|---|---|---|");
        foreach (var t in Targets) sb.AppendLine(c, $"| {t.Question} | {t.Tracks} | {t.Right} | {Pct(t.Fraction)} | {Pct(t.Goal)} | {(!t.Judged ? "n/a (no tracks)" : t.Met ? "yes" : "**no**")} |");
        sb.AppendLine().AppendLine("Confusion matrix (rows: true class, columns: predicted):").AppendLine();
        sb.Append("| true \\ predicted |");
        foreach (var k in QuestCategory.All) sb.Append(c, $" {k} |");
        sb.AppendLine().Append("|---|");
        foreach (var _ in QuestCategory.All) sb.Append("---|");
        sb.AppendLine();
        for (int i = 0; i < QuestCategory.All.Length; i++)
        {
            sb.Append(c, $"| {QuestCategory.All[i]} |");
            for (int j = 0; j < QuestCategory.All.Length; j++) sb.Append(c, $" {Confusion[i, j]} |");
            sb.AppendLine();
        }
        sb.AppendLine().AppendLine("| class | true | predicted | right | efficiency | purity |").AppendLine("|---|---|---|---|---|---|");
        foreach (var f in Classes) sb.AppendLine(c, $"| {f.Class} | {f.True} | {f.Predicted} | {f.Right} | {Pct(f.Efficiency)} | {Pct(f.Purity)} |");
        sb.AppendLine().AppendLine("Per energy (truth energy), efficiency / purity per class (- where the class is absent):").AppendLine();
        sb.Append("| E (keV) | tracks | right |");
        foreach (var k in QuestCategory.All) sb.Append(c, $" {k} |");
        sb.AppendLine().Append("|---|---|---|");
        foreach (var _ in QuestCategory.All) sb.Append("---|");
        sb.AppendLine();
        foreach (var (e, figures, n, right) in ByEnergy)
        {
            sb.Append(c, $"| {e:0} | {n} | {Pct((double)right / n)} |");
            foreach (var f in figures) sb.Append(f.True == 0 && f.Predicted == 0 ? " - |" : $" {Pct(f.Efficiency)} / {Pct(f.Purity)} |");
            sb.AppendLine();
        }
        if (PairRules.Pairs > 0)
            sb.AppendLine().AppendLine(c, $"Pair label rules on the {PairRules.Pairs} photon pairs with lepton energies: the energy split and the prong-charge symmetry at the truth vertex agree for {PairRules.Agree} " +
                $"(symmetric by both {PairRules.SymmetricByBoth}, by the energy split only {PairRules.SymmetricByEnergyOnly}, by the charges only {PairRules.SymmetricByChargeOnly}, weird by both {PairRules.WeirdByBoth}).");
        sb.AppendLine().AppendLine("Quest top candidates (by score) and their true class:").AppendLine();
        sb.AppendLine("| category | rank | track | score | true class |").AppendLine("|---|---|---|---|---|");
        foreach (var q in QuestTop) sb.AppendLine(c, $"| {q.Category} | {q.Rank} | {q.Track} | {q.Score:0.000} | {(q.Right ? q.TrueClass : $"**{q.TrueClass}**")} |");
        return sb.ToString();
    }
}
