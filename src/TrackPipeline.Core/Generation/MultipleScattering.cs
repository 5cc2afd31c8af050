using static TrackPipeline.Generation.PhysicalConstants;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// Multiple elastic scattering over a condensed-history step. The first transport mean free path lambda_1 is that of
/// the screened Rutherford (Wentzel) cross section with Moliere's screening parameter,
/// A = (hbar c / (2 p c a))^2 (1.13 + 3.76 (alpha Z / beta)^2), a = 0.885 a_0 Z^(-1/3), mu = (1 - cos theta)/2,
/// <code>
///   1/lambda_1 = N 2 pi (e^2 / (p beta c))^2 [ Z^2 (J0 - beta^2 Jb + pi alpha Z beta Jz) + Z max(J0 - ln(W_max / W_c), 0) ],
///   J0 = int_0^1 mu dmu/(mu + A)^2 = ln(1 + 1/A) - 1/(1 + A),
///   Jb = int_0^1 mu^2 dmu/(mu + A)^2 = 1 - 2 A ln(1 + 1/A) + A/(1 + A),
///   Jz = int_0^1 mu (sqrt(mu) - mu) dmu/(mu + A)^2.
/// </code>
/// Nuclear part: the screened Rutherford cross section times the McKinley-Feshbach Mott factor
/// R = 1 - beta^2 sin^2(theta/2) + pi alpha Z beta sin(theta/2) (1 - sin(theta/2)) (W. A. McKinley and H. Feshbach,
/// Phys. Rev. 74, 1759 (1948); the electron-spin correction that PENELOPE's partial-wave ELSEPA cross sections
/// contain exactly): it lowers the transport cross section of Ar by ~5 % at 0.3-20 MeV.
/// Electron part (the "+1" of the usual Z(Z+1)): for energy transfer W the primary turns by
/// 1 - cos theta ~ m_e W / (T (T + 2 m_e)), which with the Rutherford/Moller cross section 2 pi r_e^2 m_e / (beta^2 W^2)
/// gives the same prefactor times ln(W_max/W_min) (e.g. ICRU Report 35 / Seltzer's ETRAN treatment of the
/// inelastic angular deflection). Collisions above the delta-ray cut W_c are simulated explicitly with their
/// binary-collision deflection (<see cref="MollerBhabha.BinaryCollisionCosine"/>), so their share Z ln(W_max/W_c)
/// (W_max = T/2 for Moller, T for Bhabha) is removed here to avoid counting that deflection twice, as PENELOPE
/// separates elastic from (soft + hard) inelastic deflections.
/// Over a step s the exact mean deflection is &lt;cos theta&gt; = exp(-s / lambda_1) (Lewis 1950); the angle is
/// sampled from a screened-Rutherford shape p(mu) ~ 1/(mu + A')^2 whose A' is solved so that this first moment
/// holds. This keeps the Goudsmit-Saunderson mean exact and gives the single-scattering tail for short steps (an
/// Urban/PENELOPE-style simplification, not the full Goudsmit-Saunderson distribution).
/// </summary>
public static class MultipleScattering
{
    private const double E2 = 1.43996448e-13; // e^2 = alpha hbar c, MeV cm

    /// <summary>First transport mean free path in cm for kinetic energy <paramref name="kineticMeV"/>;
    /// <paramref name="deltaCutMeV"/> is the explicit delta-ray threshold (0: all e-e deflection is in lambda_1).</summary>
    public static double TransportMeanFreePath(double kineticMeV, double densityGPerCm3, double deltaCutMeV = 0, bool positron = false)
    {
        double z = ArgonZ;
        double pc = Math.Sqrt(kineticMeV * (kineticMeV + 2 * ElectronMass));
        double total = kineticMeV + ElectronMass;
        double beta = pc / total;
        double pbc = pc * beta;
        double aScreen = ScreeningParameter(kineticMeV);
        double atoms = densityGPerCm3 * Avogadro / ArgonA;
        double coulomb = E2 / pbc;
        double j0 = Math.Log(1 + 1 / aScreen) - 1 / (1 + aScreen);
        double jb = 1 - 2 * aScreen * Math.Log(1 + 1 / aScreen) + aScreen / (1 + aScreen);
        double nuclear = z * z * (j0 - beta * beta * jb + Math.PI * Alpha * z * beta * MottSpinIntegral(aScreen));
        double wMax = positron ? kineticMeV : 0.5 * kineticMeV;
        double electronic = z * (deltaCutMeV > 0 && wMax > deltaCutMeV ? Math.Max(j0 - Math.Log(wMax / deltaCutMeV), 0) : j0);
        double inv = atoms * 2 * Math.PI * coulomb * coulomb * (nuclear + electronic);
        return 1 / inv;
    }

    /// <summary>Moliere's screening parameter A of the Wentzel cross section p(mu) ~ 1/(mu + A)^2 in argon (formula above).</summary>
    public static double ScreeningParameter(double kineticMeV)
    {
        double z = ArgonZ;
        double pc = Math.Sqrt(kineticMeV * (kineticMeV + 2 * ElectronMass));
        double beta = pc / (kineticMeV + ElectronMass);
        double a = 0.885 * BohrRadius * Math.Pow(z, -1.0 / 3.0);
        double screen = HbarC / (2 * pc * a);
        return screen * screen * (1.13 + 3.76 * Math.Pow(Alpha * z / beta, 2));
    }

    /// <summary>Jz = int_0^1 mu (sqrt(mu) - mu)/(mu + A)^2 dmu = int_0^1 2 s^4 (1 - s)/(s^2 + A)^2 ds (mu = s^2), Simpson.</summary>
    internal static double MottSpinIntegral(double a)
    {
        const int n = 2000;
        double h = 1.0 / n, sum = 0;
        for (int i = 0; i <= n; i++)
        {
            double s = i * h, s2 = s * s;
            double g = 2 * s2 * s2 * (1 - s) / ((s2 + a) * (s2 + a));
            sum += (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2) * g;
        }
        return sum * h / 3;
    }

    /// <summary>Mean of mu on [0, 1] under p(mu) ~ 1/(mu + A)^2.</summary>
    internal static double MeanMu(double a) => a * ((1 + a) * Math.Log((1 + a) / a) - 1);

    /// <summary>Samples cos(theta) for a step of <paramref name="stepOverLambda1"/> transport mean free paths.</summary>
    public static double SampleCosTheta(double stepOverLambda1, TrackRandom rng)
    {
        double meanMu = 0.5 * (1 - Math.Exp(-stepOverLambda1));
        if (meanMu >= 0.499) return 2 * rng.NextDouble() - 1; // isotropic limit
        if (meanMu <= 0) return 1.0;
        // Solve MeanMu(A) = meanMu by bisection in ln A; MeanMu rises monotonically from 0 (A -> 0) to 1/2 (A -> infinity).
        // Every call starts on the same interval, so the first levels test the same midpoints: read from BisectionTree.
        double lo = BisectionTree.Lo, hi = BisectionTree.Hi; // ln A
        // (At most 50 halvings, stopping once the interval is below 1e-6: about 26.)
        int i = 0;
        var tree = BisectionTree.Nodes;
        for (int node = 0; i < BisectionTree.Levels && !(hi - lo < 1e-6); i++)
        {
            if (tree[2 * node + 1] < meanMu) { lo = tree[2 * node]; node = 2 * node + 2; }
            else { hi = tree[2 * node]; node = 2 * node + 1; }
        }
        for (; i < 50 && !(hi - lo < 1e-6); i++)
        {
            double mid = 0.5 * (lo + hi);
            if (MeanMu(Math.Exp(mid)) < meanMu) lo = mid; else hi = mid;
        }
        double aS = Math.Exp(0.5 * (lo + hi));
        double u = rng.NextDouble();
        double mu = aS * u / (1 + aS - u);
        return 1 - 2 * mu;
    }

    /// <summary>
    /// The first <see cref="Levels"/> levels of <see cref="SampleCosTheta"/>'s bisection, in heap order (the children of
    /// node k are 2k + 1, below the midpoint, and 2k + 2, above): each node's midpoint and MeanMu(exp(midpoint)), computed
    /// by the same expressions as the loop, so a walk down the tree takes the loop's branches and ends on the loop's
    /// interval (the draws are unchanged). It saves an exp and a log per level: 16 of the 26 levels of every multiple
    /// scattering angle. 65,535 nodes (1 MB), built when the first angle is drawn (a few ms).
    /// </summary>
    private static class BisectionTree
    {
        public const double Lo = -40, Hi = 12;
        public const int Levels = 16;
        /// <summary>Node k: its midpoint at [2k], MeanMu there at [2k + 1] (side by side: one cache line per visit).</summary>
        public static readonly double[] Nodes = Build();

        private static double[] Build()
        {
            var nodes = new double[2 * ((1 << Levels) - 1)];
            Fill(nodes, 0, Lo, Hi);
            return nodes;
        }

        private static void Fill(double[] nodes, int node, double lo, double hi)
        {
            if (2 * node >= nodes.Length) return;
            double mid = 0.5 * (lo + hi);
            nodes[2 * node] = mid;
            nodes[2 * node + 1] = MeanMu(Math.Exp(mid));
            Fill(nodes, 2 * node + 1, lo, mid);
            Fill(nodes, 2 * node + 2, mid, hi);
        }
    }
}
