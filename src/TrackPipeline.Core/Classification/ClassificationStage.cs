using TrackPipeline.Output;
using TrackPipeline.Pipeline;

namespace TrackPipeline.Classification;

/// <summary>Scores every track for the quest categories and flags it as a candidate where the score passes the threshold.</summary>
public sealed class ClassificationStage(ClassifierSettings settings) : ITrackStage, ITableContributor
{
    private readonly TrackClassifier _classifier = new(settings);

    public string Name => "classify";

    public void Process(TrackItem item, CancellationToken cancellationToken)
    {
        var track = item.RequireTrack();
        var topology = item.Topology ?? throw new InvalidOperationException("classification needs the topology stage");
        item.Scores = _classifier.Classify(track.Source.Particle, track.Truth.TrackEnergyKev, track.Truth.FirstInteraction, topology);
    }

    public void AddColumns(TableSchema<TrackItem> schema)
    {
        static QuestScores S(TrackItem i) => i.Scores ?? throw new InvalidOperationException("track was not classified");
        foreach (var category in QuestCategory.Quest)
        {
            schema.Double($"score_{category}", i => S(i)[category])
                  .Bool($"candidate_{category}", i => S(i)[category] >= settings.CandidateThreshold);
        }
        schema.String("predicted_class", i => S(i).PredictedClass);
    }
}
