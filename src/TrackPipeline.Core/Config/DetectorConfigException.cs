namespace TrackPipeline.Config;

/// <summary>A detector configuration file that is missing, malformed or out of range; the message names the file and key.</summary>
public sealed class DetectorConfigException(string path, string key, string problem, Exception? inner = null)
    : Exception($"{path}: {key}: {problem}", inner)
{
    public string Path { get; } = path;
    public string Key { get; } = key;
}
