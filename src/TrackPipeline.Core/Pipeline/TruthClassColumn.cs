using TrackPipeline.Classification;
using TrackPipeline.Output;

namespace TrackPipeline.Pipeline;

/// <summary>
/// The <c>truth_class</c> column: the class the simulation truth gives the track, by the same rule
/// (<see cref="TruthLabel"/>, <see cref="LabelSettings"/>) that <c>train</c> and <c>evaluate</c> label with, so the
/// run's confusion matrix compares the same thing as the held-out evaluation. Null when the track has no pickle.
/// Evaluation only: no decision reads it.
/// </summary>
public sealed class TruthClassColumn(LabelSettings labels) : ITableContributor
{
    public const string Name = TrackColumns.TruthClass;

    public void AddColumns(TableSchema<TrackItem> schema) =>
        // The pair split needs the charge symmetry at the truth vertex when the pickle has no lepton energies (PENELOPE).
        schema.NullableString(Name, i => TruthLabel.Of(i.Track?.Truth, labels, i.Topology?.Raw.AtTruthVertex?.Symmetry));
}
