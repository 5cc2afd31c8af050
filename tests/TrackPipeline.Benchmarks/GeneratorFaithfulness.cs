using System.Diagnostics;
using System.Globalization;
using System.Text;
using TrackPipeline.Generation;
using TrackPipeline.Topology;
using TrackPipeline.Tracks;
using TrackPipeline.Numerics;

namespace TrackPipeline.Benchmarks;

/// <summary>
/// Compares generated tracks with the real PENELOPE sample, folder by folder, and writes
/// <c>docs/generator-faithfulness.md</c>; and times the generator (<c>docs/benchmarks/generator.md</c>).
/// Figures, per track, then averaged:
///   num_e_total   sum of num_e;
///   max distance  largest distance of a deposit from the track's origin (electrons: the start point);
///   r80           distance from the origin that holds 80 % of the electrons (robust against a far brem photon);
///   (the medians over tracks of max distance are printed too)
///   n_brem        truth bremsstrahlung emissions (both with the 50 eV cut of PENELOPE's WCR);
///   main track    the continuous track itself: deposits linked through 2 mm voxels (26-neighbourhood,
///                 <see cref="ConnectedClusters"/>), keeping the connected cluster that holds the deposit nearest
///                 the origin. Its extent is the largest distance of its deposits from the origin, its size the
///                 diagonal of their axis-aligned bounding box; bremsstrahlung photons that convert or Compton
///                 scatter away from the track form separate clusters and are left out.
/// </summary>
internal static class GeneratorFaithfulness
{
    private sealed record Figures(double NumE, double MaxDist, double R80, double Points, double Brem, string First,
        double MainExtent, double MainDiagonal, double MainFraction, double MainPoints);

    /// <summary>Linking voxel of the main-track definition, metres.</summary>
    public const double LinkVoxelM = 0.002;

    /// <summary>Main connected track (see the class summary): extent from the origin, bounding-box diagonal, charge fraction, points.</summary>
    internal static (double Extent, double Diagonal, double Fraction, int Points) MainTrack(double[] x, double[] y, double[] z, long[] numE, Vec3 origin)
    {
        int n = numE.Length;
        if (n == 0) return (0, 0, 0, 0);
        var q = numE.Select(e => (double)e).ToArray();
        var grid = new VoxelGrid(new ChargeCloud(x, y, z, q), LinkVoxelM);
        var clusters = new ConnectedClusters(grid);
        int nearest = 0;
        double best = double.MaxValue;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - origin.X, dy = y[i] - origin.Y, dz = z[i] - origin.Z, r2 = dx * dx + dy * dy + dz * dz;
            if (r2 < best && numE[i] > 0) { best = r2; nearest = i; }
        }
        int main = clusters.ClusterOf[grid.FindContaining(new Vec3(x[nearest], y[nearest], z[nearest]))];
        double max = 0, total = 0, inMain = 0;
        double x0 = double.MaxValue, y0 = double.MaxValue, z0 = double.MaxValue, x1 = double.MinValue, y1 = double.MinValue, z1 = double.MinValue;
        int points = 0;
        for (int i = 0; i < n; i++)
        {
            total += q[i];
            if (q[i] <= 0 || clusters.ClusterOf[grid.FindContaining(new Vec3(x[i], y[i], z[i]))] != main) continue;
            inMain += q[i];
            points++;
            double dx = x[i] - origin.X, dy = y[i] - origin.Y, dz = z[i] - origin.Z;
            max = Math.Max(max, Math.Sqrt(dx * dx + dy * dy + dz * dz));
            x0 = Math.Min(x0, x[i]); y0 = Math.Min(y0, y[i]); z0 = Math.Min(z0, z[i]);
            x1 = Math.Max(x1, x[i]); y1 = Math.Max(y1, y[i]); z1 = Math.Max(z1, z[i]);
        }
        double diag = Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0) + (z1 - z0) * (z1 - z0));
        return (max, diag, total > 0 ? inMain / total : 0, points);
    }

    private static Figures Measure(double[] x, double[] y, double[] z, long[] numE, Vec3 origin, int brem, string first)
    {
        int n = numE.Length;
        var d = new (double Dist, long E)[n];
        double max = 0;
        long total = 0;
        for (int i = 0; i < n; i++)
        {
            double dx = x[i] - origin.X, dy = y[i] - origin.Y, dz = z[i] - origin.Z;
            double r = Math.Sqrt(dx * dx + dy * dy + dz * dz);
            d[i] = (r, numE[i]);
            max = Math.Max(max, r);
            total += numE[i];
        }
        Array.Sort(d, (a, b) => a.Dist.CompareTo(b.Dist));
        double r80 = 0;
        long acc = 0;
        foreach (var (dist, e) in d)
        {
            acc += e;
            if (acc >= 0.8 * total) { r80 = dist; break; }
        }
        var main = MainTrack(x, y, z, numE, origin);
        return new Figures(total, max, r80, n, brem, first, main.Extent, main.Diagonal, main.Fraction, main.Points);
    }

    private static List<Figures> Sample(string root, string particle, int energyKev)
    {
        var result = new List<Figures>();
        foreach (var s in DatasetDiscovery.Discover(root).Where(s => s.Particle == particle && s.EnergyKev == energyKev))
        {
            var t = TrackReader.Read(s);
            var dep = t.Deposits;
            result.Add(Measure(dep.X.ToArray(), dep.Y.ToArray(), dep.Z.ToArray(), dep.NumElectrons.Select(e => (long)e).ToArray(),
                t.RequireTruth().Origin, t.RequireTruth().Brem.Count, t.RequireTruth().FirstInteraction));
        }
        return result;
    }

    private static List<Figures> Generated(TrackGenerator g, Particle p, int energyKev, int count, ulong seed)
    {
        var result = new Figures[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var name = TrackFileWriter.TrackName(seed, p, energyKev, i);
            var t = g.Generate(p, energyKev * 1e-3, TrackRandom.For(seed, name, "generator"));
            var m = 0.01;
            // The sample's coarse folders (>= coarse_above) were run with WCR = 1 keV: count generated brem photons above the same cut.
            double bremCutMeV = energyKev >= g.Settings.CoarseAboveKev ? 1e-3 : 0;
            result[i] = Measure(t.X.Select(v => v * m).ToArray(), t.Y.Select(v => v * m).ToArray(), t.Z.Select(v => v * m).ToArray(), t.Electrons,
                m * t.Origin, t.Brem.Energies.Count(k => k >= bremCutMeV), t.FirstInteraction);
        });
        return result.ToList();
    }

    private static (double Mean, double Err) Stat(IReadOnlyList<double> v)
    {
        double mean = v.Average();
        double sd = v.Count > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Count - 1)) : 0;
        return (mean, sd / Math.Sqrt(v.Count));
    }

    public static int Run(string tracksRoot, string configDir, string outPath, int count, ulong seed,
        string particles = "electrons,photons", string? energies = null)
    {
        var onlyEnergies = energies is null ? null : energies.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToHashSet();
        var settings = GeneratorSettings.Load(configDir);
        var g = new TrackGenerator(settings);
        var ic = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Generator faithfulness vs the real PENELOPE sample");
        md.AppendLine();
        md.AppendLine(string.Create(ic, $"Produced by `dotnet run --project tests/TrackPipeline.Benchmarks -c Release -- faithfulness` (seed {seed}, {count} generated tracks per row unless noted; the sample has 6 per folder)."));
        md.AppendLine(string.Create(ic, $"Generator settings: {settings.Describe()}."));
        md.AppendLine();
        md.AppendLine("Figures: `num_e` = mean total ionization electrons; `max dist` = mean over tracks of the largest distance of a deposit from the origin " +
                      "(electrons: the start point; photons: the first interaction); `r80` = mean radius around the origin holding 80 % of the electrons; " +
                      "`points` = mean deposits; `brem` = mean truth bremsstrahlung emissions (cut 50 eV in both; at 20 and 50 MeV the sample used WCR = 1 keV, so generated photons are counted above 1 keV there). ± is the standard error of the mean.");
        md.AppendLine();
        md.AppendLine("**Main track** (the spatial extent of an electron track as a physicist means it: the continuous track itself, without the deposits of " +
                      "bremsstrahlung photons that Compton scatter or convert centimetres away, which are separate sub-tracks): deposits are binned into 2 mm voxels " +
                      "and linked through the 26-neighbourhood (`TrackPipeline.Topology.VoxelGrid` + `ConnectedClusters`, charge = num_e); the main track is the connected " +
                      "cluster that holds the deposit nearest the origin. `main extent` = largest distance of its deposits from the origin; `bbox diagonal` = diagonal of " +
                      "their axis-aligned bounding box; `diff (σ)` = relative difference and (generated - sample) over the combined standard error. " +
                      "The old `max dist` and `r80` columns (all deposits) are kept in the first table. For photons the origin is the first interaction, so the " +
                      "photon main track is that of the first recoil electron or pair and is given for information only.");
        md.AppendLine();
        foreach (var particle in new[] { Particle.Electron, Particle.Photon }.Where(p => particles.Contains(p.Folder(), StringComparison.Ordinal)))
        {
            var mainRows = new StringBuilder();
            md.AppendLine($"## {particle.Folder()}");
            md.AppendLine();
            md.AppendLine("| E (keV) | num_e sample | num_e generated | diff | max dist sample (mm) | max dist gen (mm) | diff | median max dist sample / gen (mm) | r80 sample (mm) | r80 gen (mm) | diff | points sample | points gen | brem sample | brem gen |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var e in new[] { 100, 300, 500, 1000, 3000, 5000, 10000, 20000, 50000 })
            {
                if (onlyEnergies is not null && !onlyEnergies.Contains(e)) continue;
                var s = Sample(tracksRoot, particle.Folder(), e);
                if (s.Count == 0) continue;
                int n = particle == Particle.Photon && e == 10000 ? Math.Max(count, 400) : e >= 20000 ? Math.Max(count / 4, 12) : count;
                var sw = Stopwatch.StartNew();
                var gen = Generated(g, particle, e, n, seed);
                Console.Error.WriteLine($"{particle} {e} keV: {n} tracks in {sw.Elapsed.TotalSeconds:F1} s");
                var (sN, sNe) = Stat(s.Select(f => f.NumE).ToList());
                var (gN, gNe) = Stat(gen.Select(f => f.NumE).ToList());
                var (sD, sDe) = Stat(s.Select(f => f.MaxDist * 1e3).ToList());
                var (gD, gDe) = Stat(gen.Select(f => f.MaxDist * 1e3).ToList());
                var (sR, sRe) = Stat(s.Select(f => f.R80 * 1e3).ToList());
                var (gR, gRe) = Stat(gen.Select(f => f.R80 * 1e3).ToList());
                var (sP, _) = Stat(s.Select(f => f.Points).ToList());
                var (gP, _) = Stat(gen.Select(f => f.Points).ToList());
                var (sB, sBe) = Stat(s.Select(f => f.Brem).ToList());
                var (gB, gBe) = Stat(gen.Select(f => f.Brem).ToList());
                md.AppendLine(string.Create(ic,
                    $"| {e}{(n != count ? $" (n={n})" : "")} | {sN:F0} ± {sNe:F0} | {gN:F0} ± {gNe:F0} | {100 * (gN / sN - 1):+0.0;-0.0} % | {sD:F2} ± {sDe:F2} | {gD:F2} ± {gDe:F2} | {100 * (gD / sD - 1):+0;-0} % | {Median(s.Select(f => f.MaxDist * 1e3)):F2} / {Median(gen.Select(f => f.MaxDist * 1e3)):F2} | " +
                    $"{sR:F2} ± {sRe:F2} | {gR:F2} ± {gRe:F2} | {100 * (gR / sR - 1):+0;-0} % | {sP:F0} | {gP:F0} | {sB:F1} ± {sBe:F1} | {gB:F1} ± {gBe:F1} |"));
                var (sM, sMe) = Stat(s.Select(f => f.MainExtent * 1e3).ToList());
                var (gM, gMe) = Stat(gen.Select(f => f.MainExtent * 1e3).ToList());
                var (sG, sGe) = Stat(s.Select(f => f.MainDiagonal * 1e3).ToList());
                var (gG, gGe) = Stat(gen.Select(f => f.MainDiagonal * 1e3).ToList());
                var (sF, _) = Stat(s.Select(f => f.MainFraction).ToList());
                var (gF, _) = Stat(gen.Select(f => f.MainFraction).ToList());
                var (sMP, _) = Stat(s.Select(f => f.MainPoints).ToList());
                var (gMP, _) = Stat(gen.Select(f => f.MainPoints).ToList());
                mainRows.AppendLine(string.Create(ic,
                    $"| {e}{(n != count ? $" (n={n})" : "")} | {sM:F2} ± {sMe:F2} | {gM:F2} ± {gMe:F2} | {Diff(gM, sM, Math.Sqrt(sMe * sMe + gMe * gMe))} | {Median(s.Select(f => f.MainExtent * 1e3)):F2} / {Median(gen.Select(f => f.MainExtent * 1e3)):F2} | " +
                    $"{sG:F2} ± {sGe:F2} | {gG:F2} ± {gGe:F2} | {Diff(gG, sG, Math.Sqrt(sGe * sGe + gGe * gGe))} | {Median(s.Select(f => f.MainDiagonal * 1e3)):F2} / {Median(gen.Select(f => f.MainDiagonal * 1e3)):F2} | " +
                    $"{sF:F3} / {gF:F3} | {sMP:F0} / {gMP:F0} |"));
                if (particle == Particle.Photon && e == 10000)
                {
                    double ps = s.Count(f => f.First == "pair") / (double)s.Count;
                    double pg = gen.Count(f => f.First == "pair") / (double)gen.Count;
                    double xcom = g.Photons.Pair(10) / g.Photons.Total(10);
                    _pairNote = string.Create(ic,
                        $"First interaction of 10 MeV photons is pair production: sample {s.Count(f => f.First == "pair")}/{s.Count} = {ps:F2} ± {Math.Sqrt(ps * (1 - ps) / s.Count):F2} (binomial; the 95 % Clopper-Pearson interval for 3/6 is 0.12-0.88), " +
                        $"generated {pg:F3} ± {Math.Sqrt(pg * (1 - pg) / gen.Count):F3} (n={gen.Count}), XCOM {xcom:F3} (pair nuclear + electron field over Compton + photoelectric + pair; Rayleigh excluded, it changes this by 1e-4). " +
                        $"Difference generated - sample: {pg - ps:+0.00;-0.00}.");
                }
            }
            md.AppendLine();
            md.AppendLine($"### {particle.Folder()}: main connected track (2 mm voxels, 26-neighbourhood, cluster holding the deposit nearest the origin)");
            md.AppendLine();
            md.AppendLine("| E (keV) | main extent sample (mm) | main extent gen (mm) | diff (σ) | median main extent sample / gen (mm) | bbox diagonal sample (mm) | bbox diagonal gen (mm) | diff (σ) | median diagonal sample / gen (mm) | charge fraction in main track sample / gen | main-track points sample / gen |");
            md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
            md.Append(mainRows);
            md.AppendLine();
        }
        if (_pairNote is not null) { md.AppendLine("## Pair fraction at 10 MeV"); md.AppendLine(); md.AppendLine(_pairNote); md.AppendLine(); }
        File.WriteAllText(outPath, md.ToString());
        Console.Out.Write(md.ToString());
        return 0;
    }

    private static string? _pairNote;

    /// <summary>Relative difference and its size in standard errors of the difference.</summary>
    private static string Diff(double gen, double sample, double err) =>
        string.Create(CultureInfo.InvariantCulture, $"{Math.Round(100 * (gen / sample - 1)):+0;-0;0} % ({Math.Round(err > 0 ? (gen - sample) / err : 0, 1):+0.0;-0.0;0.0})");

    private static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : 0.5 * (v[v.Length / 2 - 1] + v[v.Length / 2]);
    }

    /// <summary>Tracks per second on one core at 1 and 10 MeV (deposits generated and converted, not written).</summary>
    public static int Speed(string configDir, string outPath)
    {
        var g = new TrackGenerator(GeneratorSettings.Load(configDir));
        var ic = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Generator speed");
        md.AppendLine();
        md.AppendLine("`dotnet run --project tests/TrackPipeline.Benchmarks -c Release -- generator-speed`: one thread, tracks generated in memory " +
                      "(transport, deposits, ionization; not written). Machine: " + Environment.ProcessorCount + " cores shared with other jobs, " + System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription + ".");
        md.AppendLine();
        md.AppendLine("| particle | E (MeV) | tracks | seconds | tracks/s per core | points/track | steps/track |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var p in new[] { Particle.Electron, Particle.Photon })
        foreach (var (e, n) in new[] { (1.0, 200), (10.0, 40) })
        {
            for (int w = 0; w < 3; w++) g.Generate(p, e, new TrackRandom((ulong)w)); // warm-up
            var sw = Stopwatch.StartNew();
            long points = 0, steps = 0;
            for (int i = 0; i < n; i++)
            {
                var t = g.Generate(p, e, new TrackRandom((ulong)(1000 + i)));
                points += t.Electrons.Length;
                steps += t.Steps;
            }
            sw.Stop();
            md.AppendLine(string.Create(ic, $"| {p.Folder()} | {e} | {n} | {sw.Elapsed.TotalSeconds:F2} | {n / sw.Elapsed.TotalSeconds:F1} | {points / n:N0} | {steps / n:N0} |"));
        }
        File.WriteAllText(outPath, md.ToString());
        Console.Out.Write(md.ToString());
        return 0;
    }
}
