namespace TrackPipeline.Pipeline;

/// <summary>Which detector the tracks are read out with (configuration section <c>Detector</c>).</summary>
public sealed class DetectorOptions
{
    public const string Section = "Detector";
    public const string NoReadout = "none";

    /// <summary>Readout preset in <c>config/readouts/NAME.json</c> (GAMPixG, GAMPixD, LArPix, AnodeGridD), or <c>none</c> to skip drift and readout.</summary>
    public string Readout { get; set; } = "";

    /// <summary>Medium preset in <c>config/medium/NAME.json</c>.</summary>
    public string Medium { get; set; } = "";

    /// <summary>Extra drift distance added to every deposit, metres (the track's depth below the anode).</summary>
    public double DepthM { get; set; }

    /// <summary>Also write the noiseless samples (every charged voxel, before noise and trigger) to the pixels table.</summary>
    public bool WriteNoiselessSamples { get; set; }

    /// <summary>Folder holding <c>medium/</c> and <c>readouts/</c>; empty means the <c>config</c> folder shipped beside the program.</summary>
    public string? ConfigDirectory { get; set; }

    public bool Enabled => !string.Equals(Readout, NoReadout, StringComparison.OrdinalIgnoreCase);

    public string ResolvedConfigDirectory =>
        string.IsNullOrWhiteSpace(ConfigDirectory) ? Path.Combine(AppContext.BaseDirectory, "config") : Path.GetFullPath(ConfigDirectory);
}
