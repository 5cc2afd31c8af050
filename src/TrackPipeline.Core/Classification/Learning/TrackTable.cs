using System.Globalization;
using System.Text;
using TrackPipeline.Tracks;

namespace TrackPipeline.Classification.Learning;

/// <summary>
/// One line per classified track: its name, what the truth says, what the model says, every class probability and
/// every feature the model saw. For reading the misclassified tracks one by one (<c>evaluate --tracks-csv FILE</c>).
/// <c>track</c> is the tables' <c>track_id</c> (<see cref="TrackIdentity"/>), so a row joins to the run's tables and two
/// same-named tracks of two sub-trees are two names (breaker20 item 4).
/// </summary>
public static class TrackTable
{
    public static string ToCsv(IReadOnlyList<LabelledTrack> tracks)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("track,relative_path,true_energy_kev,true_electron,true_pairs,true_pair_energy_ratio,true_vertex_charge_symmetry,true_class,predicted_class,right");
        foreach (var c in QuestCategory.All) text.Append(",score_").Append(c);
        foreach (var f in DetectorFeatures.Names) text.Append(',').Append(f);
        text.Append('\n');
        foreach (var t in tracks)
        {
            text.Append(Quote(TrackIdentity.Of(t.Name, t.RelativePath))).Append(',').Append(Quote(t.RelativePath)).Append(',')
                .Append(t.TrueEnergyKev?.ToString("R", inv)).Append(',')
                .Append(t.TrueElectron switch { true => "electron", false => "photon", null => "" }).Append(',')
                .Append(t.TruePairs?.ToString(inv)).Append(',')
                .Append(t.PairEnergyRatio?.ToString("0.####", inv)).Append(',')
                .Append(t.TruthVertexChargeSymmetry?.ToString("0.####", inv)).Append(',')
                .Append(t.TrueClass).Append(',')
                .Append(t.Scores?.PredictedClass).Append(',')
                .Append(t.TrueClass is null || t.Scores is null ? "" : t.TrueClass == t.Scores.PredictedClass ? "1" : "0");
            for (int c = 0; c < QuestCategory.All.Length; c++)
                text.Append(',').Append(t.Scores is null ? "" : t.Scores.Probabilities[c].ToString("0.####", inv));
            foreach (var f in t.Features) text.Append(',').Append(f.ToString("R", inv));
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
