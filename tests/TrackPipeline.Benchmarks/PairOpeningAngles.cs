using System.Globalization;
using TrackPipeline.Generation;
using TrackPipeline.Numerics;
using TrackPipeline.Tracks;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// The opening angle of the generator's pair leptons, read from its truth (the e- and e+ directions it records at the
/// vertex, <see cref="PairLeptonLog"/>), against the two angular models applied to the same lepton energies:
/// <list type="bullet">
/// <item>PENELOPE's (2018 manual, pair production, "angular distribution of the produced particles"; subroutine GPPa,
/// ported as Geant4's <c>G4PenelopeGammaConversionModel::SampleSecondaries</c>): each lepton's polar angle from the
/// leading term of Sauter's high-energy distribution, p(cos theta) ~ (1 - beta cos theta)^-2, sampled as
/// cos theta = (2 xi - 1 + beta) / ((2 xi - 1) beta + 1) with xi uniform in [0, 1], the two azimuths independent.
/// Written out here from the formula, not by calling <see cref="PairLeptonAngles"/>, so that a mistake there shows.</item>
/// <item>Tsai (Urban's fit, Geant4's standard model): theta = u m c^2 / E_total, opposite azimuths.</item>
/// </list>
/// Primary photons whose first interaction is a pair, at each energy; the reference draws are many per generated pair
/// (same energies), so the comparison tests the angles only. The KS distance's 95 % critical value is
/// 1.36 sqrt((n + m) / (n m)). "Apart at 1 pixel": L = pitch / (2 tan(opening / 2)), the length after the vertex at which
/// two straight leptons are one pixel pitch apart (multiple scattering ignored): how long the stem stays one track wide.
/// </summary>
internal static class PairOpeningAngles
{
    private const int ReferenceDrawsPerPair = 40;

    public static int Run(string configDir, int photonsPerEnergy, double[] energiesMeV, double pitchMm, TextWriter log)
    {
        var inv = CultureInfo.InvariantCulture;
        var generator = new TrackGenerator(GeneratorSettings.Load(configDir));
        log.WriteLine(string.Create(inv, $"Pair opening angles: {photonsPerEnergy} photons per energy, first interaction a pair; reference draws {ReferenceDrawsPerPair} per pair; pitch {pitchMm} mm."));
        log.WriteLine();
        log.WriteLine("| E (MeV) | pairs | opening angle (deg): generator truth, quartiles | PENELOPE formula, quartiles | Tsai (opposite azimuths), quartiles | KS generator vs PENELOPE (95 % critical) | KS generator vs Tsai | median length to 1 pixel apart (mm): generator / PENELOPE / Tsai |");
        log.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var e in energiesMeV)
        {
            var leptons = new PairLeptons?[photonsPerEnergy];
            Parallel.For(0, photonsPerEnergy, i =>
            {
                var rng = new TrackRandom(0x9A1B_0000UL + (ulong)(e * 1000) * 100_000UL + (ulong)i);
                var track = generator.Generate(Particle.Photon, e, rng);
                if (track.FirstInteraction == "pair" && track.PairLeptons.Count > 0) leptons[i] = track.PairLeptons.Pairs[0];
            });
            var pairs = leptons.Where(p => p is not null).Select(p => p!.Value).ToArray();
            var generated = pairs.Select(p => OpeningDeg(p.ElectronDirection, p.PositronDirection)).ToArray();
            var rngRef = new TrackRandom(0x5A17E2UL + (ulong)(e * 1000));
            var penelope = new double[pairs.Length * ReferenceDrawsPerPair];
            var tsai = new double[pairs.Length * ReferenceDrawsPerPair];
            for (int i = 0, k = 0; i < pairs.Length; i++)
                for (int j = 0; j < ReferenceDrawsPerPair; j++, k++)
                {
                    penelope[k] = PenelopeOpeningDeg(pairs[i].ElectronMeV, pairs[i].PositronMeV, rngRef);
                    tsai[k] = TsaiOpeningDeg(pairs[i].ElectronMeV, pairs[i].PositronMeV, rngRef);
                }
            Array.Sort(generated); Array.Sort(penelope); Array.Sort(tsai);
            double critical = 1.36 * Math.Sqrt((double)(generated.Length + penelope.Length) / ((double)generated.Length * penelope.Length));
            log.WriteLine(string.Create(inv,
                $"| {e:0} | {pairs.Length} | {Quartiles(generated)} | {Quartiles(penelope)} | {Quartiles(tsai)} | {Ks(generated, penelope):0.000} ({critical:0.000}) | {Ks(generated, tsai):0.000} | {ApartMm(Quantile(generated, 0.5), pitchMm):0.0} / {ApartMm(Quantile(penelope, 0.5), pitchMm):0.0} / {ApartMm(Quantile(tsai, 0.5), pitchMm):0.0} |"));
        }
        return 0;
    }

    private static double OpeningDeg(Vec3 a, Vec3 b) => Math.Acos(Math.Clamp(a.Normalized().Dot(b.Normalized()), -1, 1)) * 180 / Math.PI;

    /// <summary>PENELOPE's GPPa: cos theta = (2 xi - 1 + beta) / ((2 xi - 1) beta + 1) for each lepton, independent azimuths.</summary>
    private static double PenelopeOpeningDeg(double electronMeV, double positronMeV, TrackRandom rng)
    {
        static double CosTheta(double kinetic, TrackRandom r)
        {
            double total = kinetic + PhysicalConstants.ElectronMass;
            double beta = Math.Sqrt(kinetic * (kinetic + 2 * PhysicalConstants.ElectronMass)) / total;
            double x = 2 * r.NextDouble() - 1;
            return (x + beta) / (x * beta + 1);
        }
        var axis = new Vec3(0, 0, 1);
        var minus = Direction.Deflect(axis, CosTheta(electronMeV, rng), 2 * Math.PI * rng.NextDouble());
        var plus = Direction.Deflect(axis, CosTheta(positronMeV, rng), 2 * Math.PI * rng.NextDouble());
        return OpeningDeg(minus, plus);
    }

    private static double TsaiOpeningDeg(double electronMeV, double positronMeV, TrackRandom rng)
    {
        var axis = new Vec3(0, 0, 1);
        double phi = 2 * Math.PI * rng.NextDouble();
        var minus = Direction.Deflect(axis, Math.Cos(TsaiAngle.SampleTheta(electronMeV + PhysicalConstants.ElectronMass, rng)), phi);
        var plus = Direction.Deflect(axis, Math.Cos(TsaiAngle.SampleTheta(positronMeV + PhysicalConstants.ElectronMass, rng)), phi + Math.PI);
        return OpeningDeg(minus, plus);
    }

    private static double ApartMm(double openingDeg, double pitchMm) => pitchMm / (2 * Math.Tan(openingDeg * Math.PI / 360));

    private static string Quartiles(double[] sorted) =>
        string.Create(CultureInfo.InvariantCulture, $"{Quantile(sorted, 0.25):0.00} / **{Quantile(sorted, 0.5):0.00}** / {Quantile(sorted, 0.75):0.00}");

    private static double Quantile(double[] sorted, double q)
    {
        double at = q * (sorted.Length - 1);
        int lo = (int)Math.Floor(at), hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Two-sample Kolmogorov-Smirnov distance of two sorted samples.</summary>
    private static double Ks(double[] a, double[] b)
    {
        int i = 0, j = 0;
        double d = 0;
        while (i < a.Length && j < b.Length)
        {
            double x = Math.Min(a[i], b[j]);
            while (i < a.Length && a[i] <= x) i++;
            while (j < b.Length && b[j] <= x) j++;
            d = Math.Max(d, Math.Abs((double)i / a.Length - (double)j / b.Length));
        }
        return d;
    }
}
