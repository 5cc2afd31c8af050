using SkiaSharp;
using TrackPipeline.App;
using TrackPipeline.App.Commands;
using TrackPipeline.Output;
using TrackPipeline.Rendering;

namespace TrackPipeline.Tests.Rendering;

/// <summary>
/// The electrons | photons sheet of an energy (round 11): the energy's electrons in the left column, its photons in the
/// right, one kept thumbnail per cell. Run over real sample tracks in uneven numbers (20 MeV: 6 electrons, 3 photons;
/// 50 MeV: 2 electrons, 6 photons), so a swapped, shortened or padded column shows. Nothing here depends on which class
/// the shipped model gives a track (that only orders a column).
/// </summary>
public sealed class SideBySideSheetOnSampleTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("tp-side-by-side-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SharedDataFact]
    public async Task Each_energy_shows_its_electrons_left_and_its_photons_right_one_track_per_cell()
    {
        var input = Path.Combine(_work, "in");
        var counts = new Dictionary<(string Particle, int Energy), int> { [("electrons", 20000)] = 6, [("photons", 20000)] = 3, [("electrons", 50000)] = 2, [("photons", 50000)] = 6 };
        foreach (var ((particle, energy), n) in counts)
        {
            var from = Path.Combine(TestData.TracksRoot!, "LAr", particle, ImagePaths.EnergyFolder(energy));
            var to = Directory.CreateDirectory(Path.Combine(input, "LAr", particle, ImagePaths.EnergyFolder(energy))).FullName;
            var npz = Directory.GetFiles(from, "*.npz").Order(StringComparer.Ordinal).Take(n).ToList();
            Assert.Equal(n, npz.Count);
            foreach (var f in npz) File.Copy(f, Path.Combine(to, Path.GetFileName(f)));   // no pickle: the sheet needs no truth
        }
        var output = Path.Combine(_work, "out");
        Assert.Equal(ExitCodes.Success, await RunCommand.ExecuteAsync(["--input", input, "--output", output, "--images", "all"]));

        int width = Shipped.Images.Width;
        foreach (int energy in new[] { 20000, 50000 })
        {
            var path = ImagePaths.SideBySide(output, energy);
            Assert.True(File.Exists(path), $"no {path}");
            using var sheet = SKBitmap.Decode(path);
            int electrons = counts[("electrons", energy)], photons = counts[("photons", energy)], rows = Math.Max(electrons, photons);
            var last = Gallery.SideBySideCell(width, 1, rows - 1);
            Assert.Equal(((int)last.Right, (int)last.Bottom), (sheet.Width, sheet.Height));
            foreach (var (column, tracks) in new[] { (0, electrons), (1, photons) })
                for (int row = 0; row < rows; row++)
                {
                    var cell = Gallery.SideBySideCell(width, column, row);
                    // The thumbnail's framed view fills the cell's lower part; a thin 20 MeV track draws a few hundred charge pixels there.
                    var body = new SKRectI((int)cell.Left, (int)(cell.Top + 0.35f * cell.Height), (int)cell.Right, (int)cell.Bottom);
                    int charge = ImageChecks.ChargePixels(sheet, body, Colormap.Plasma, TrackRenderer.DetachedColor);
                    if (row < tracks) Assert.True(charge > 150, $"{Path.GetFileName(path)}: column {column} row {row} shows {charge} charge pixels, expected a track");
                    else Assert.True(charge == 0, $"{Path.GetFileName(path)}: column {column} row {row} should be empty ({tracks} tracks), shows {charge} charge pixels");
                }
        }
        var index = await File.ReadAllTextAsync(ImagePaths.Index(output));
        Assert.Contains($"{ImagePaths.ImagesFolder}/{ImagePaths.SideBySideName(20000)}", index, StringComparison.Ordinal);
        Assert.Contains($"{ImagePaths.ImagesFolder}/{ImagePaths.SideBySideName(50000)}", index, StringComparison.Ordinal);
    }
}
