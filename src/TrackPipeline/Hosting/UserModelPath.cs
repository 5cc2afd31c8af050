using Microsoft.Extensions.Configuration;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// Where a relative <c>Classifier:ModelPath</c> points (breaker 10 F2). The shipped default
/// (<c>config/models/classifier.onnx</c>) is relative to the program folder, where config/ is copied. A relative path the
/// user gives (command line, environment, <c>--config</c>) is read against the current folder, as <c>--model-dir</c> and
/// <c>--input</c> are: resolved against the program folder, a path that exists beside the user was reported missing, and
/// <c>train --model-dir D --Classifier:ModelPath D/classifier.onnx</c> wrote a second copy into the build output.
/// </summary>
public static class UserModelPath
{
    private const string Key = $"{Classifiers}:ModelPath";
    private const string Classifiers = Classification.ClassifierSettings.Section;

    /// <summary>
    /// When the source that sets <c>Classifier:ModelPath</c> last is not one of the first <paramref name="shippedSources"/>
    /// (the shipped files and preset) and its value is relative, adds that value made absolute against the current folder
    /// on top of every source.
    /// </summary>
    public static void Anchor(IConfigurationBuilder builder, IConfigurationRoot root, int shippedSources)
    {
        var providers = root.Providers.ToList();
        for (int i = providers.Count - 1; i >= 0; i--)
        {
            if (!providers[i].TryGet(Key, out var value)) continue;
            if (i < shippedSources || string.IsNullOrWhiteSpace(value) || Path.IsPathRooted(value)) return;
            builder.AddInMemoryCollection([KeyValuePair.Create(Key, (string?)Path.GetFullPath(value))]);
            return;
        }
    }
}
