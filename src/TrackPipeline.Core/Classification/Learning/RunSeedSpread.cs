using System.Globalization;
using System.Text;

namespace TrackPipeline.Classification.Learning;

/// <summary>One figure (tracks right of a fixed set) over several run seeds: the value at each seed, its mean, sd and range.</summary>
/// <param name="Question">What is counted, as the report's target names it.</param>
/// <param name="Tracks">How many tracks the figure is out of (the same at every seed: the tracks and truth do not change).</param>
/// <param name="PerSeed">Tracks right at each seed, in the order of the seeds.</param>
public sealed record SeedFigure(string Question, int Tracks, IReadOnlyList<int> PerSeed)
{
    public double Mean => PerSeed.Average();
    /// <summary>Sample standard deviation over the seeds (n - 1); 0 for a single seed.</summary>
    public double StandardDeviation
    {
        get
        {
            if (PerSeed.Count < 2) return 0;
            double mean = Mean, sum = 0;
            foreach (var v in PerSeed) sum += (v - mean) * (v - mean);
            return Math.Sqrt(sum / (PerSeed.Count - 1));
        }
    }
    /// <summary>The standard error of <see cref="Mean"/>: how far the mean itself moves with another set of seeds.</summary>
    public double StandardErrorOfMean => StandardDeviation / Math.Sqrt(PerSeed.Count);
    public int Min => PerSeed.Min();
    public int Max => PerSeed.Max();
}

/// <summary>
/// The same model on the same tracks, drifted and read out with several run seeds (<c>Run:Seed</c>): the drift's and
/// readout's random stream alone moves a track's pixels, and so a single seed's figure by about the sd here. The issue-9
/// figures and all classes, per seed, and their mean, sd and range; the first seed is the run's own (<c>Run:Seed</c>).
/// </summary>
public sealed class RunSeedSpread
{
    public required IReadOnlyList<ulong> Seeds { get; init; }
    /// <summary>Each issue-9 target (pair containment, electron vs photon, quest top-N), then all classes right.</summary>
    public required IReadOnlyList<SeedFigure> Figures { get; init; }
    /// <summary>The issue-9 goals of <see cref="Figures"/> as fractions, null for the all-classes figure (no goal).</summary>
    public required IReadOnlyList<double?> Goals { get; init; }

    /// <summary>Whether the mean of every figure that has a goal and tracks reaches it (one without tracks in the sample is not judged).</summary>
    public bool MeansMeetGoals => Enumerable.Range(0, Figures.Count).All(i => Verdict(i) is not false);

    /// <summary>Whether figure <paramref name="i"/>'s mean reaches its goal; null when it has no goal or no tracks (not judged).</summary>
    public bool? Verdict(int i) => Goals[i] is { } goal && Figures[i].Tracks > 0 ? Figures[i].Mean / Figures[i].Tracks >= goal : null;

    public static RunSeedSpread Of(IReadOnlyList<(ulong Seed, ClassificationReport Report)> perSeed)
    {
        if (perSeed.Count == 0) throw new ArgumentException("no run seeds", nameof(perSeed));
        var first = perSeed[0].Report;
        var figures = new List<SeedFigure>();
        var goals = new List<double?>();
        for (int t = 0; t < first.Targets.Count; t++)
        {
            var target = first.Targets[t];
            // The tracks a figure counts are chosen by truth, so they are the same at every seed; a quest may find fewer
            // than top-N candidates at some seed, then the figure is out of its own count there (stated in the report).
            figures.Add(new SeedFigure(target.Question, target.Tracks, perSeed.Select(p => p.Report.Targets[t].Right).ToList()));
            goals.Add(target.Goal);
        }
        figures.Add(new SeedFigure("all classes: predicted class right", first.Tracks, perSeed.Select(p => p.Report.Right).ToList()));
        goals.Add(null);
        return new RunSeedSpread { Seeds = perSeed.Select(p => p.Seed).ToList(), Figures = figures, Goals = goals };
    }

    /// <summary>The spread as Markdown: the figures per seed, then their mean, sd, sd of the mean and range.</summary>
    public string ToMarkdown()
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"### Mean over {Seeds.Count} run seeds ({string.Join(", ", Seeds)})").AppendLine();
        sb.AppendLine("The same model on the same tracks, drifted and read out with each run seed (the first is the report above). " +
            "The drift's and readout's random stream alone moves a single seed's figure by about the sd below; quote the mean.").AppendLine();
        sb.Append("| figure | of |");
        foreach (var s in Seeds) sb.Append(c, $" seed {s} |");
        sb.AppendLine(" mean | sd | sd of mean | range | mean fraction | goal | met |");
        sb.Append("|---|---|");
        foreach (var _ in Seeds) sb.Append("---|");
        sb.AppendLine("---|---|---|---|---|---|---|");
        for (int i = 0; i < Figures.Count; i++)
        {
            var f = Figures[i];
            sb.Append(c, $"| {f.Question} | {f.Tracks} |");
            foreach (var v in f.PerSeed) sb.Append(c, $" {v} |");
            string fraction = f.Tracks > 0 ? (100 * f.Mean / f.Tracks).ToString("0.0", c) + " %" : "-";
            string goal = Goals[i] is { } g ? (100 * g).ToString("0", c) + " %" : "";
            string met = Goals[i] is null ? "" : Verdict(i) switch { true => "yes", false => "**no**", null => "n/a (no tracks)" };
            sb.AppendLine(c, $" {f.Mean:0.00} | {f.StandardDeviation:0.00} | {f.StandardErrorOfMean:0.00} | {f.Min}-{f.Max} | {fraction} | {goal} | {met} |");
        }
        // The first seed's table above says met or not for one draw; the verdict is this one (breaker 8 F7).
        sb.AppendLine().AppendLine("The exit code judges these means, not the first seed's table above: " +
            (MeansMeetGoals ? "every goal is met on the mean (exit 0)." : "a goal is missed on the mean (exit 2)."));
        sb.AppendLine().AppendLine(string.Create(c, $"Mean over {Seeds.Count} run seeds: the drift's random stream alone moves a single seed's figure by ") +
            string.Join(", ", Figures.Select(f => $"{f.StandardDeviation.ToString("0.0", c)} tracks ({f.Question.Split(':')[0]}, range {f.Min}-{f.Max} of {f.Tracks})")) + ".");
        return sb.ToString();
    }
}
