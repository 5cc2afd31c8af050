using System.Globalization;
using System.Text.Json;

namespace TrackPipeline.Generation;

/// <summary>How deposited energy becomes ionization electrons.</summary>
public enum IonizationModel
{
    /// <summary>The sample's converter (tashutt/Gampy penelope_tools.py): floor(dE (1 - R) / (w_fudge W)), zeros dropped.</summary>
    Reference,
    /// <summary>N_ion ~ Normal(dE/W, sqrt(F dE/W)) rounded, then Binomial(N_ion, 1 - R) survive recombination.</summary>
    Fano,
}

/// <summary>
/// Cut-offs, step control and ionization settings of the generator, read from <c>config/generator.json</c>
/// (every value there carries its reason) and <c>config/medium/&lt;material&gt;.json</c> (W, recombination, Fano).
/// Energies in keV and lengths in metres, as in the files. No value has a default here: the files are the one source.
/// </summary>
/// <summary>How the pair leptons' directions are sampled (<see cref="PairLeptonAngles"/>).</summary>
public enum PairAngleModel
{
    /// <summary>PENELOPE 2008: (1 - beta cos theta)^-2 per lepton, independent azimuths.</summary>
    Penelope,
    /// <summary>Geant4 standard: Tsai/Urban u-distribution, opposite azimuths.</summary>
    Tsai,
}

/// <summary>How the charged particles of a coarse primary (at or above <c>coarse_above</c>) are transported.</summary>
public enum CoarseTransportModel
{
    /// <summary>As every other track: class II steps of the fine settings (the generator before 2026-11-27).</summary>
    Fine,
    /// <summary>PENELOPE's mixed elastic scheme with the sample's coarse cards (C1, C2, WCC, WCR): <see cref="MixedElasticScattering"/>.</summary>
    Penelope,
}

public sealed record GeneratorSettings
{
    public required double DensityGPerCm3 { get; init; }
    public required double ElectronAbsorptionKev { get; init; }
    public required double PhotonAbsorptionKev { get; init; }
    public required double DeltaRayCutKev { get; init; }
    public required double BremCutKev { get; init; }
    public required double MaxFractionalEnergyLoss { get; init; }
    public required double MaxStepM { get; init; }
    public required double WorldRadiusM { get; init; }
    public required double KFluorescenceYield { get; init; }
    public required double KEdgeKev { get; init; }
    public required double KAlphaKev { get; init; }
    /// <summary>Mean deposit energy for particles above 1 MeV (keV).</summary>
    public required double DepositMeanEnergyKev { get; init; }
    /// <summary>Mean deposit energy for particles at or below 10 keV (keV); log-linear in between.</summary>
    public required double DepositMeanEnergyLowKev { get; init; }
    /// <summary>Primaries at or above this energy use the coarse deposit energy (keV).</summary>
    public required double CoarseAboveKev { get; init; }
    public required double CoarseDepositMeanEnergyKev { get; init; }
    /// <summary>How the charged particles of a coarse primary are transported.</summary>
    public required CoarseTransportModel CoarseTransport { get; init; }
    /// <summary>PENELOPE's C1 and C2 of the coarse folders (MSIMPA card).</summary>
    public required double CoarseC1 { get; init; }
    public required double CoarseC2 { get; init; }
    /// <summary>PENELOPE's WCC and WCR of the coarse folders (keV): the hard inelastic and bremsstrahlung cuts of a coarse history.</summary>
    public required double CoarseDeltaRayCutKev { get; init; }
    public required double CoarseBremCutKev { get; init; }

    /// <summary>Mean energy of one deposit (MeV) for a particle of kinetic energy <paramref name="kineticMeV"/>.</summary>
    public double DepositMeanEnergy(double kineticMeV)
    {
        double x = Math.Clamp(Math.Log10(Math.Max(kineticMeV, 1e-6) / 0.01) / 2, 0, 1);
        return 1e-3 * (DepositMeanEnergyLowKev + x * (DepositMeanEnergyKev - DepositMeanEnergyLowKev));
    }
    public required IonizationModel Ionization { get; init; }
    public required PairAngleModel PairAngles { get; init; }
    public required double WFudge { get; init; }
    public required double WEv { get; init; }
    public required double Recombination { get; init; }
    public required double Fano { get; init; }
    /// <summary>Folder holding the physics tables (<c>argon_photon_xs.csv</c>, ...).</summary>
    public required string PhysicsDir { get; init; }
    public required string Material { get; init; }

    /// <summary>Reads <c>generator.json</c>, the medium file and locates the physics tables below <paramref name="configDir"/>.</summary>
    public static GeneratorSettings Load(string configDir, string material = "LAr")
    {
        var path = Path.Combine(configDir, "generator.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var root = doc.RootElement;
        double V(JsonElement parent, string key)
        {
            if (!parent.TryGetProperty(key, out var node) || node.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: '{key}' is missing");
            if (!node.TryGetProperty("reason", out var reason) || string.IsNullOrWhiteSpace(reason.GetString()))
                throw new InvalidDataException($"{path}: '{key}' has no reason");
            var v = node.GetProperty("value");
            if (v.ValueKind != JsonValueKind.Number || !double.IsFinite(v.GetDouble()) || v.GetDouble() < 0)
                throw new InvalidDataException($"{path}: '{key}' value must be a finite non-negative number");
            return v.GetDouble();
        }
        var ion = root.GetProperty("ionization");
        var modelName = ion.GetProperty("model").GetProperty("value").GetString();
        var model = modelName switch
        {
            "reference" => IonizationModel.Reference,
            "fano" => IonizationModel.Fano,
            _ => throw new InvalidDataException($"{path}: ionization.model '{modelName}' is neither 'reference' nor 'fano'"),
        };
        var pairName = root.TryGetProperty("pair_lepton_angles", out var pairNode) ? pairNode.GetProperty("value").GetString() : null;
        var pairAngles = pairName switch
        {
            "penelope" => PairAngleModel.Penelope,
            "tsai" => PairAngleModel.Tsai,
            _ => throw new InvalidDataException($"{path}: pair_lepton_angles '{pairName}' is neither 'penelope' nor 'tsai'"),
        };
        var coarseName = root.TryGetProperty("coarse_transport", out var coarseNode) ? coarseNode.GetProperty("value").GetString() : null;
        var coarse = coarseName switch
        {
            "penelope" => CoarseTransportModel.Penelope,
            "fine" => CoarseTransportModel.Fine,
            _ => throw new InvalidDataException($"{path}: coarse_transport '{coarseName}' is neither 'penelope' nor 'fine'"),
        };
        var (medium, _) = Config.DetectorConfig.LoadMedium(Path.Combine(configDir, "medium", material + ".json"));
        var s = new GeneratorSettings
        {
            DensityGPerCm3 = V(root, "density"),
            ElectronAbsorptionKev = V(root, "electron_absorption_energy"),
            PhotonAbsorptionKev = V(root, "photon_absorption_energy"),
            DeltaRayCutKev = V(root, "delta_ray_cut"),
            BremCutKev = V(root, "brem_cut"),
            MaxFractionalEnergyLoss = V(root, "max_fractional_energy_loss"),
            MaxStepM = V(root, "max_step"),
            WorldRadiusM = V(root, "world_radius"),
            KFluorescenceYield = V(root, "k_fluorescence_yield"),
            KEdgeKev = V(root, "k_edge"),
            KAlphaKev = V(root, "k_alpha_energy"),
            DepositMeanEnergyKev = V(root, "deposit_mean_energy"),
            DepositMeanEnergyLowKev = V(root, "deposit_mean_energy_low"),
            CoarseAboveKev = V(root, "coarse_above"),
            CoarseDepositMeanEnergyKev = V(root, "coarse_deposit_mean_energy"),
            CoarseTransport = coarse,
            CoarseC1 = V(root, "coarse_c1"),
            CoarseC2 = V(root, "coarse_c2"),
            CoarseDeltaRayCutKev = V(root, "coarse_delta_ray_cut"),
            CoarseBremCutKev = V(root, "coarse_brem_cut"),
            Ionization = model,
            PairAngles = pairAngles,
            WFudge = V(ion, "w_fudge"),
            WEv = medium.WEv,
            Recombination = medium.Recombination,
            Fano = medium.Fano,
            PhysicsDir = Path.Combine(configDir, "physics"),
            Material = material,
        };
        var problems = s.Problems().ToList();
        if (problems.Count > 0) throw new InvalidDataException($"{path}: {string.Join("; ", problems)}");
        return s;
    }

    public IEnumerable<string> Problems()
    {
        if (!(DensityGPerCm3 > 0)) yield return "density must be positive";
        if (!(ElectronAbsorptionKev > 0)) yield return "electron_absorption_energy must be positive";
        if (!(PhotonAbsorptionKev > 0)) yield return "photon_absorption_energy must be positive";
        if (!(DeltaRayCutKev >= ElectronAbsorptionKev)) yield return "delta_ray_cut must be at least the electron absorption energy";
        if (!(BremCutKev > 0)) yield return "brem_cut must be positive";
        if (!(CoarseC1 is > 0 and <= 0.2 && CoarseC2 is > 0 and <= 0.2)) yield return "coarse_c1 and coarse_c2 must be in (0, 0.2] (PENELOPE's range)";
        if (!(CoarseDeltaRayCutKev >= ElectronAbsorptionKev)) yield return "coarse_delta_ray_cut must be at least the electron absorption energy";
        if (!(CoarseBremCutKev > 0)) yield return "coarse_brem_cut must be positive";
        if (!(MaxFractionalEnergyLoss > 0 && MaxFractionalEnergyLoss <= 0.2)) yield return "max_fractional_energy_loss must be in (0, 0.2]";
        if (!(MaxStepM > 0)) yield return "max_step must be positive";
        if (!(DepositMeanEnergyKev > 0 && DepositMeanEnergyLowKev > 0 && CoarseDepositMeanEnergyKev > 0)) yield return "deposit mean energies must be positive";
        if (!(WFudge > 0)) yield return "ionization.w_fudge must be positive";
        if (!(KFluorescenceYield >= 0 && KFluorescenceYield <= 1)) yield return "k_fluorescence_yield must be a probability";
    }

    /// <summary>A short description for the track's meta (model and settings).</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"density={DensityGPerCm3} g/cm3, eabs(e)={ElectronAbsorptionKev} keV, eabs(ph)={PhotonAbsorptionKev} keV, delta cut={DeltaRayCutKev} keV, brem cut={BremCutKev} keV, " +
        $"max dE/E per step={MaxFractionalEnergyLoss}, max step={MaxStepM} m, deposit mean={DepositMeanEnergyLowKev}-{DepositMeanEnergyKev} keV (coarse {CoarseDepositMeanEnergyKev} keV for primaries >= {CoarseAboveKev} keV, transport {CoarseTransport}: C1=C2={CoarseC1}/{CoarseC2}, WCC={CoarseDeltaRayCutKev} keV, WCR={CoarseBremCutKev} keV), pair angles={PairAngles}, ionization={Ionization} (W={WEv} eV, R={Recombination}, F={Fano}, w_fudge={WFudge})");
}
