using System.Text.Json.Nodes;

namespace TrackPipeline.Tests;

/// <summary>
/// What the end-to-end tests copy before they run: a few real tracks of the shared sample, and the program's detector
/// presets as a user's <c>--Detector:ConfigDirectory</c> (each test class had its own copy of these helpers).
/// </summary>
public static class SampleCopies
{
    /// <summary>
    /// The first <paramref name="count"/> tracks (ordinal order) of the sample's <c>LAr/electrons/E0001000</c>, with their
    /// <c>.pickle</c> when <paramref name="truth"/>, copied into <c>WORK/in</c>; a later call with a larger count adds tracks.
    /// Returns <c>WORK/in</c>, the input root.
    /// </summary>
    public static string FirstTracks(string work, int count, bool truth = false)
    {
        var input = Directory.CreateDirectory(Path.Combine(work, "in", "LAr", "electrons", "E0001000")).FullName;
        foreach (var npz in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, "LAr", "electrons", "E0001000"), "*.npz").Order(StringComparer.Ordinal).Take(count))
            foreach (var f in truth ? (string[])[npz, Path.ChangeExtension(npz, ".pickle")] : [npz])
                if (File.Exists(f)) File.Copy(f, Path.Combine(input, Path.GetFileName(f)), overwrite: true);
        return Path.Combine(work, "in");
    }

    /// <summary>Whole folders of the sample (<c>LAr/electrons/E0001000</c>: every track with its truth) copied into <c>WORK/in</c>; returns <c>WORK/in</c>.</summary>
    public static string Folders(string work, params string[] folders)
    {
        foreach (var folder in folders)
        {
            var to = Directory.CreateDirectory(Path.Combine(work, "in", folder)).FullName;
            foreach (var f in Directory.GetFiles(Path.Combine(TestData.TracksRoot!, folder)))
                File.Copy(f, Path.Combine(to, Path.GetFileName(f)), overwrite: true);
        }
        return Path.Combine(work, "in");
    }

    /// <summary>A copy of the program's medium and readout presets in <c>WORK/NAME</c>, as a user's <c>--Detector:ConfigDirectory</c>.</summary>
    public static string Presets(string work, string name = "presets")
    {
        var folder = Path.Combine(work, name);
        foreach (var sub in (string[])["medium", "readouts"])
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
            foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "config", sub), "*.json"))
                File.Copy(file, Path.Combine(folder, sub, Path.GetFileName(file)), overwrite: true);
        }
        return folder;
    }

    /// <summary>Edits a preset (or any JSON file) in place.</summary>
    public static void Edit(string file, Action<JsonNode> edit)
    {
        var root = JsonNode.Parse(File.ReadAllText(file))!;
        edit(root);
        File.WriteAllText(file, root.ToJsonString());
    }
}
