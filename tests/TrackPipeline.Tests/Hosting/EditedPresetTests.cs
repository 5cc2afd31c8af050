using TrackPipeline.App;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Breaker 17 F2: a resume compared the detector presets by path only, so editing <c>medium/LAr.json</c>'s transverse
/// diffusion between two runs into one output was accepted and the table mixed two diffusions. The values each run read
/// are recorded (run.json) and compared: a changed number is refused in one line naming the file and the entry; a
/// reworded source text (no row changes) is not.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class EditedPresetTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-preset-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    /// <summary>One track run into WORK/out with a copy of the presets; the run's arguments but the input, and the copy's medium preset.</summary>
    private async Task<(string[] Common, string Medium)> FirstRunAsync()
    {
        var presets = SampleCopies.Presets(_work, "cfgA");
        string[] common = ["run", "--output", Path.Combine(_work, "out"), "--images", "none", "--Detector:ConfigDirectory", presets];
        var (first, _, firstError) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, 1)]);
        Assert.True(first == ExitCodes.Success, firstError);
        return (common, Path.Combine(presets, "medium", "LAr.json"));
    }

    [SharedDataFact]
    public async Task An_edited_preset_value_refuses_the_resume_naming_the_file_and_a_reworded_source_does_not()
    {
        var (common, medium) = await FirstRunAsync();

        // Only the documentation changed: the same rows, the resume goes on.
        SampleCopies.Edit(medium, r => r["medium"]!["transverse_diffusion"]!["source"] = "reworded");
        var (reworded, _, rewordedError) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, 2)]);
        Assert.True(reworded == ExitCodes.Success, rewordedError);

        // The diffusion a hundred times larger: other rows, refused before a track is read, in one line naming the file and entry.
        SampleCopies.Edit(medium, r => r["medium"]!["transverse_diffusion"]!["value"] = 120e-4);
        var (code, _, error) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, 3)]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("medium/LAr.json:medium:transverse_diffusion:value 0.0012 (this run: 0.012)", line);
        Assert.Contains("restore them", line);

        // Restored, the resume is accepted again.
        SampleCopies.Edit(medium, r => r["medium"]!["transverse_diffusion"]!["value"] = 12e-4);
        var (restored, _, restoredError) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, 3)]);
        Assert.True(restored == ExitCodes.Success, restoredError);
    }

    /// <summary>
    /// breaker18 item 6: the same preset folder spelled otherwise (relative, with a trailing '/', through a link, the
    /// program's own config/ named) refused the resume by its path, though run.json records what the run depends on, the
    /// values. The values are compared, not the spelling.
    /// </summary>
    [SharedDataFact]
    public async Task The_same_preset_folder_spelled_otherwise_resumes()
    {
        var presets = SampleCopies.Presets(_work, "cfgA");
        var output = Path.Combine(_work, "out");
        string[] common = ["run", "--output", output, "--images", "none"];
        var (first, _, firstError) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, 1), "--Detector:ConfigDirectory", presets]);
        Assert.True(first == ExitCodes.Success, firstError);
        var link = Path.Combine(_work, "presets-link");
        Directory.CreateSymbolicLink(link, presets);
        var program = Path.Combine(AppContext.BaseDirectory, "config");
        int count = 1;
        foreach (var spelled in new[] { Path.GetRelativePath(Environment.CurrentDirectory, presets), presets + "/", link, program })
        {
            var (code, _, error) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, ++count), "--Detector:ConfigDirectory", spelled]);
            Assert.True(code == ExitCodes.Success, $"{spelled}: {error}");
        }
        // The program's config/ by default, the same values: the same rows.
        var (byDefault, _, byDefaultError) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, ++count)]);
        Assert.True(byDefault == ExitCodes.Success, byDefaultError);
    }

    /// <summary>
    /// breaker18 notes (low): editing medium/LAr.json's drift.max_depth, a plausibility bound on --depth that changes no
    /// row of a track within it, refused the resume as a row-changing value. Bounds are not compared; a physics value
    /// of the same preset still is.
    /// </summary>
    [SharedDataFact]
    public async Task An_edited_bound_resumes_and_an_edited_physics_value_beside_it_is_still_refused()
    {
        var (common, medium) = await FirstRunAsync();

        SampleCopies.Edit(medium, r => r["drift"]!["max_depth"]!["value"] = 12.0);
        var (bound, _, boundError) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, 2)]);
        Assert.True(bound == ExitCodes.Success, boundError);

        SampleCopies.Edit(medium, r => r["drift"]!["field"]!["value"] = 40000.0);
        var (code, _, error) = await ConsoleCapture.RunAsync([.. common, "--input", SampleCopies.FirstTracks(_work, 3)]);
        Assert.Equal(ExitCodes.Fatal, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("medium/LAr.json:drift:field:value 50000 (this run: 40000)", line);
        Assert.DoesNotContain("max_depth", line);
    }
}
