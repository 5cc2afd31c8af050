using Microsoft.Extensions.Options;
using TrackPipeline.Classification;
using TrackPipeline.Pipeline;
using TrackPipeline.Topology;

namespace TrackPipeline.App.Hosting;

/// <summary>Builds the stages of the signal chain, in order, from the validated settings.</summary>
public sealed class StageFactory(IOptions<TopologySettings> topology, IOptions<ClassifierSettings> classifier)
{
    public IReadOnlyList<ITrackStage> CreateStages() =>
    [
        new ReadStage(),
        new TopologyStage(topology.Value),
        new ClassificationStage(classifier.Value),
    ];
}
