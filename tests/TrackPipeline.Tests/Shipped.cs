using TrackPipeline.Classification;
using TrackPipeline.Config;
using TrackPipeline.Reconstruction;
using TrackPipeline.Rendering;
using TrackPipeline.Topology;

namespace TrackPipeline.Tests;

/// <summary>Fresh settings objects holding the shipped defaults (settings classes have none of their own).</summary>
public static class Shipped
{
    public static TopologySettings Topology => ShippedSettings.Load<TopologySettings>(TopologySettings.Section);
    public static LabelSettings Labels => ShippedSettings.Load<LabelSettings>(LabelSettings.Section);
    public static ClassifierSettings Classifier => ShippedSettings.Load<ClassifierSettings>(ClassifierSettings.Section);
    public static RenderOptions Images => ShippedSettings.Load<RenderOptions>(RenderOptions.Section);
    public static ReconstructionSettings Reconstruction => ShippedSettings.Load<ReconstructionSettings>(ReconstructionSettings.Section);
}
