namespace TrackPipeline.Rendering;

/// <summary>Which tracks get a picture.</summary>
public enum ImageMode
{
    /// <summary>No pictures at all (no render stage, no gallery).</summary>
    None,
    /// <summary>Only the ranked quest candidates (the top N of each category, drawn after the run), the quest pictures and the gallery.</summary>
    Quest,
    /// <summary>Every track, plus the quest pictures, contact sheets, comparison sheets and the gallery.</summary>
    All,
}

/// <summary>Settings of the pictures (configuration section <c>Images</c>; <c>--images none|quest|all</c>).</summary>
public sealed class RenderOptions
{
    public const string Section = "Images";

    /// <summary>Which tracks are drawn.</summary>
    public ImageMode Mode { get; set; }

    /// <summary>Width of a track picture, px.</summary>
    public int Width { get; set; }

    /// <summary>Height of a track picture, px.</summary>
    public int Height { get; set; }

    /// <summary>Colormap of the charge: <c>plasma</c> (default), <c>viridis</c> or <c>inferno</c>.</summary>
    public string Colormap { get; set; } = "";

    /// <summary>Side (mm) of the cube around a truth pair vertex shown in the projections of pair events; 0 shows the whole track.</summary>
    public double PairZoomMm { get; set; }

    /// <summary>Thumbnails per contact-sheet page (three to a row).</summary>
    public int ContactSheetTracksPerPage { get; set; }

    /// <summary>
    /// Contact-sheet pages per energy folder at most (each page re-reads its tracks from disk); 0 = every track.
    /// </summary>
    public int ContactSheetMaxPages { get; set; }

    /// <summary>Track pictures shown per energy folder on index.html; the rest are on the folder's own page.</summary>
    public int IndexTracksPerFolder { get; set; }

    public Colormap ResolvedColormap => Rendering.Colormap.TryGet(Colormap, out var c) ? c : Rendering.Colormap.Plasma;

    public IEnumerable<string> Problems()
    {
        if (!Enum.IsDefined(Mode)) yield return $"Images:Mode: {Mode} is not one of none, quest, all";
        if (Width is < 320 or > 8000) yield return $"Images:Width: {Width} is not in 320..8000";
        if (Height is < 240 or > 8000) yield return $"Images:Height: {Height} is not in 240..8000";
        if (ContactSheetTracksPerPage is < 1 or > 300) yield return $"Images:ContactSheetTracksPerPage: {ContactSheetTracksPerPage} is not in 1..300";
        if (ContactSheetMaxPages < 0) yield return $"Images:ContactSheetMaxPages: {ContactSheetMaxPages} must not be negative";
        if (IndexTracksPerFolder < 0) yield return $"Images:IndexTracksPerFolder: {IndexTracksPerFolder} must not be negative";
        if (!(PairZoomMm >= 0)) yield return $"Images:PairZoomMm: {PairZoomMm} must not be negative";
        if (!Rendering.Colormap.TryGet(Colormap, out _))
            yield return $"Images:Colormap: '{Colormap}' is not one of {string.Join(", ", Rendering.Colormap.Names)}";
    }
}
