using System.Globalization;

namespace TrackPipeline.Rendering;

/// <summary>Where the pictures of a run go, below the output folder.</summary>
public static class ImagePaths
{
    public const string ImagesFolder = Output.OutputLayout.Images;
    public const string QuestFolder = Output.OutputLayout.Quest;
    public const string IndexFile = Output.OutputLayout.IndexFile;

    /// <summary>The energy folder name, as in the input: <c>E0001000</c>.</summary>
    public static string EnergyFolder(int energyKev) => "E" + energyKev.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary><c>OUT/images/&lt;particle&gt;/E&lt;energy&gt;/&lt;picture&gt;.png</c></summary>
    /// <param name="picture">The track's picture name (<see cref="PictureName"/>: its id, unless it lies in a sub-tree of the input).</param>
    public static string TrackImage(string root, string particle, int energyKev, string picture) =>
        Path.Combine(root, ImagesFolder, particle, EnergyFolder(energyKev), picture + ".png");

    public const string ThumbnailsFolder = "thumbnails";

    /// <summary>
    /// <c>OUT/images/&lt;particle&gt;/E&lt;energy&gt;/thumbnails/&lt;picture&gt;.png</c>: the framed raw view the render stage
    /// drew for the contact and comparison sheets (<see cref="KeptPictures"/>).
    /// </summary>
    /// <param name="picture">The track's picture name (<see cref="PictureName"/>).</param>
    public static string Thumbnail(string root, string particle, int energyKev, string picture) =>
        Path.Combine(root, ImagesFolder, particle, EnergyFolder(energyKev), ThumbnailsFolder, picture + ".png");

    /// <summary><c>OUT/images/&lt;particle&gt;/E&lt;energy&gt;/contact_sheet.png</c>; later pages <c>contact_sheet_002.png</c>, ...</summary>
    public static string ContactSheet(string root, string particle, int energyKev, int page = 1) =>
        Path.Combine(root, ImagesFolder, particle, EnergyFolder(energyKev), ContactSheetName(page));

    public static string ContactSheetName(int page) =>
        page <= 1 ? "contact_sheet.png" : $"contact_sheet_{page.ToString("D3", CultureInfo.InvariantCulture)}.png";

    /// <summary><c>OUT/images/&lt;particle&gt;/E&lt;energy&gt;/index.html</c>: every picture of one energy folder.</summary>
    public static string FolderIndex(string root, string particle, int energyKev) =>
        Path.Combine(root, ImagesFolder, particle, EnergyFolder(energyKev), IndexFile);

    /// <summary><c>OUT/images/compare_E&lt;energy&gt;.png</c></summary>
    public static string Comparison(string root, int energyKev) =>
        Path.Combine(root, ImagesFolder, $"compare_{EnergyFolder(energyKev)}.png");

    /// <summary><c>OUT/images/electrons_vs_photons_E&lt;energy&gt;.png</c>: the energy's electrons | photons, one column each.</summary>
    public static string SideBySide(string root, int energyKev) =>
        Path.Combine(root, ImagesFolder, SideBySideName(energyKev));

    public static string SideBySideName(int energyKev) => $"electrons_vs_photons_{EnergyFolder(energyKev)}.png";

    /// <summary><c>OUT/quest/&lt;category&gt;.png</c></summary>
    public static string Quest(string root, string category) => Path.Combine(root, QuestFolder, category + ".png");

    public static string Index(string root) => Path.Combine(root, IndexFile);

    /// <summary>"electron", "photon": the particle folder name without its plural s; "particle not known" for <c>unknown</c>.</summary>
    public static string ParticleLabel(string particle) =>
        IsUnknown(particle) ? "particle not known"
        : particle.EndsWith('s') && particle.Length > 1 ? particle[..^1] : particle;

    /// <summary>"electrons", "photons": a particle folder's tracks; "particle not known" for a dataset laid out without it
    /// (<c>LAr/unknown/E0000000/...</c>, as real detector data is: "unknowns" read like a typo on every sheet).</summary>
    public static string ParticlesLabel(string particle) =>
        IsUnknown(particle) ? ParticleLabel(particle) : ParticleLabel(particle) + "s";

    private static bool IsUnknown(string particle) => string.Equals(particle, "unknown", StringComparison.OrdinalIgnoreCase);

    /// <summary>"300 keV", "1 MeV", "2.5 MeV"; "energy not known" for an energy folder of 0 keV (<c>E0000000</c>: no truth).</summary>
    public static string EnergyLabel(double energyKev) => energyKev <= 0 ? "energy not known"
        : energyKev >= 1000
        ? (energyKev / 1000).ToString("0.###", CultureInfo.InvariantCulture) + " MeV"
        : energyKev.ToString("0.#", CultureInfo.InvariantCulture) + " keV";
}
