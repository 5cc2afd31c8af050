using TrackPipeline.Classification;
using TrackPipeline.Classification.Learning;
using TrackPipeline.Formats;
using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>
/// Runs the pipeline's own measurement stages (read, drift, readout, topology) over a dataset and keeps, per
/// track, the detector features and the truth label: the input of <c>train</c> and <c>evaluate</c>. A bad track
/// is reported with its file and skipped; it never stops the run.
/// </summary>
public static class TrackMeasurement
{
    public static IReadOnlyList<LabelledTrack> Measure(
        IReadOnlyList<TrackSource> sources, IReadOnlyList<ITrackStage> stages, FeatureView view, IPixelCloudSource? pixels, LabelSettings labels,
        int parallelism, TextWriter log, TrackClassifier? classifier = null, CancellationToken cancellationToken = default)
    {
        var results = new LabelledTrack?[sources.Count];
        int done = 0;
        Parallel.For(0, sources.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, i =>
        {
            var item = new TrackItem(sources[i]);
            try
            {
                foreach (var stage in stages) stage.Process(item, cancellationToken);
                // Training and evaluation need the truth: a track whose pickle is refused is skipped, saying why.
                if (item.TruthProblem is { } truthProblem) throw truthProblem;
                var measured = ClassificationStage.Measurement(item, view.View, pixels);
                // As in a run: a track with no charge in the view gets no class, so it is neither trained on nor scored.
                if (ClassificationStage.NothingMeasured(measured) is { } nothing)
                {
                    lock (log) log.WriteLine($"skipped {sources[i].NpzPath}: {nothing}");
                    Interlocked.Increment(ref done);
                    return;
                }
                var features = new float[DetectorFeatures.Count];
                DetectorFeatures.Fill(measured, view, features);
                var truth = item.Track!.Truth;
                double? symmetry = item.Topology!.Raw.AtTruthVertex is { } atTruth ? atTruth.Symmetry : null;
                results[i] = new LabelledTrack(sources[i].Name, sources[i].RelativePath, features,
                    TruthLabel.Of(truth, labels, symmetry), TruthLabel.IsElectron(truth), truth?.TrackEnergyKev, truth?.Pair.Count)
                {
                    Scores = classifier?.Classify(measured),
                    PairEnergyRatio = truth?.Pair.Count > 0 ? TruthLabel.PairEnergyRatio(truth) : null,
                    TruthVertexChargeSymmetry = truth?.Pair.Count > 0 ? symmetry : null,
                };
            }
            catch (TrackFormatException e)
            {
                lock (log) log.WriteLine($"skipped {e.Path}: {e.Problem}");
            }
            int n = Interlocked.Increment(ref done);
            if (n % 200 == 0) lock (log) log.WriteLine($"measured {n} of {sources.Count} tracks");
        });
        return results.Where(r => r is not null).Select(r => r!).ToList();
    }
}
