using System.Buffers;
using TrackPipeline.Tracks;

namespace TrackPipeline.Rendering;

/// <summary>The V as its charge shows it: the point where its two arms meet (mm) and each arm's direction (unit vectors, away from it).</summary>
public readonly record struct VArms(Vec3 ApexMm, Vec3 A, Vec3 B)
{
    /// <summary>
    /// How far from the apex (mm) the main-cluster charge runs unbroken along <see cref="A"/> within the arm's tube
    /// (<see cref="ChargeArms.RunAlong"/>); 0: the arm is not on charge and is not drawn.
    /// </summary>
    public double ChargeRunAMm { get; init; }

    /// <summary>The same along <see cref="B"/>.</summary>
    public double ChargeRunBMm { get; init; }
}

/// <summary>
/// The main-cluster charge around a pair vertex, gathered in one walk over the deposits: its bounding box (the V frame's
/// extent), the two arms of its first cm (<see cref="Near"/>, drawn dashed), the vertex finder's own directions from the
/// vertex (<see cref="Fitted"/>, drawn where the charge does not split in two), each with how far its charge runs along
/// it, and the two directions over the frame's whole reach (<see cref="Wide"/>, the plane the V is seen face-on from).
/// </summary>
/// <param name="ChargeBehind">Fraction of the charge of the shell around the drawn apex (the vertex without <paramref name="Near"/>)
/// that lies behind it (<see cref="ChargeArms.BehindFraction"/>): ~0 at a V's apex, ~0.5 where tracks cross or one runs through.</param>
/// <param name="GapRunMm">How far along the V the two <see cref="Wide"/> arms show a charge-free band between them (<see cref="ChargeArms.GapRunMm"/>); 0 without them.</param>
public readonly record struct ChargeNearVertex(Vec3 LoMm, Vec3 HiMm, VArms? Near, VArms Fitted, VArms? Wide, double ChargeBehind, double GapRunMm)
{
    /// <summary>
    /// How far (mm) the end of the shorter drawn arm lies from the other arm's line (its run times the sine of their
    /// opening); 0 without two drawn arms.
    /// </summary>
    public double EndApartMm => Near is { ChargeRunAMm: > 0, ChargeRunBMm: > 0 } n
        ? Math.Min(n.ChargeRunAMm, n.ChargeRunBMm) * n.A.Cross(n.B).Length : 0;

    /// <summary>
    /// The charge shows a V at this vertex: it splits into two arms that each lie on charge from the apex out, almost
    /// none of it lies behind the apex (at most <paramref name="maxChargeBehind"/>; a conversion has no charge behind its
    /// apex), and the two arms are apart at the picture's scale (<paramref name="visible"/>): their ends apart, or a
    /// charge-free band between them over a stretch of the frame. Two "arms" a few degrees apart along one straight track
    /// pass the first two tests but the picture shows one line (50 MeV electron T1337378167, round 9 mend).
    /// </summary>
    public bool ShowsV(double maxChargeBehind, VVisible visible) =>
        Near is { ChargeRunAMm: > 0, ChargeRunBMm: > 0 } && ChargeBehind <= maxChargeBehind
        && (EndApartMm > visible.EndApartMm || GapRunMm >= visible.GapRunMm);
}

/// <summary>
/// When a V's two arms are apart at the picture's scale: the shorter drawn arm's end lies more than
/// <paramref name="EndApartMm"/> from the other arm's line, or the charge seen in the plane of the whole-reach arms leaves a
/// band at least <paramref name="GapMm"/> wide free between them over at least <paramref name="GapRunMm"/> along the V.
/// </summary>
public readonly record struct VVisible(double EndApartMm, double GapMm, double GapRunMm);

/// <summary>
/// When a dashed arm lies on charge: main-cluster charge within <paramref name="TubeMm"/> of the arm's line, in every
/// stretch of <paramref name="TubeMm"/> along it (one empty stretch bridged), out to at least <paramref name="MinRunMm"/>
/// from the apex; the arm is drawn as far as that charge runs.
/// </summary>
public readonly record struct ArmOnCharge(double TubeMm, double MinRunMm);

/// <summary>
/// The two arms of a V as its charge shows them: the main-cluster deposits between <see cref="RenderOptions.PairArmChargeInnerMm"/>
/// and <see cref="RenderOptions.PairArmChargeOuterMm"/> of the apex (each lepton's first centimetre), split into two groups
/// by direction, each arm the charge-weighted mean direction of its group. The apex is the vertex found from the charge,
/// unless the charge near it ends more than <see cref="RenderOptions.PairApexMinShiftMm"/> behind it: then the arms are
/// drawn from where the charge ends.
/// <para>
/// Why the apex from the charge: the vertex found from the raw charge sits where the prongs have separated, often 2-4 mm
/// ahead of the apex on one arm; seen from there the other arm's charge lies back along the first arm, so one dashed arm
/// pointed back along the arm the <c>+</c> sits on, into the space between the leptons, and the other lepton had no
/// dashed line (the sample's 20 MeV pair T1332108719, the golden V; session 7). A conversion has no charge behind its
/// apex: the charge's end is where the two leptons start. The picture's <c>+</c> is drawn there too (PictureFrame.Vertex;
/// picmend10: it stayed on the vertex finder's estimate, 4.8 mm up one arm of the 50 MeV pair T1332400307).
/// </para>
/// <para>
/// Why not the reconstruction's fitted lepton directions: they missed the charge by 20-60 deg on the sample's pair pictures
/// (known issue S6). Reads only the deposits and the vertex found from the charge, never the truth.
/// </para>
/// </summary>
public static class ChargeArms
{
    /// <summary>Fewest deposits in the shell, and least charge fraction of the weaker arm, to call the split two arms.</summary>
    private const int MinDeposits = 8;
    private const double MinArmChargeFraction = 0.1;

    /// <summary>Assign-and-average rounds of the split (it settles in 2-4 on a V).</summary>
    private const int Rounds = 8;

    /// <summary>
    /// The main-cluster charge within <paramref name="reachMm"/> of <paramref name="vertexMm"/>: its bounding box (vertex
    /// included), the arms of its shell [<paramref name="innerMm"/>, min(<paramref name="outerMm"/>, reach)] and the two
    /// directions of its shell [inner, reach]. One walk over the deposits; the splits work on the charge within reach only.
    /// </summary>
    /// <param name="deposits">Raw deposits (m), in the order of <paramref name="roles"/>.</param>
    /// <param name="fitA">The vertex finder's direction of one lepton (unit), <paramref name="fitB"/> of the other.</param>
    /// <param name="gapMm">Width of the charge-free band between the whole-reach arms that counts (<see cref="GapRunMm"/>).</param>
    public static ChargeNearVertex Of(Deposits deposits, ChargeRole[] roles, Vec3 vertexMm, double reachMm, double innerMm, double outerMm, double apexMinShiftMm,
        ArmOnCharge onCharge, Vec3 fitA, Vec3 fitB, double gapMm)
    {
        var x = deposits.X; var y = deposits.Y; var z = deposits.Z; var q = deposits.NumElectrons;
        double x0 = vertexMm.X, x1 = x0, y0 = vertexMm.Y, y1 = y0, z0 = vertexMm.Z, z1 = z0;
        double reach2 = reachMm * reachMm;
        // Offsets from the vertex (mm) and charge of each main-cluster deposit within reach, pooled.
        var near = ArrayPool<double>.Shared.Rent(4 * Math.Max(1, roles.Length));
        try
        {
            int n = 0;
            for (int i = 0; i < roles.Length; i++)
            {
                if (roles[i] != ChargeRole.Main) continue;
                double px = 1000 * x[i], py = 1000 * y[i], pz = 1000 * z[i];
                double dx = px - vertexMm.X, dy = py - vertexMm.Y, dz = pz - vertexMm.Z;
                if (dx * dx + dy * dy + dz * dz > reach2) continue;
                x0 = Math.Min(x0, px); x1 = Math.Max(x1, px);
                y0 = Math.Min(y0, py); y1 = Math.Max(y1, py);
                z0 = Math.Min(z0, pz); z1 = Math.Max(z1, pz);
                if (q[i] <= 0) continue;
                near[4 * n] = dx; near[4 * n + 1] = dy; near[4 * n + 2] = dz; near[4 * n + 3] = q[i];
                n++;
            }
            var charge = near.AsSpan(0, 4 * n);
            var arms = Arms(charge, innerMm, Math.Min(outerMm, reachMm), apexMinShiftMm);
            VArms? wide = Directions(charge, Vec3.Zero, innerMm, reachMm) is var (wa, wb) ? new VArms(vertexMm, wa, wb) : null;
            // Each drawn arm only as far as its charge runs along it: an arm of a three-prong crossing split two ways runs
            // between two prongs, on neither (50 MeV weird pair T1332442354, breaker7 B2), and is then not drawn at all.
            VArms? drawn = arms is { } a ? a with
            {
                ApexMm = vertexMm + a.ApexMm,
                ChargeRunAMm = RunAlong(charge, a.ApexMm, a.A, reachMm, onCharge),
                ChargeRunBMm = RunAlong(charge, a.ApexMm, a.B, reachMm, onCharge),
            } : null;
            var fitted = new VArms(vertexMm, fitA, fitB)
            {
                ChargeRunAMm = RunAlong(charge, Vec3.Zero, fitA, reachMm, onCharge),
                ChargeRunBMm = RunAlong(charge, Vec3.Zero, fitB, reachMm, onCharge),
            };
            double behind = BehindFraction(charge, arms?.ApexMm ?? Vec3.Zero, innerMm, Math.Min(outerMm, reachMm));
            double gapRun = wide is { } w ? GapRunMm(charge, w.A, w.B, reachMm, onCharge.TubeMm, gapMm) : 0;
            return new ChargeNearVertex(new Vec3(x0, y0, z0), new Vec3(x1, y1, z1), drawn, fitted, wide, behind, gapRun);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(near);
        }
    }

    /// <summary>
    /// The fraction of the charge in the shell [inner, outer] around <paramref name="apex"/> (an offset from the vertex, like
    /// the charge's) that lies behind it: in the half-space opposite the shell's charge-weighted mean direction. A pair's
    /// two leptons both leave its apex forward, so there it is near 0; where two tracks cross, or a track runs through the
    /// point, the charge leaves in opposite directions and about half lies behind (the 50 MeV weird pair T1332240929: the
    /// raw-charge vertex sat where its two leptons cross in XY, 15 mm down the V). 1 without charge in the shell.
    /// </summary>
    public static double BehindFraction(ReadOnlySpan<double> charge, Vec3 apex, double innerMm, double outerMm)
    {
        double in2 = innerMm * innerMm, out2 = outerMm * outerMm;
        var mean = Vec3.Zero;
        for (int i = 0; i < charge.Length; i += 4)
        {
            var d = new Vec3(charge[i] - apex.X, charge[i + 1] - apex.Y, charge[i + 2] - apex.Z);
            double r2 = d.Dot(d);
            if (r2 < in2 || r2 > out2 || r2 == 0) continue;
            mean += (charge[i + 3] / Math.Sqrt(r2)) * d;
        }
        if (mean.Length == 0) return 1;
        double behind = 0, total = 0;
        for (int i = 0; i < charge.Length; i += 4)
        {
            var d = new Vec3(charge[i] - apex.X, charge[i + 1] - apex.Y, charge[i + 2] - apex.Z);
            double r2 = d.Dot(d);
            if (r2 < in2 || r2 > out2) continue;
            total += charge[i + 3];
            if (d.Dot(mean) < 0) behind += charge[i + 3];
        }
        return total > 0 ? behind / total : 1;
    }

    /// <summary>Slices along a V's bisector, and cells across it, at most (a 100 mm reach in 0.75 mm cells is 134 slices).</summary>
    private const int MaxGapSlices = 160, MaxGapCells = 160;

    /// <summary>
    /// How far (mm along their bisector) two arms from the vertex show as two lines with a charge-free band at least
    /// <paramref name="gapMm"/> wide between them: the charge within <paramref name="reachMm"/> projected on the plane of
    /// <paramref name="a"/> and <paramref name="b"/> (a gap in a projection is a gap in 3D), in cells of
    /// <paramref name="cellMm"/> along the bisector and across it; in each slice across, the widest run of empty cells with
    /// charge on both sides; the longest stretch of consecutive slices where it is wide enough. Two "arms" split out of one
    /// straight track (its scatter on either side of one line) leave no such band; a delta ray leaving the line opens one
    /// only over its few mm. Why the whole reach: the leptons of a 50 MeV pair may run together over their first 15 mm
    /// (T1332240929: first-cm arms 3.6 deg apart) and show their Y only farther out.
    /// </summary>
    /// <param name="charge">Offsets from the vertex (mm) and charge, four numbers a deposit.</param>
    public static double GapRunMm(ReadOnlySpan<double> charge, Vec3 a, Vec3 b, double reachMm, double cellMm, double gapMm)
    {
        var across = a - b;
        var bisector = a + b;
        if (across.Length == 0 || bisector.Length == 0 || !(cellMm > 0) || !(reachMm > 0)) return 0;
        var e = across.Normalized();
        var m = bisector.Normalized();
        int slices = Math.Min(MaxGapSlices, (int)Math.Ceiling(reachMm / cellMm));
        int cells = Math.Min(MaxGapCells, 2 * slices);   // across: +-reach, the widest a V within reach can open
        double halfWidth = 0.5 * cells * cellMm;
        Span<bool> filled = stackalloc bool[MaxGapSlices * MaxGapCells];
        filled = filled[..(slices * cells)];
        filled.Clear();
        double reach2 = reachMm * reachMm;
        for (int i = 0; i < charge.Length; i += 4)
        {
            if (charge[i + 3] <= 0) continue;
            var d = new Vec3(charge[i], charge[i + 1], charge[i + 2]);
            if (d.Dot(d) > reach2) continue;
            double t = d.Dot(m), l = d.Dot(e);
            if (t < 0 || Math.Abs(l) >= halfWidth) continue;
            int s = (int)(t / cellMm), k = (int)((l + halfWidth) / cellMm);
            if (s < slices && k < cells) filled[s * cells + k] = true;
        }
        int minEmpty = Math.Max(1, (int)Math.Ceiling(gapMm / cellMm - 1e-9));
        int longest = 0, run = 0;
        for (int s = 0; s < slices; s++)
        {
            int widest = 0, empty = 0;
            bool seen = false;
            foreach (bool f in filled.Slice(s * cells, cells))
            {
                if (!f) { empty++; continue; }
                if (seen) widest = Math.Max(widest, empty);
                seen = true;
                empty = 0;
            }
            run = widest >= minEmpty ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest * cellMm;
    }

    /// <summary>Stretches along an arm at most (a 100 mm reach at the 0.5-1 mm tubes the pictures use is 100-200).</summary>
    private const int MaxStretches = 1024;

    /// <summary>
    /// How far (mm) the charge runs unbroken from <paramref name="apex"/> (an offset from the vertex, like the charge's)
    /// along <paramref name="direction"/>: the stretches of <see cref="ArmOnCharge.TubeMm"/> along the line that hold charge
    /// within the tube, counted from the apex until two in a row are empty; 0 when that run is shorter than
    /// <see cref="ArmOnCharge.MinRunMm"/>. Near the apex any direction between two prongs finds their charge in its tube
    /// (out to tube / sin of half their opening), so a short run says nothing: the arm is then not on charge.
    /// </summary>
    /// <param name="charge">Offsets from the vertex (mm) and charge, four numbers a deposit.</param>
    public static double RunAlong(ReadOnlySpan<double> charge, Vec3 apex, Vec3 direction, double reachMm, ArmOnCharge onCharge)
    {
        double tube = onCharge.TubeMm, tube2 = tube * tube;
        if (!(tube > 0) || !(reachMm > 0)) return 0;
        int stretches = Math.Min(MaxStretches, (int)Math.Ceiling(reachMm / tube));
        Span<bool> filled = stackalloc bool[MaxStretches];
        filled = filled[..stretches];
        for (int i = 0; i < charge.Length; i += 4)
        {
            if (charge[i + 3] <= 0) continue;
            var d = new Vec3(charge[i] - apex.X, charge[i + 1] - apex.Y, charge[i + 2] - apex.Z);
            double t = d.Dot(direction);
            if (t < 0) continue;
            int k = (int)(t / tube);
            if (k >= stretches || filled[k]) continue;
            if (d.Dot(d) - t * t <= tube2) filled[k] = true;
        }
        int last = -1;
        for (int k = 0; k < stretches; k++)
        {
            if (filled[k]) last = k;
            else if (k - last > 1) break;   // a second empty stretch in a row: the charge has left the line
        }
        double run = (last + 1) * tube;
        return run >= onCharge.MinRunMm ? Math.Min(run, reachMm) : 0;
    }

    /// <summary>
    /// The arms of the shell around the vertex (offsets from it), drawn from the V's apex as its charge shows it: a conversion
    /// has no charge behind its apex, so the apex is the deposit within <paramref name="outerMm"/> of the vertex that lies
    /// farthest back along the mean direction of that charge (the V's bisector, seen from the vertex). When it lies more
    /// than <paramref name="minShiftMm"/> from the vertex, and the charge really ends there (it is not at the edge of the
    /// ball, where a track would run on behind it), the arms are the two mean directions of the shell around it; else
    /// around the vertex. The apex is returned as an offset from the vertex.
    /// </summary>
    private static VArms? Arms(ReadOnlySpan<double> charge, double innerMm, double outerMm, double minShiftMm)
    {
        if (Directions(charge, Vec3.Zero, innerMm, outerMm) is not var (a, b)) return null;
        var atVertex = new VArms(Vec3.Zero, a, b);
        if (Tip(charge, outerMm) is not { } tip) return atVertex;
        double shift = tip.Length;
        if (shift <= minShiftMm || shift >= outerMm - minShiftMm) return atVertex;
        return Directions(charge, tip, innerMm, outerMm) is var (ta, tb) ? new VArms(tip, ta, tb) : atVertex;
    }

    /// <summary>
    /// The deposit (offset from the vertex) within <paramref name="outerMm"/> of the vertex farthest back along the charge's
    /// mean direction from the vertex; null without charge there.
    /// </summary>
    private static Vec3? Tip(ReadOnlySpan<double> charge, double outerMm)
    {
        double out2 = outerMm * outerMm;
        var mean = Vec3.Zero;
        for (int i = 0; i < charge.Length; i += 4)
        {
            var d = new Vec3(charge[i], charge[i + 1], charge[i + 2]);
            double r = d.Length;
            if (r * r > out2 || r == 0) continue;
            mean += (charge[i + 3] / r) * d;
        }
        if (mean.Length == 0) return null;
        var m = mean.Normalized();
        Vec3? tip = null;
        double least = 0;
        for (int i = 0; i < charge.Length; i += 4)
        {
            var d = new Vec3(charge[i], charge[i + 1], charge[i + 2]);
            if (d.Dot(d) > out2) continue;
            double along = d.Dot(m);
            if (tip is null || along < least) { tip = d; least = along; }
        }
        return tip;
    }

    /// <summary>
    /// The shell [inner, outer] around <paramref name="centre"/> split in two by direction: each group's charge-weighted
    /// mean direction from the centre; null when the shell holds too little charge or it leaves in one direction only.
    /// </summary>
    private static (Vec3 A, Vec3 B)? Directions(ReadOnlySpan<double> charge, Vec3 centre, double innerMm, double outerMm)
    {
        double in2 = innerMm * innerMm, out2 = outerMm * outerMm;
        int n = 0;
        for (int i = 0; i < charge.Length; i += 4)
        {
            double dx = charge[i] - centre.X, dy = charge[i + 1] - centre.Y, dz = charge[i + 2] - centre.Z;
            double r2 = dx * dx + dy * dy + dz * dz;
            if (r2 >= in2 && r2 <= out2) n++;
        }
        if (n < MinDeposits) return null;

        // Unit directions from the centre and their charges, pooled (a few thousand deposits at most in the shell).
        var u = ArrayPool<double>.Shared.Rent(3 * n);
        var w = ArrayPool<double>.Shared.Rent(n);
        try
        {
            int k = 0;
            for (int i = 0; i < charge.Length; i += 4)
            {
                double dx = charge[i] - centre.X, dy = charge[i + 1] - centre.Y, dz = charge[i + 2] - centre.Z;
                double r2 = dx * dx + dy * dy + dz * dz;
                if (r2 < in2 || r2 > out2) continue;
                double r = Math.Sqrt(r2);
                u[3 * k] = dx / r; u[3 * k + 1] = dy / r; u[3 * k + 2] = dz / r; w[k] = charge[i + 3];
                k++;
            }
            return Split(u.AsSpan(0, 3 * n), w.AsSpan(0, n));
        }
        finally
        {
            ArrayPool<double>.Shared.Return(u);
            ArrayPool<double>.Shared.Return(w);
        }
    }

    private static Vec3 Dir(ReadOnlySpan<double> u, int i) => new(u[3 * i], u[3 * i + 1], u[3 * i + 2]);

    /// <summary>
    /// Two-means on the unit sphere, seeded without any fit: the charge's mean direction (the V's bisector) and the
    /// principal axis of the directions across it (the V's opening, in its plane); the seeds are the bisector tilted
    /// either way along that axis.
    /// </summary>
    private static (Vec3 A, Vec3 B)? Split(ReadOnlySpan<double> u, ReadOnlySpan<double> w)
    {
        int n = w.Length;
        if (SeedsFromSpread(u, w) is not var (a, b)) return null;
        for (int round = 0; round < Rounds; round++)
        {
            Vec3 sa = new(0, 0, 0), sb = new(0, 0, 0);
            double wa = 0, wb = 0;
            for (int i = 0; i < n; i++)
            {
                var d = Dir(u, i);
                if (d.Dot(a) >= d.Dot(b)) { sa += w[i] * d; wa += w[i]; }
                else { sb += w[i] * d; wb += w[i]; }
            }
            if (wa < MinArmChargeFraction * (wa + wb) || wb < MinArmChargeFraction * (wa + wb) || sa.Length == 0 || sb.Length == 0) return null;
            a = sa.Normalized(); b = sb.Normalized();
        }
        return (a, b);
    }

    /// <summary>The bisector tilted either way along the directions' principal spread across it; null when there is no spread.</summary>
    private static (Vec3 A, Vec3 B)? SeedsFromSpread(ReadOnlySpan<double> u, ReadOnlySpan<double> w)
    {
        int n = w.Length;
        var mean = new Vec3(0, 0, 0);
        for (int i = 0; i < n; i++) mean += w[i] * Dir(u, i);
        if (mean.Length == 0) return null;
        var m = mean.Normalized();
        // Weighted covariance of the components across the bisector.
        double cxx = 0, cxy = 0, cxz = 0, cyy = 0, cyz = 0, czz = 0;
        for (int i = 0; i < n; i++)
        {
            var d = Dir(u, i);
            var t = d - d.Dot(m) * m;
            cxx += w[i] * t.X * t.X; cxy += w[i] * t.X * t.Y; cxz += w[i] * t.X * t.Z;
            cyy += w[i] * t.Y * t.Y; cyz += w[i] * t.Y * t.Z; czz += w[i] * t.Z * t.Z;
        }
        // Power iteration from the axis least along the bisector.
        var e = Math.Abs(m.X) < 0.6 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0);
        e = (e - e.Dot(m) * m).Normalized();
        for (int it = 0; it < 30; it++)
        {
            var next = new Vec3(cxx * e.X + cxy * e.Y + cxz * e.Z, cxy * e.X + cyy * e.Y + cyz * e.Z, cxz * e.X + cyz * e.Y + czz * e.Z);
            if (next.Length == 0) return null;   // every direction on the bisector: one arm
            e = next.Normalized();
        }
        return ((m + 0.5 * e).Normalized(), (m - 0.5 * e).Normalized());
    }
}
