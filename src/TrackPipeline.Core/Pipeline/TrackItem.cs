using TrackPipeline.Drift;
using TrackPipeline.Readout;
using TrackPipeline.Tracks;

namespace TrackPipeline.Pipeline;

/// <summary>
/// One track on its way through the pipeline. Each stage fills in its own result; a failure is a value
/// (<see cref="Failure"/>), routed to the writer, never an exception that would fault the graph.
/// </summary>
public sealed class TrackItem
{
    public TrackItem(TrackSource source) => Source = source;

    public TrackSource Source { get; }
    public Track? Track { get; set; }
    public TrackFailure? Failure { get; set; }
    /// <summary>
    /// A best-effort stage (the picture) that failed on a track whose data are good: the track's rows are written and
    /// this becomes one more row of the errors table, naming the file and the problem.
    /// </summary>
    public TrackFailure? BestEffortFailure { get; set; }
    /// <summary>
    /// The track's truth pickle was refused (unsafe, truncated, not a pickle, unreadable): the track is read without
    /// truth and written like one without a pickle, and this is one more row of the errors table (<see cref="TruthFailureOf"/>).
    /// </summary>
    public Formats.TrackFormatException? TruthProblem { get; set; }
    /// <summary>The charge at the anode, set by the drift stage.</summary>
    public DriftedCharge? Drifted { get; set; }
    /// <summary>The triggered samples of each readout level, set by the readout stage.</summary>
    public ReadoutResult? Readout { get; set; }
    /// <summary>Shape measurements (topology stage).</summary>
    public Topology.TrackTopology? Topology { get; set; }
    /// <summary>Pair kinematics, photon direction and track start from the charge (reconstruction stage).</summary>
    public Reconstruction.TrackReconstruction? Reconstruction { get; set; }
    /// <summary>Quest scores and predicted class (classification stage).</summary>
    public Classification.QuestScores? Scores { get; set; }
    /// <summary>Why the classification stage gave no class (null: classified, or the stage did not run).</summary>
    public string? NotClassifiedReason { get; set; }

    /// <summary>Bytes of the run's memory budget this track holds while in flight (<see cref="TrackAdmission"/>).</summary>
    public long AdmittedBytes { get; set; }

    /// <summary>Prefix of the errors-table message of a refused truth pickle: the track itself is in the tracks table.</summary>
    public const string TruthOnlyPrefix = "truth only, the track is written without truth (truth_* null): ";

    /// <summary>The errors-table row of a refused truth pickle (stage "read", kind of the pickle's problem), naming the .pickle.</summary>
    public static TrackFailure TruthFailureOf(Formats.TrackFormatException problem) =>
        new(problem.Path, "read", TrackPipelineGraph.ErrorKindName(problem.Kind), TruthOnlyPrefix + problem.Message);

    public Track RequireTrack() => Track ?? throw new InvalidOperationException($"{Source.Name}: the track has not been read");
}
