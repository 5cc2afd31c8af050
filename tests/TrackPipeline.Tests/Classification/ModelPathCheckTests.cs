using System.Diagnostics;
using TrackPipeline.Classification;

namespace TrackPipeline.Tests.Classification;

/// <summary>
/// Breaker 6 F4b: a Classifier:ModelPath naming a FIFO or a character device passed the settings check (File.Exists is
/// true for both) and the run then waited for ever on the model's first read. It must be refused at the settings check,
/// naming the path, as the inputs are (InputFile.RequireRegular).
/// </summary>
public sealed class ModelPathCheckTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-modelpath-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task A_model_path_that_is_a_fifo_is_a_settings_problem_naming_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        var fifo = Path.Combine(_work, "model.onnx");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var settings = Shipped.Classifier;
        settings.ModelPath = fifo;

        var problem = Assert.Single(settings.Problems());

        Assert.Contains($"Classifier:ModelPath: {fifo}", problem);
        Assert.Contains("FIFO", problem);
    }

    [Fact]
    public void A_model_path_that_is_a_character_device_is_a_settings_problem_naming_it()
    {
        if (!OperatingSystem.IsLinux()) return;
        var settings = Shipped.Classifier;
        settings.ModelPath = "/dev/zero";

        var problem = Assert.Single(settings.Problems());

        Assert.Contains("Classifier:ModelPath: /dev/zero", problem);
        Assert.Contains("character device", problem);
    }

    [Fact]
    public void The_shipped_model_passes_the_check()
    {
        Assert.Empty(Shipped.Classifier.Problems());
    }
}
