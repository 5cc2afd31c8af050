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

    // Framing (why each value: config/pictures.json, where the run reads them from).

    /// <summary>A pair's V frame is this many times the radius at which the topology stage's prong split separated two prongs.</summary>
    public double PairFrameSplitRadii { get; set; }

    /// <summary>
    /// The reconstructed pair vertex frames the V only when its leptons open by at most this angle, degrees (wider: one
    /// track running through the estimate, not a conversion).
    /// </summary>
    public double PairFrameMaxOpeningDeg { get; set; }

    /// <summary>... and when the lighter lepton has at least this fraction of the harder one's energy (the reconstruction's energy split).</summary>
    public double PairFrameMinEnergySplit { get; set; }

    /// <summary>The V's dashed arms follow the main-cluster charge from this distance of the vertex (mm; closer, the two arms overlap)...</summary>
    public double PairArmChargeInnerMm { get; set; }

    /// <summary>... out to this distance (mm; each lepton's first cm, before multiple scattering bends it).</summary>
    public double PairArmChargeOuterMm { get; set; }

    /// <summary>
    /// The V's dashed arms start where the charge near the vertex ends (the apex: a conversion has no charge behind it) when
    /// that lies farther than this from the vertex (mm); nearer, they start at the vertex.
    /// </summary>
    public double PairApexMinShiftMm { get; set; }

    /// <summary>
    /// The event page shows the reconstruction's fitted lepton lines from the start only where each lies within this
    /// angle (deg) of the nearer arm of the V on the charge (when the frame has one); farther, they start hidden and say so.
    /// </summary>
    public double FittedPairMaxOffChargeDeg { get; set; }

    /// <summary>
    /// A dashed arm is drawn as far as main-cluster charge lies within this distance of its line (mm), in every stretch
    /// of this length along it...
    /// </summary>
    public double PairArmTubeMm { get; set; }

    /// <summary>... and only when that charge runs at least this far from the apex (mm); else the arm is not drawn.</summary>
    public double PairArmMinRunMm { get; set; }

    /// <summary>
    /// Most of the charge around a vertex candidate that may lie behind its apex for the frame to call it the V's apex
    /// (fraction of the 3-10 mm shell's charge; <see cref="ChargeNearVertex.ShowsV"/>).
    /// </summary>
    public double PairApexMaxChargeBehind { get; set; }

    /// <summary>
    /// A V frame needs its two arms apart at the picture's scale (<see cref="VVisible"/>): the shorter drawn arm's end more
    /// than this (mm) from the other arm's line...
    /// </summary>
    public double PairVEndApartMm { get; set; }

    /// <summary>... or a charge-free band at least this wide (mm) between the whole-reach arms...</summary>
    public double PairVGapMm { get; set; }

    /// <summary>... over at least this length along the V (mm).</summary>
    public double PairVGapRunMm { get; set; }

    /// <summary>Reach of a V frame (mm) on the reconstruction's vertex where it measured no split radius (no second lepton fitted).</summary>
    public double PairFrameUnsplitReachMm { get; set; }

    /// <summary>
    /// The drifted panel's pixels in the bottom part of its log charge scale (below this fraction of it) are blended into
    /// the background, from <see cref="DriftedFaintAlpha"/> at the scale's bottom to opaque here (<see cref="FaintCharge"/>).
    /// </summary>
    public double DriftedFaintBelow { get; set; }

    /// <summary>
    /// The drifted panel colours a pixel by the mean charge per pixel within this many mm of it (0: its own charge), where
    /// that is more than a pixel: a local density of the drifted charge in small frames (<see cref="DriftedLook"/>).
    /// </summary>
    public double DriftedDensityCellMm { get; set; }

    /// <summary>Opacity of a drifted-panel pixel at the bottom of its scale (0..1).</summary>
    public double DriftedFaintAlpha { get; set; }

    /// <summary>Smallest V frame, mm.</summary>
    public double PairFrameMinMm { get; set; }

    /// <summary>Room kept around the V's vertex, as a fraction of the arms' extent, so the vertex + and truth markers near it are not on the box edge.</summary>
    public double PairFrameApexRoomFraction { get; set; }

    /// <summary>
    /// An electron's frame takes in its significant detached clusters nearest first while the frame stays within this many
    /// main-cluster sizes (the primary spans at least 1 / this of the frame).
    /// </summary>
    public double DetachedFrameMaxGrowth { get; set; }

    /// <summary>Smallest radius (px on a 1200 px picture) of the ring marking a detached cluster, so a sub-track far smaller than the frame is not a dot.</summary>
    public double DetachedMarkerMinPx { get; set; }

    /// <summary>
    /// A ringed detached cluster of this charge (e-) or less gets the smallest ring; a larger one a ring
    /// <see cref="DetachedRingGrowthPerDecade"/> x the smallest radius larger per decade of charge above it.
    /// </summary>
    public double DetachedRingChargeRefE { get; set; }

    /// <summary>Growth of a detached cluster's ring (radius, in smallest radii) per decade of its charge above <see cref="DetachedRingChargeRefE"/>, up to three decades.</summary>
    public double DetachedRingGrowthPerDecade { get; set; }

    /// <summary>Smallest main-cluster frame, mm.</summary>
    public double MinFrameMm { get; set; }

    /// <summary>Room around the framed charge, as a fraction of the frame.</summary>
    public double FramePaddingFraction { get; set; }

    /// <summary>Axes are labelled in micrometres when the frame is smaller than this, mm.</summary>
    public double MicrometresBelowMm { get; set; }

    /// <summary>Side of the whole-event overview inset, as a fraction of the 3D panel's width.</summary>
    public double OverviewFraction { get; set; }

    /// <summary>Interactive 3D pages (events/) for the quest candidates and the tracks shown on index.html.</summary>
    public bool EventDisplays { get; set; }

    /// <summary>Points per layer of an event page at most (larger layers are thinned, and say so).</summary>
    public int EventDisplayMaxPoints { get; set; }

    /// <summary>Truth markers on thumbnails and comparison sheets (always on the full track pictures).</summary>
    public bool TruthInThumbnails { get; set; }

    /// <summary>Thumbnails per contact-sheet page (three to a row).</summary>
    public int ContactSheetTracksPerPage { get; set; }

    /// <summary>
    /// Contact-sheet pages per energy folder at most (the render stage keeps a thumbnail for each track they show, <see cref="KeptPictures"/>); 0 = every track.
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
        if (!(PairFrameSplitRadii > 0)) yield return $"Images:PairFrameSplitRadii: {PairFrameSplitRadii} must be positive";
        if (PairFrameMaxOpeningDeg is not (> 0 and <= 180)) yield return $"Images:PairFrameMaxOpeningDeg: {PairFrameMaxOpeningDeg} is not in (0, 180]";
        if (PairFrameMinEnergySplit is not (>= 0 and <= 1)) yield return $"Images:PairFrameMinEnergySplit: {PairFrameMinEnergySplit} is not in 0..1";
        if (PairApexMaxChargeBehind is not (>= 0 and <= 1)) yield return $"Images:PairApexMaxChargeBehind: {PairApexMaxChargeBehind} is not in 0..1";
        if (!(PairVEndApartMm >= 0)) yield return $"Images:PairVEndApartMm: {PairVEndApartMm} must not be negative";
        if (!(PairVGapMm >= 0)) yield return $"Images:PairVGapMm: {PairVGapMm} must not be negative";
        if (!(PairVGapRunMm > 0)) yield return $"Images:PairVGapRunMm: {PairVGapRunMm} must be positive";
        if (!(PairFrameUnsplitReachMm > 0)) yield return $"Images:PairFrameUnsplitReachMm: {PairFrameUnsplitReachMm} must be positive";
        if (DriftedFaintBelow is not (>= 0 and <= 1)) yield return $"Images:DriftedFaintBelow: {DriftedFaintBelow} is not in 0..1";
        if (!(DriftedDensityCellMm >= 0)) yield return $"Images:DriftedDensityCellMm: {DriftedDensityCellMm} must not be negative";
        if (DriftedFaintAlpha is not (> 0 and <= 1)) yield return $"Images:DriftedFaintAlpha: {DriftedFaintAlpha} is not in (0, 1]";
        if (!(PairFrameMinMm > 0)) yield return $"Images:PairFrameMinMm: {PairFrameMinMm} must be positive";
        if (PairFrameApexRoomFraction is not (>= 0 and <= 1)) yield return $"Images:PairFrameApexRoomFraction: {PairFrameApexRoomFraction} is not in 0..1";
        if (!(DetachedFrameMaxGrowth >= 1)) yield return $"Images:DetachedFrameMaxGrowth: {DetachedFrameMaxGrowth} must be at least 1 (1 frames the main cluster alone)";
        if (!(DetachedRingChargeRefE > 0)) yield return $"Images:DetachedRingChargeRefE: {DetachedRingChargeRefE} must be positive";
        if (DetachedRingGrowthPerDecade is not (>= 0 and <= 2)) yield return $"Images:DetachedRingGrowthPerDecade: {DetachedRingGrowthPerDecade} is not in 0..2";
        if (DetachedMarkerMinPx is not (>= 0 and <= 40)) yield return $"Images:DetachedMarkerMinPx: {DetachedMarkerMinPx} is not in 0..40";
        if (!(PairArmChargeInnerMm >= 0)) yield return $"Images:PairArmChargeInnerMm: {PairArmChargeInnerMm} must not be negative";
        if (!(PairApexMinShiftMm >= 0)) yield return $"Images:PairApexMinShiftMm: {PairApexMinShiftMm} must not be negative";
        if (FittedPairMaxOffChargeDeg is not (> 0 and <= 180)) yield return $"Images:FittedPairMaxOffChargeDeg: {FittedPairMaxOffChargeDeg} is not in (0, 180]";
        if (!(PairArmChargeOuterMm > PairArmChargeInnerMm)) yield return $"Images:PairArmChargeOuterMm: {PairArmChargeOuterMm} must be larger than Images:PairArmChargeInnerMm ({PairArmChargeInnerMm})";
        if (!(PairArmTubeMm > 0)) yield return $"Images:PairArmTubeMm: {PairArmTubeMm} must be positive";
        if (!(PairArmMinRunMm >= 0)) yield return $"Images:PairArmMinRunMm: {PairArmMinRunMm} must not be negative";
        if (!(MinFrameMm > 0)) yield return $"Images:MinFrameMm: {MinFrameMm} must be positive";
        if (FramePaddingFraction is < 0 or > 1) yield return $"Images:FramePaddingFraction: {FramePaddingFraction} is not in 0..1";
        if (!(MicrometresBelowMm >= 0)) yield return $"Images:MicrometresBelowMm: {MicrometresBelowMm} must not be negative";
        if (EventDisplayMaxPoints is < 1000 or > 2_000_000) yield return $"Images:EventDisplayMaxPoints: {EventDisplayMaxPoints} is not in 1000..2000000";
        if (OverviewFraction is < 0 or > 0.6) yield return $"Images:OverviewFraction: {OverviewFraction} is not in 0..0.6";
        if (!Rendering.Colormap.TryGet(Colormap, out _))
            yield return $"Images:Colormap: '{Colormap}' is not one of {string.Join(", ", Rendering.Colormap.Names)}";
    }
}
