using TrackPipeline.Classification;
using TrackPipeline.Output;
using SkiaSharp;

namespace TrackPipeline.Rendering;

/// <summary>
/// The classifier's confusion matrix over the run: true class (<c>truth_class</c>) rows by predicted class
/// (<c>predicted_class</c>) columns, counting only the tracks that have both (no pickle: no truth; no pixel level: no
/// prediction). The counts are public so a test can check them without reading pixels.
/// </summary>
public sealed class ConfusionMatrixPlot : IRunPlot
{
    /// <summary>Rows and columns, in the model's class order.</summary>
    public IReadOnlyList<string> Classes { get; } = QuestCategory.All;
    /// <summary>[true class, predicted class] track counts.</summary>
    public long[,] Counts { get; } = new long[QuestCategory.All.Length, QuestCategory.All.Length];
    /// <summary>Tracks with a truth class and a prediction: the sum of <see cref="Counts"/>.</summary>
    public long TracksWithTruth { get; private set; }
    /// <summary>Tracks the truth labels but the classifier did not score (the run had no pixel level).</summary>
    public long TruthWithoutPrediction { get; private set; }

    /// <summary>Rows whose truth or predicted class is not one of <see cref="QuestCategory.All"/>, left out.</summary>
    public long UnknownClass { get; private set; }

    public string FileName => "confusion_matrix.png";
    public string Caption => "Classifier confusion matrix (tracks with truth)";
    public IReadOnlyCollection<string> Columns => [TrackColumns.TruthClass, TrackColumns.PredictedClass];

    public void Add(string particle, int energyKev, IReadOnlyDictionary<string, object?> row)
    {
        if (row.GetValueOrDefault(TrackColumns.TruthClass) is not string truth) return;
        if (row.GetValueOrDefault(TrackColumns.PredictedClass) is not string predicted)
        {
            TruthWithoutPrediction++;
            return;
        }
        int t = QuestCategory.IndexOf(truth), p = QuestCategory.IndexOf(predicted);
        // A class this build does not know (a table written by another version): left out and counted, not fatal.
        if (t < 0 || p < 0)
        {
            UnknownClass++;
            return;
        }
        Counts[t, p]++;
        TracksWithTruth++;
    }

    public long RowTotal(int trueClass)
    {
        long n = 0;
        for (int p = 0; p < Classes.Count; p++) n += Counts[trueClass, p];
        return n;
    }

    public SKBitmap Draw(TrackRenderer renderer, int width, int height)
    {
        var bitmap = TrackRenderer.NewBitmap(width, height);
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        float header = height * 0.08f;
        long correct = 0;
        for (int k = 0; k < Classes.Count; k++) correct += Counts[k, k];
        string title = TracksWithTruth == 0
            ? "Classifier confusion matrix"
            : $"Classifier confusion matrix: {TracksWithTruth} tracks with truth, {100.0 * correct / TracksWithTruth:0}% on the diagonal"
              + (UnknownClass > 0 ? $" ({UnknownClass} with an unknown class left out)" : "");
        renderer.DrawHeader(canvas, title, width, header);
        var rect = new SKRect(0, header, width, height);
        if (TracksWithTruth == 0) renderer.DrawNoTruthPanel(canvas, rect, NoTruthMessage(TruthWithoutPrediction));
        else renderer.DrawConfusionMatrix(canvas, rect, this);
        return bitmap;
    }

    /// <summary>Why a classifier plot has nothing to show.</summary>
    internal static string NoTruthMessage(long truthWithoutPrediction) => truthWithoutPrediction > 0
        ? $"{truthWithoutPrediction} tracks have truth but no prediction (the run had no pixel readout to classify from)"
        : "no truth in this run: no track has a truth pickle, so there is no true class to compare with";

    /// <summary>Display name of a class: "neat electron".</summary>
    internal static string Label(string category) => category.Replace('_', ' ');
}
