using System.Globalization;
using System.Text.Json;
using TrackPipeline.Drift;
using TrackPipeline.Readout;

namespace TrackPipeline.Config;

/// <summary>
/// The detector a run simulates: the medium and drift conditions (<c>config/medium/LAr.json</c>) and one readout
/// (<c>config/readouts/&lt;name&gt;.json</c>). Every number in those files is <c>{"value", "unit", "source"}</c>;
/// a number without a source is an error, so that no physics value enters a run unexplained.
/// </summary>
public sealed record DetectorConfig(MediumSettings Medium, DriftSettings Drift, ReadoutSettings Readout)
{
    public const string DefaultMedium = "LAr";

    /// <summary>Reads and validates the medium and readout files below <paramref name="configDir"/>.</summary>
    public static DetectorConfig Load(string configDir, string readoutName, string mediumName = DefaultMedium, double depthM = 0.0)
    {
        var (medium, drift) = LoadMedium(Path.Combine(configDir, "medium", mediumName + ".json"));
        var readout = LoadReadout(Path.Combine(configDir, "readouts", readoutName + ".json"));
        if (!double.IsFinite(depthM) || depthM < 0)
            throw new DetectorConfigException("(run options)", "depth", $"is {depthM} m, expected a finite distance >= 0");
        return new DetectorConfig(medium, drift with { DepthM = depthM }, readout);
    }

    public static (MediumSettings, DriftSettings) LoadMedium(string path)
    {
        using var doc = Open(path);
        var f = new SourcedFile(path);
        var root = doc.RootElement;
        var m = f.Object(root, "medium");
        var mob = f.Object(m, "mobility", "medium.");
        var el = f.Object(m, "electron_energy", "medium.");
        var medium = new MediumSettings
        {
            Name = f.String(root, "name"),
            WEv = f.Positive(m, "w", Unit.ElectronVolt, "medium."),
            Recombination = f.Fraction(m, "recombination", Unit.None, "medium."),
            Fano = f.Positive(m, "fano", Unit.None, "medium."),
            TemperatureK = f.Positive(m, "temperature", Unit.Kelvin, "medium."),
            TransverseDiffusionM2PerS = f.NonNegative(m, "transverse_diffusion", Unit.SquareMetrePerSecond, "medium."),
            Mobility = new MobilityParametrisation(
                f.Positive(mob, "a0", Unit.Mobility, "medium.mobility."), f.NonNegative(mob, "a1", Unit.MobilityPerField, "medium.mobility."),
                f.NonNegative(mob, "a2", Unit.None, "medium.mobility."), f.NonNegative(mob, "a3", Unit.None, "medium.mobility."),
                f.NonNegative(mob, "a4", Unit.None, "medium.mobility."), f.NonNegative(mob, "a5", Unit.None, "medium.mobility."),
                f.Positive(mob, "reference_temperature", Unit.Kelvin, "medium.mobility.")),
            ElectronEnergy = new ElectronEnergyParametrisation(
                f.Positive(el, "b0", Unit.ElectronVolt, "medium.electron_energy."), f.NonNegative(el, "b1", Unit.None, "medium.electron_energy."),
                f.NonNegative(el, "b2", Unit.None, "medium.electron_energy."), f.NonNegative(el, "b3", Unit.None, "medium.electron_energy."),
                f.Positive(el, "reference_temperature", Unit.Kelvin, "medium.electron_energy.")),
        };
        var d = f.Object(root, "drift");
        var drift = new DriftSettings
        {
            FieldVPerM = f.Positive(d, "field", Unit.VoltPerMetre, "drift."),
            ElectronLifetimeS = f.Positive(d, "electron_lifetime", Unit.Second, "drift.", allowInfinity: true),
            DecompressionNoiseFraction = f.Positive(d, "decompression_noise_fraction", Unit.None, "drift."),
            // Optional: a preset written before the bound (or for a detector without one) bounds nothing.
            MaxDepthM = d.TryGetProperty("max_depth", out _) ? f.Positive(d, "max_depth", Unit.Metre, "drift.") : double.PositiveInfinity,
        };
        return (medium, drift);
    }

    public static ReadoutSettings LoadReadout(string path)
    {
        using var doc = Open(path);
        var f = new SourcedFile(path);
        var root = doc.RootElement;
        var name = f.String(root, "name");
        var expected = System.IO.Path.GetFileNameWithoutExtension(path);
        if (!string.Equals(name, expected, StringComparison.Ordinal))
            throw new DetectorConfigException(path, "name", $"is '{name}', expected '{expected}' (the file name)");
        var coarse = root.TryGetProperty("coarse", out var c) ? Level(f, c, "coarse.") : null;
        var fine = root.TryGetProperty("fine", out var p) ? Level(f, p, "fine.") : null;
        if (coarse is null && fine is null) throw new DetectorConfigException(path, "coarse/fine", "a readout needs at least one level");
        var region = root.TryGetProperty("read_region", out var r) ? r.GetString() switch
        {
            "charge_span" => ReadRegion.ChargeSpan,
            "whole_chip" => ReadRegion.WholeChip,
            var other => throw new DetectorConfigException(path, "read_region", $"is '{other}', expected charge_span or whole_chip"),
        } : ReadRegion.ChargeSpan;
        bool keep = !root.TryGetProperty("keep_noiseless", out var k) || k.ValueKind != JsonValueKind.False;
        var settings = new ReadoutSettings { Name = name, Kind = f.String(root, "kind"), Coarse = coarse, Fine = fine, ReadRegion = region, KeepNoiseless = keep };
        // The model checks that the levels fit it (a dual-scale readout needs both, an anode grid one, ...).
        try { ReadoutModels.Create(settings); }
        catch (ReadoutPresetException e) { throw new DetectorConfigException(path, e.Key, e.Message, e); }
        return settings;
    }

    private static ReadoutLevelSettings Level(SourcedFile f, JsonElement e, string prefix)
    {
        return new ReadoutLevelSettings
        {
            Kind = f.String(e, "kind", prefix),
            PitchM = f.Positive(e, "pitch", Unit.Metre, prefix),
            SamplingPitchM = f.Positive(e, "sampling_pitch", Unit.Metre, prefix),
            NoiseE = f.Positive(e, "noise", Unit.Electrons, prefix),
            ThresholdSigma = f.Positive(e, "threshold_sigma", Unit.None, prefix),
            SignalFraction = e.TryGetProperty("signal_fraction", out _) ? f.Fraction(e, "signal_fraction", Unit.None, prefix) : 1.0,
            SignalSharing = e.TryGetProperty("signal_sharing", out _) ? f.Positive(e, "signal_sharing", Unit.Wires, prefix) : 1.0,
        };
    }

    private static JsonDocument Open(string path)
    {
        if (!File.Exists(path))
        {
            var folder = System.IO.Path.GetDirectoryName(path)!;
            string[] known = Directory.Exists(folder) ? [.. Directory.GetFiles(folder, "*.json").Select(System.IO.Path.GetFileNameWithoutExtension).OfType<string>().Order(StringComparer.Ordinal)] : [];
            throw new DetectorConfigException(path, "(file)", $"no such preset (known: {string.Join(", ", known)})");
        }
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DetectorConfigException(path, "(file)", e.Message, e);
        }
        catch (JsonException e)
        {
            throw new DetectorConfigException(path, $"(line {e.LineNumber + 1})", "is not valid JSON: " + e.Message, e);
        }
    }

    /// <summary>
    /// The units the code reads the preset numbers in. A preset's <c>"unit"</c> must be the one its key is read in: the
    /// value is not converted, so a pitch written as 0.5 "mm" would otherwise be used as 0.5 m (breaker 6 F4).
    /// </summary>
    private static class Unit
    {
        public const string None = "";
        public const string Metre = "m";
        public const string Second = "s";
        public const string Kelvin = "K";
        public const string ElectronVolt = "eV";
        public const string Electrons = "e";
        public const string Wires = "wires";
        public const string VoltPerMetre = "V/m";
        public const string SquareMetrePerSecond = "m^2/s";
        // The mobility parametrisation is the reference's own (cm, V, s), see MobilityParametrisation.
        public const string Mobility = "cm^2/(V s)";
        public const string MobilityPerField = "cm^2/(V s) per kV/cm";
    }

    /// <summary>Reads sourced numbers from one file, naming the file and the dotted key in every error.</summary>
    private sealed class SourcedFile(string path)
    {
        public string Path { get; } = path;

        public JsonElement Object(JsonElement parent, string key, string prefix = "")
        {
            if (!parent.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.Object)
                throw new DetectorConfigException(Path, prefix + key, "is missing or not an object");
            return v;
        }

        public string String(JsonElement parent, string key, string prefix = "")
        {
            if (!parent.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
                throw new DetectorConfigException(Path, prefix + key, "is missing or not a non-empty string");
            return v.GetString()!;
        }

        public double Positive(JsonElement parent, string key, string unit, string prefix = "", bool allowInfinity = false)
        {
            var x = Number(parent, key, unit, prefix, allowInfinity);
            if (!(x > 0)) throw new DetectorConfigException(Path, prefix + key, $"is {Fmt(x)}, expected a value > 0");
            return x;
        }

        public double NonNegative(JsonElement parent, string key, string unit, string prefix = "")
        {
            var x = Number(parent, key, unit, prefix, false);
            if (!(x >= 0)) throw new DetectorConfigException(Path, prefix + key, $"is {Fmt(x)}, expected a value >= 0");
            return x;
        }

        public double Fraction(JsonElement parent, string key, string unit, string prefix = "")
        {
            var x = Number(parent, key, unit, prefix, false);
            if (!(x >= 0 && x <= 1)) throw new DetectorConfigException(Path, prefix + key, $"is {Fmt(x)}, expected a fraction in [0, 1]");
            return x;
        }

        private double Number(JsonElement parent, string key, string unit, string prefix, bool allowInfinity)
        {
            var name = prefix + key;
            if (!parent.TryGetProperty(key, out var v) || v.ValueKind != JsonValueKind.Object)
                throw new DetectorConfigException(Path, name, "is missing; expected {\"value\": ..., \"unit\": ..., \"source\": ...}");
            if (!v.TryGetProperty("source", out var s) || s.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(s.GetString()))
                throw new DetectorConfigException(Path, name + ".source", "is missing: every number needs a source");
            if (!v.TryGetProperty("unit", out var u) || u.ValueKind != JsonValueKind.String)
                throw new DetectorConfigException(Path, name + ".unit", "is missing (use \"\" for a pure number)");
            if (!string.Equals(u.GetString(), unit, StringComparison.Ordinal))
                throw new DetectorConfigException(Path, name + ".unit", $"is '{u.GetString()}', expected '{unit}'{(unit.Length == 0 ? " (a pure number)" : "")}: the value is read in '{unit}' and not converted; write it in '{unit}'");
            if (!v.TryGetProperty("value", out var x))
                throw new DetectorConfigException(Path, name + ".value", "is missing");
            if (x.ValueKind == JsonValueKind.Number) return x.GetDouble();
            if (allowInfinity && x.ValueKind == JsonValueKind.String && x.GetString() == "infinity") return double.PositiveInfinity;
            throw new DetectorConfigException(Path, name + ".value", $"is {x.ValueKind}, expected a number{(allowInfinity ? " or \"infinity\"" : "")}");
        }

        private static string Fmt(double x) => x.ToString("R", CultureInfo.InvariantCulture);
    }
}
