using System.Globalization;
using TrackPipeline.Formats;
using TrackPipeline.Formats.Npy;
using TrackPipeline.Formats.Pickle;
using TrackPipeline.Numerics;

namespace TrackPipeline.Generation;

/// <summary>
/// Writes a <see cref="GeneratedTrack"/> in the dataset format (docs: shared/docs/track-format.md): the deposits as
/// <c>NAME.npz</c> (<c>r</c> (3, N) float64 metres, <c>num_e</c> (N,) int64) and the truth and meta as
/// <c>NAME.pickle</c> (protocol 4, NumPy arrays through <c>_reconstruct</c>). Converts cm to m and MeV to keV.
/// </summary>
public static class TrackFileWriter
{
    /// <summary>
    /// The track's name: <c>TrackE&lt;keV, 7 digits&gt;_D&lt;date&gt;_T&lt;10 digits&gt;</c>. Deterministic: the date is the fixed
    /// <paramref name="date"/> and the 10 digits are 5 from the seed (and particle) and 5 from the index (index &lt; 100000).
    /// </summary>
    public static string TrackName(ulong seed, Particle particle, int energyKev, int index, string date = "20000101")
    {
        if (index < 0 || index >= 100_000) throw new ArgumentOutOfRangeException(nameof(index), index, "at most 100000 tracks per energy folder");
        ulong h = Numerics.StableHash.Of($"{seed}/{particle.Folder()}/{energyKev}");
        ulong prefix = h % 100_000;
        return string.Create(CultureInfo.InvariantCulture, $"TrackE{energyKev:D7}_D{date}_T{prefix:D5}{index:D5}");
    }

    /// <summary>The folder of a track: <c>root/material/particle/E&lt;7 digits&gt;</c>.</summary>
    public static string Folder(string root, string material, Particle particle, int energyKev) =>
        Path.Combine(root, material, particle.Folder(), EnergyFolder(energyKev));

    /// <summary>The energy folder's name, <c>E&lt;7 digits&gt;</c> (keV).</summary>
    public static string EnergyFolder(int energyKev) => string.Create(CultureInfo.InvariantCulture, $"E{energyKev:D7}");

    /// <summary>Writes <c>folder/name.npz</c> and <c>folder/name.pickle</c> (each atomically).</summary>
    public static void Write(string folder, string name, GeneratedTrack track, IReadOnlyDictionary<string, object?> generatorMeta, string material)
    {
        Directory.CreateDirectory(folder);
        int n = track.Electrons.Length;
        // Uninitialised: every entry is written below (zeroing 24 bytes a point first cost a pass over 150 MB per README run).
        var r = GC.AllocateUninitializedArray<double>(3 * n);
        Metres(track.X, r.AsSpan(0, n));
        Metres(track.Y, r.AsSpan(n, n));
        Metres(track.Z, r.AsSpan(2 * n, n));
        var arrays = new[]
        {
            KeyValuePair.Create("r", new NdArray(NdElementType.Float64, new[] { 3, n }, r)),
            KeyValuePair.Create("num_e", new NdArray(NdElementType.Int64, new[] { n }, track.Electrons)),
        };
        Output.AtomicFile.Write(Path.Combine(folder, name + ".npz"), s => NpzWriter.Write(s, arrays));
        var pickle = PickleWriter.Write(Truth(track, generatorMeta, material));
        Output.AtomicFile.Write(Path.Combine(folder, name + ".pickle"), s => s.Write(pickle));
    }

    /// <summary>cm to m, one column: the same product (x * 0.01) for every point as before.</summary>
    private static void Metres(ReadOnlySpan<double> cm, Span<double> m)
    {
        for (int i = 0; i < cm.Length; i++) m[i] = cm[i] * 0.01;
    }

    /// <summary>The pickled dictionary <c>{'truth': ..., 'meta': ...}</c>.</summary>
    public static Dictionary<string, object?> Truth(GeneratedTrack track, IReadOnlyDictionary<string, object?> generatorMeta, string material)
    {
        var truth = new Dictionary<string, object?>
        {
            ["num_electrons"] = new NdScalar(NdElementType.Int64, track.TotalElectrons),
            ["track_energy"] = track.EnergyMeV * 1e3,
            ["origin"] = Vector(track.Origin.X * 0.01, track.Origin.Y * 0.01, track.Origin.Z * 0.01),
            ["initial_direction"] = Vector(track.InitialDirection.X, track.InitialDirection.Y, track.InitialDirection.Z),
            ["first_interaction"] = track.FirstInteraction,
        };
        foreach (var (kind, log) in new[] { ("brem", track.Brem), ("photo", track.Photo), ("compton", track.Compton), ("pair", track.Pair) })
        {
            int k = log.Count;
            var r = new double[3 * k];
            var e = new double[k];
            for (int i = 0; i < k; i++)
            {
                r[i] = log.Points[i].X * 0.01;
                r[k + i] = log.Points[i].Y * 0.01;
                r[2 * k + i] = log.Points[i].Z * 0.01;
                e[i] = log.Energies[i] * 1e3;
            }
            truth["r_" + kind] = new NdArray(NdElementType.Float64, new[] { 3, k }, r);
            truth["energy_" + kind] = new NdArray(NdElementType.Float64, new[] { k }, e);
        }
        // Pair leptons at the vertex (keV, unit vectors), one column per entry of r_pair.
        int np = track.PairLeptons.Count;
        var eMinus = new double[np];
        var ePlus = new double[np];
        var dMinus = new double[3 * np];
        var dPlus = new double[3 * np];
        for (int i = 0; i < np; i++)
        {
            var p = track.PairLeptons.Pairs[i];
            eMinus[i] = p.ElectronMeV * 1e3;
            ePlus[i] = p.PositronMeV * 1e3;
            dMinus[i] = p.ElectronDirection.X; dMinus[np + i] = p.ElectronDirection.Y; dMinus[2 * np + i] = p.ElectronDirection.Z;
            dPlus[i] = p.PositronDirection.X; dPlus[np + i] = p.PositronDirection.Y; dPlus[2 * np + i] = p.PositronDirection.Z;
        }
        truth["pair_e_minus_energy"] = new NdArray(NdElementType.Float64, new[] { np }, eMinus);
        truth["pair_e_plus_energy"] = new NdArray(NdElementType.Float64, new[] { np }, ePlus);
        truth["pair_e_minus_direction"] = new NdArray(NdElementType.Float64, new[] { 3, np }, dMinus);
        truth["pair_e_plus_direction"] = new NdArray(NdElementType.Float64, new[] { 3, np }, dPlus);
        // Truth only, one byte per deposit in the npz's order: 0 neither, 1 the first pair's e- (and its descendants), 2 its e+.
        truth["deposit_pair_lepton"] = new NdArray(NdElementType.UInt8, new[] { track.PairLepton.Length }, track.PairLepton);
        var meta = new Dictionary<string, object?>
        {
            ["generator"] = new Dictionary<string, object?>(generatorMeta),
            ["simulation_date"] = "generated by TrackPipeline (deterministic: no clock)",
            ["material"] = material,
            ["initial_particle"] = track.Particle.Folder(),
            ["energy"] = track.EnergyMeV * 1e3,
            ["particle_ids"] = new Dictionary<string, object?> { ["electrons"] = 1L, ["photons"] = 2L, ["positrons"] = 3L },
        };
        return new Dictionary<string, object?> { ["truth"] = truth, ["meta"] = meta };
    }

    private static NdArray Vector(double x, double y, double z) => new(NdElementType.Float64, new[] { 3 }, new[] { x, y, z });
}
