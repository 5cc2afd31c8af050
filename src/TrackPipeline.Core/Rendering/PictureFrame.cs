using TrackPipeline.Topology;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>
/// The cube a track picture is about (centre and side, mm) and a caption saying what it is: the main cluster of an
/// electron, or the vertex of a pair as the topology stage found it from the charge (never the truth vertex).
/// </summary>
public sealed record PictureFrame(Vec3 CentreMm, double SideMm, string Subject)
{
    /// <summary>
    /// Steepest view of a V. Was 55 deg (the cube's axes crowded and tick labels collided); the axes now leave out a tick
    /// label that would overlap another, so a V lying near the anode plane is seen within 15 deg of face-on instead of
    /// squashed at 55 deg. At 90 the x and y axes lose their depth cue entirely: the XY projection shows that view.
    /// </summary>
    private const double MaxElevationDeg = 75;

    /// <summary>Camera elevation and azimuth (degrees) of the 3D panels; null = matplotlib's default (30, -60).</summary>
    public (double ElevationDeg, double AzimuthDeg)? View { get; init; }

    /// <summary>
    /// The V frame's vertex, drawn as the <c>+</c> (mm): where the dashed arms start when they follow the charge (the
    /// charge's apex, <see cref="ChargeArms"/>), else the vertex the frame was built around; null for a main-cluster frame.
    /// </summary>
    public Vec3? Vertex { get; init; }

    /// <summary>Detached significant clusters of the event (drawn in teal, each at least a ringed marker), for the caption.</summary>
    public int DetachedClusters { get; init; }

    /// <summary>How many of <see cref="DetachedClusters"/> have their centre inside the frame; the rest are in the whole-event inset.</summary>
    public int DetachedInFrame { get; init; }

    /// <summary>
    /// The two arms of the V and where they start: as its charge shows them (<see cref="ChargeArms"/>, from where the charge
    /// near the vertex ends, which may lie behind the vertex <c>+</c>) when
    /// <see cref="ArmsFollowCharge"/>, else the vertex finder's directions from the vertex; null for other frames.
    /// </summary>
    public VArms? Arms { get; init; }

    /// <summary>The arms are the directions of the charge's first cm from the vertex (not the vertex finder's fit).</summary>
    public bool ArmsFollowCharge { get; init; }

    /// <summary>
    /// The charge shows a V at <see cref="Vertex"/> (<see cref="ChargeNearVertex.ShowsV"/>). False for a frame on a candidate
    /// vertex of a track called a pair where no candidate shows one (the round-9 fallback): its caption and key then say
    /// "no V resolved" and never "on the V" (round 12: 7 sample tracks claimed a V their charge did not show there).
    /// </summary>
    public bool VResolved { get; init; }

    /// <summary>
    /// The reconstruction fitted a pair (<see cref="FramingEvidence.RecoPair"/>), whose opening angle and energy split the
    /// picture's header shows ("reco: V opening 31.2 deg"). A frame where the charge's first-cm test fails then says the V
    /// was fitted and what the charge at the <c>+</c> does not show, never "no V resolved" under a header giving that V's
    /// opening (round 12's breaker: 50 MeV T1332032077 and 20 MeV T1332284855 said both, over a V plain 10-40 mm out).
    /// </summary>
    public bool VFitted { get; init; }

    /// <summary>
    /// Why the reconstruction's fitted pair (<see cref="FramingEvidence.RecoPair"/>) is not trusted: by the rule a V frame
    /// trusts it by ("energy split 0.17 < 0.2"), or, in a V frame whose arms follow the charge, a fitted line farther than
    /// <see cref="RenderOptions.FittedPairMaxOffChargeDeg"/> from both arms. The event page then starts its fitted lepton
    /// lines hidden and says why; null when the fit is trusted or there is none.
    /// </summary>
    public string? FittedPairDoubt { get; init; }

    /// <summary>Angle (deg) between a fitted lepton direction and the nearer of the two arms of the V on the charge.</summary>
    public static double OffChargeDeg(Vec3 fitted, VArms charge)
    {
        static double Deg(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(a.Dot(b) / Math.Max(1e-12, a.Length * b.Length), -1, 1)) * 180 / Math.PI;
        return Math.Min(Deg(fitted, charge.A), Deg(fitted, charge.B));
    }

    /// <summary>
    /// The fit's lines against the V its charge shows: a line farther than <paramref name="maxDeg"/> from both arms runs
    /// along neither lepton (the page would show it beside the V, as if it were one); null when both lie within.
    /// </summary>
    /// <param name="showsV">The charge's arms are a V's; else the charge leaving a candidate vertex where no V was resolved.</param>
    private static string? OffCharge(Reconstruction.PairKinematics p, VArms charge, double maxDeg, bool showsV)
    {
        double off = Math.Max(OffChargeDeg(p.A.Direction, charge), OffChargeDeg(p.B.Direction, charge));
        var i = System.Globalization.CultureInfo.InvariantCulture;
        string arms = showsV ? "the V on the charge" : "the charge leaving the vertex";
        return off > maxDeg ? $"a fitted line {off.ToString("0", i)} deg off {arms} > {maxDeg.ToString("0", i)} deg" : null;
    }

    /// <summary>Null when <paramref name="p"/> is confident (<see cref="Candidates"/>'s rule), else the reason in numbers.</summary>
    public static string? Doubt(Reconstruction.PairKinematics? p, RenderOptions options)
    {
        if (p is null) return null;
        var i = System.Globalization.CultureInfo.InvariantCulture;
        if (p.EnergySplit < options.PairFrameMinEnergySplit)
            return $"energy split {p.EnergySplit.ToString("0.00", i)} < {options.PairFrameMinEnergySplit.ToString("0.0#", i)}";
        if (p.OpeningAngleDeg > options.PairFrameMaxOpeningDeg)
            return $"opening {p.OpeningAngleDeg.ToString("0", i)} deg > {options.PairFrameMaxOpeningDeg.ToString("0", i)} deg";
        return null;
    }

    /// <summary>What the key says of the vertex and its dashed arms; null without a vertex.</summary>
    public string? VertexKey => Vertex is null ? null
        : !VResolved ? "candidate pair vertex from the charge (+), " + (VFitted ? "V fitted by the reconstruction, its first cm not two arms in the charge there" : "no V resolved in the charge there") + "; dashed: "
            + (ArmsFollowCharge ? "charge leaving it, as far as the charge follows" : "the vertex finder's lepton directions, as far as the charge follows them")
        : ArmsFollowCharge ? "pair vertex found from the charge (+); dashed: each lepton's first cm of charge, from where the charge starts, as far as the charge follows it"
        : "pair vertex found from the charge (+), the vertex finder's lepton directions (dashed, as far as the charge follows them)";

    /// <summary>
    /// "12 mm frame on the V at the reconstructed vertex (+), 3 detached clusters (teal), all outside the frame (inset)":
    /// the plus marks that vertex in the panels; how many sub-tracks the frame holds and how many only the inset shows.
    /// </summary>
    public string Label(LengthUnit unit) => $"{unit.Format(SideMm)} frame on the {Subject}" + (Vertex is null || SubjectMarksVertex ? "" : " (+)") + DetachedCaption();

    /// <summary>The subject already says which point the <c>+</c> is ("V where its charge starts (+), 4.4 mm behind ...").</summary>
    public bool SubjectMarksVertex { get; init; }

    private string DetachedCaption()
    {
        if (DetachedClusters == 0) return "";
        string n = $"{DetachedClusters} detached cluster{(DetachedClusters == 1 ? "" : "s")} (teal rings)";
        int outside = DetachedClusters - DetachedInFrame;
        return outside == 0 ? $", {n}, all in the frame"
            : DetachedInFrame == 0 ? $", {n}, {(DetachedClusters == 1 ? "outside" : "all outside")} the frame (inset)"
            : $", {n}: {DetachedInFrame} in the frame, {outside} outside (inset)";
    }

    public bool Contains(float x, float y, float z)
    {
        double h = SideMm / 2;
        return Math.Abs(x - CentreMm.X) <= h && Math.Abs(y - CentreMm.Y) <= h && Math.Abs(z - CentreMm.Z) <= h;
    }

    /// <summary>
    /// Tracks the charge calls a pair (<see cref="FramingEvidence.LooksLikePair"/>) with a confident vertex: the V, as
    /// the main-cluster charge within a reach of that vertex set by the radius at which its prongs separated (at least
    /// <see cref="RenderOptions.PairFrameMinMm"/>), the cube centred on that charge (not on the vertex, which left half
    /// the panel empty behind the apex), seen face-on. Everything else: the main cluster's box.
    /// </summary>
    /// <param name="deposits">The raw deposits, in the order of <see cref="ChargeClusters.Roles"/>.</param>
    public static PictureFrame Of(Deposits deposits, ChargeClusters clusters, FramingEvidence evidence, RenderOptions options)
    {
        if (evidence.LooksLikePair && VertexShowingV(deposits, clusters, evidence, options) is var (v, charge, showsV))
        {
            // The picture's vertex (+) is where its dashed arms start: the charge's apex, which lies behind the vertex
            // finder's estimate when that sits up one arm (ChargeArms). One vertex per picture: the 50 MeV weird pair
            // T1332400307's + was the raw-charge vertex 4.8 mm up its steeper arm while the arms started at the apex.
            var plus = charge.Near is { } near ? near.ApexMm : v.VertexMm;
            double behindMm = (plus - v.VertexMm).Length;
            var (armsLo, armsHi) = (charge.LoMm, charge.HiMm);
            // The apex stays clear of the box edges and their tick labels (it was the box corner: the arms start there).
            double armsExtent = Math.Max(Math.Max(armsHi.X - armsLo.X, armsHi.Y - armsLo.Y), armsHi.Z - armsLo.Z);
            var apexRoom = options.PairFrameApexRoomFraction * armsExtent * new Vec3(1, 1, 1);
            var (aLo, aHi) = (plus - apexRoom, plus + apexRoom);
            armsLo = new Vec3(Math.Min(armsLo.X, aLo.X), Math.Min(armsLo.Y, aLo.Y), Math.Min(armsLo.Z, aLo.Z));
            armsHi = new Vec3(Math.Max(armsHi.X, aHi.X), Math.Max(armsHi.Y, aHi.Y), Math.Max(armsHi.Z, aHi.Z));
            double extent = Math.Max(Math.Max(armsHi.X - armsLo.X, armsHi.Y - armsLo.Y), armsHi.Z - armsLo.Z);
            double vSide = Math.Max(extent * (1 + options.FramePaddingFraction), options.PairFrameMinMm);
            // The V as its charge shows it (ChargeArms): the drawn arms from each lepton's first cm, the plane it is seen
            // face-on from over the whole reach of the frame, where the two leptons are well apart (in their first cm they
            // may still overlap: that plane was 56 deg off the fit's on the 50 MeV pair T1332576498 and showed the V edge-on).
            // The vertex finder's own directions where the charge does not split in two.
            var arms = charge.Near ?? charge.Fitted;
            var (planeA, planeB) = charge.Wide is { } wide ? (wide.A, wide.B) : (arms.A, arms.B);
            // Look at the V face-on: along the normal of the plane of its two arms (the default view can see it end-on).
            var normal = planeA.Cross(planeB).Normalized();
            if (normal.Z < 0) normal = -1 * normal;
            double elevation = Math.Clamp(Math.Asin(Math.Clamp(normal.Z, -1, 1)) * 180 / Math.PI, -MaxElevationDeg, MaxElevationDeg);
            double azimuth = Math.Atan2(normal.Y, normal.X) * 180 / Math.PI;
            // Where no candidate shows a V the frame is still the charge around one (the round-9 fallback: the reader sees
            // what the charge does there), but the caption says so and claims no V (round 12, docs/pictures.md).
            string behind = LengthUnit.Millimetre.Format(behindMm);
            string vSubject = !showsV
                ? (behindMm == 0 ? $"charge around {v.Finder} (+)" : $"charge around where it starts (+), {behind} behind {v.Finder}")
                    + (evidence.RecoPair is not null
                        ? $": called a pair, V fitted by the reconstruction; at the + {NoVReason(charge, options)}"
                        : $": called a pair, no V resolved there ({NoVReason(charge, options)})")
                : behindMm == 0 ? v.Subject
                : $"V where its charge starts (+), {behind} behind {v.Finder}";
            var vFrame = new PictureFrame(0.5 * (armsLo + armsHi), vSide, vSubject)
            {
                DetachedClusters = clusters.SignificantDetached,
                View = normal.Length > 0.5 ? (elevation, azimuth) : null,
                Vertex = plus,
                SubjectMarksVertex = behindMm != 0 || !showsV,
                VResolved = showsV,
                VFitted = evidence.RecoPair is not null,
                Arms = arms,
                ArmsFollowCharge = charge.Near is not null,
                FittedPairDoubt = Doubt(evidence.RecoPair, options)
                    ?? (charge.Near is { } onCharge && evidence.RecoPair is { } fit ? OffCharge(fit, onCharge, options.FittedPairMaxOffChargeDeg, showsV) : null),
            };
            return vFrame with { DetachedInFrame = vFrame.CountInside(clusters.Detached) };
        }
        var (lo, hi) = clusters.MainBoxMm;
        // Brem sub-tracks are what a brem electron's picture is about: the frame takes in the detached clusters nearest
        // first, as long as the primary still spans 1 / DetachedFrameMaxGrowth of the frame (a readable line); the rest
        // stay in the whole-event inset. Each one in the frame is drawn at least as a ring, so its size does not matter.
        var mainCentre = 0.5 * (lo + hi);
        double mainSize = Math.Max(Math.Max(Math.Max(hi.X - lo.X, hi.Y - lo.Y), hi.Z - lo.Z), options.MinFrameMm);
        var nearestFirst = clusters.Detached.OrderBy(d => (d.CentreMm - mainCentre).Length).ToList();   // a few per track, not per point
        foreach (var d in nearestFirst)
        {
            var nlo = new Vec3(Math.Min(lo.X, d.MinMm.X), Math.Min(lo.Y, d.MinMm.Y), Math.Min(lo.Z, d.MinMm.Z));
            var nhi = new Vec3(Math.Max(hi.X, d.MaxMm.X), Math.Max(hi.Y, d.MaxMm.Y), Math.Max(hi.Z, d.MaxMm.Z));
            if (Math.Max(Math.Max(nhi.X - nlo.X, nhi.Y - nlo.Y), nhi.Z - nlo.Z) > options.DetachedFrameMaxGrowth * mainSize) break;
            (lo, hi) = (nlo, nhi);
        }
        double side = Math.Max(Math.Max(hi.X - lo.X, hi.Y - lo.Y), hi.Z - lo.Z);
        side = Math.Max(side * (1 + options.FramePaddingFraction), options.MinFrameMm);
        var mid = 0.5 * (lo + hi);
        // Called a pair but no vertex with two prongs was found: say so, the reader would look for a V.
        string subject = side > mainSize * (1 + options.FramePaddingFraction) + 1e-9 ? "main cluster and its nearest detached clusters" : "main cluster";
        if (evidence.LooksLikePair) subject += " (called a pair; no V vertex found in the charge)";
        if (deposits.Count > 0 && deposits.TotalElectrons() == 0) subject = "deposits (none holds charge)";
        var frame = new PictureFrame(mid, side, subject) { DetachedClusters = clusters.SignificantDetached, FittedPairDoubt = Doubt(evidence.RecoPair, options) };
        return frame with { DetachedInFrame = frame.CountInside(clusters.Detached) };
    }

    /// <summary>
    /// Which of <see cref="ChargeNearVertex.ShowsV"/>'s tests the charge at a candidate vertex fails, in its order, in the
    /// words of what was measured: a V may still open farther out (the 50 MeV pair T1332032077: one lepton's first cm is not
    /// on charge from the apex, the two lines plain 10-40 mm out), so the caption says what was not found, not that there is no V.
    /// </summary>
    private static string NoVReason(ChargeNearVertex charge, RenderOptions options)
    {
        if (charge.Near is not { ChargeRunAMm: > 0, ChargeRunBMm: > 0 }) return "its first cm of charge is not two arms";
        if (charge.ChargeBehind > options.PairApexMaxChargeBehind)
            return $"{charge.ChargeBehind.ToString("0%", System.Globalization.CultureInfo.InvariantCulture)} of the charge around it lies behind it";
        return "its two arms are one line at this scale";
    }

    /// <summary>How many of the clusters have their centre inside the frame.</summary>
    private int CountInside(IReadOnlyList<DetachedCluster> detached)
    {
        int n = 0;
        foreach (var d in detached)
        {
            var c = d.CentreMm;
            if (Contains((float)c.X, (float)c.Y, (float)c.Z)) n++;
        }
        return n;
    }

    /// <summary>A candidate vertex of the V, as the frame needs it (mm); directions are the vertex finder's (unit).</summary>
    /// <param name="WithoutV">Framed on even where the charge shows no V there (the rule before round 9: a confident
    /// reconstructed pair, else the raw-deposit vertex); the other candidates only where it does.</param>
    /// <param name="Finder">Which vertex it is, for a caption where the <c>+</c> is not on it: "the vertex found from the raw charge".</param>
    private readonly record struct VertexView(Vec3 VertexMm, double ReachMm, Vec3 DirectionA, Vec3 DirectionB, string Subject, string Finder, bool WithoutV = true);

    /// <summary>
    /// The first candidate vertex (<see cref="Candidates"/>) at which the charge shows a V (<see cref="ChargeNearVertex.ShowsV"/>:
    /// two arms on charge, almost no charge behind the apex, the arms apart at the picture's scale), with its charge; without one, the vertex the frame was built
    /// on before round 9 (a confident reconstructed pair, else the raw-deposit vertex: its picture then shows what the
    /// charge does there, ShowsV false, and its caption says no V was resolved); null without any.
    /// <para>
    /// Why: a vertex finder's estimate may sit where the two leptons cross, or on a loop of one of them, with charge all
    /// around it: the 50 MeV weird pair T1332240929 was framed on its raw-charge vertex 15 mm down the V, where its leptons
    /// cross in XY (the arms ran along neither, the true apex lay outside the frame), while the reconstruction's vertex
    /// from the pixels sat at the apex. Each candidate costs one walk over the deposits; only tracks called a pair.
    /// </para>
    /// </summary>
    private static (VertexView Vertex, ChargeNearVertex Charge, bool ShowsV)? VertexShowingV(Deposits deposits, ChargeClusters clusters, FramingEvidence evidence, RenderOptions options)
    {
        (VertexView, ChargeNearVertex, bool)? first = null;
        var visible = new VVisible(options.PairVEndApartMm, options.PairVGapMm, options.PairVGapRunMm);
        foreach (var v in Candidates(evidence, options))
        {
            // One walk over the charge: the V's extent, its arms' first cm and the plane of its arms over the whole reach.
            var charge = ChargeArms.Of(deposits, clusters.Roles, v.VertexMm, v.ReachMm, options.PairArmChargeInnerMm, options.PairArmChargeOuterMm, options.PairApexMinShiftMm,
                new ArmOnCharge(options.PairArmTubeMm, options.PairArmMinRunMm), v.DirectionA, v.DirectionB, options.PairVGapMm);
            if (charge.ShowsV(options.PairApexMaxChargeBehind, visible)) return (v, charge, true);
            if (v.WithoutV) first ??= (v, charge, false);
        }
        return first;
    }

    /// <summary>
    /// The vertices a V frame may be built on, in order: the reconstruction's pair when it is confident; the topology
    /// stage's raw-deposit vertex when it has two prongs (these two, in this order, were the only ones until round 9);
    /// the reconstruction's vertex from the pixels (its photon line's start, also found where no second lepton was
    /// fitted), taken only where the charge shows a V there and at neither of the others. Confident = the lighter lepton
    /// carries at least <see cref="RenderOptions.PairFrameMinEnergySplit"/> of the harder one's energy and the two leave
    /// forward (opening angle at most <see cref="RenderOptions.PairFrameMaxOpeningDeg"/>): a "lepton" of a few per cent
    /// is a side branch of one track. Why the pixel vertex last: on the sample the old choice shows a V wherever it did
    /// before, and where both show one the raw vertex was the nearer to the truth (20 MeV T1332108719: 5 against 47 mm;
    /// evaluation only, docs/pictures.md round 9).
    /// <para>
    /// The reach: the arms out to a few split radii, where they are several linking lengths apart (clearly two tracks)
    /// and multiple scattering (X0 = 14 cm) has not yet bent them out of the plane. The V's shape does not depend on the
    /// reach (a straight V is scale-free); the reach sets how far apart the arms are compared to their width. A vertex
    /// without a measured split radius gets <see cref="RenderOptions.PairFrameUnsplitReachMm"/>.
    /// </para>
    /// </summary>
    private static IEnumerable<VertexView> Candidates(FramingEvidence e, RenderOptions options)
    {
        double Reach(double splitRadiusMm) => Math.Max(options.PairFrameMinMm, options.PairFrameSplitRadii * splitRadiusMm);
        var p = e.RecoPair;
        bool confident = p is not null && Doubt(p, options) is null;
        if (confident)
            yield return new VertexView(1000 * p!.Vertex, Reach(p.SplitRadiusMm), p.A.Direction, p.B.Direction, "V at the reconstructed vertex", "the reconstructed vertex");
        if (e.RawVertex is { SignificantProngs: >= 2 } r)
            yield return new VertexView(1000 * r.Vertex, Reach(1000 * r.RadiusM), r.DirectionA, r.DirectionB, "V at the vertex found from the raw charge", "the vertex found from the raw charge");
        if (e.RecoVertex is { } rv && !(confident && (rv - p!.Vertex).Length == 0))
        {
            // Without fitted leptons the vertex finder has no directions: the raw vertex's, else none (the arms are the charge's).
            var (a, b) = p is not null ? (p.A.Direction, p.B.Direction)
                : e.RawVertex is { SignificantProngs: >= 2 } r0 ? (r0.DirectionA, r0.DirectionB) : (Vec3.Zero, Vec3.Zero);
            double reach = p is not null ? Reach(p.SplitRadiusMm) : Math.Max(options.PairFrameMinMm, options.PairFrameUnsplitReachMm);
            // The caption then says "reco: no V fitted" (KeyFigures): the frame must not claim a fitted V where there is none.
            string subject = p is not null ? "V at the reconstructed vertex" : "V seen in the charge at the reconstructed vertex, no pair fitted there";
            string finder = p is not null ? "the reconstructed vertex" : "the reconstructed vertex (no pair fitted there)";
            yield return new VertexView(1000 * rv, reach, a, b, subject, finder, WithoutV: false);
        }
    }
}

/// <summary>Millimetres, or micrometres for sub-millimetre frames (a 100 keV electron is ~0.1 mm long).</summary>
public readonly record struct LengthUnit(double PerMm, string Name)
{
    public static readonly LengthUnit Millimetre = new(1, "mm");
    public static readonly LengthUnit Micrometre = new(1000, "\u00b5m");

    public static LengthUnit For(double sideMm, RenderOptions options) => sideMm < options.MicrometresBelowMm ? Micrometre : Millimetre;

    /// <summary>
    /// The unit of a frame's axes: um for a small frame near the origin, where mm ticks would read 0.00, 0.02; but mm
    /// (with decimals) once the frame lies 10 mm or more from the origin, where um ticks read "-130500" (seen on the
    /// sample's 1 MeV Compton electrons, 20-240 mm out).
    /// </summary>
    public static LengthUnit For(PictureFrame frame, RenderOptions options)
    {
        var c = frame.CentreMm;
        double reach = Math.Max(Math.Abs(c.X), Math.Max(Math.Abs(c.Y), Math.Abs(c.Z))) + frame.SideMm / 2;
        return reach >= 10 ? Millimetre : For(frame.SideMm, options);
    }

    public string Format(double mm)
    {
        double v = mm * PerMm;
        return v.ToString(v >= 10 ? "0" : "0.#", System.Globalization.CultureInfo.InvariantCulture) + " " + Name;
    }
}
