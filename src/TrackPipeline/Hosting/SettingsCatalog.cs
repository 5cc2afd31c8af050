using System.Text.Json.Nodes;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Hosting;
using TrackPipeline.Classification;
using TrackPipeline.Classification.Learning;
using TrackPipeline.Pipeline;
using TrackPipeline.Reconstruction;
using TrackPipeline.Rendering;
using TrackPipeline.Topology;

namespace TrackPipeline.App.Hosting;

/// <summary>
/// One settings section: its name, the class it binds to, how that class finds its own problems, how a fresh object of it
/// is bound from the configuration, and how the host registers it with the options pattern. The binding and the
/// registration are delegates made where the class is known at compile time, so that the configuration binder's source
/// generator writes the binding code (no reflection binder, nothing for the trimmer or Native AOT to guess).
/// </summary>
/// <remarks>The class's public properties are kept by the trimmer (<see cref="SettingsCatalog.Kept"/>): the catalog lists
/// and checks them by reflection (their names and types, for the unknown-key and conversion messages and the list
/// replacement), also in a Native AOT build.</remarks>
public sealed record SettingsSection(
    string Name,
    [property: DynamicallyAccessedMembers(SettingsCatalog.Kept)] [param: DynamicallyAccessedMembers(SettingsCatalog.Kept)] Type Type,
    Func<object, IConfiguration, IEnumerable<string>> Problems,
    Func<IConfiguration, object> BindNew,
    Action<HostApplicationBuilder, SettingsSection> AddOptions);

/// <summary>
/// Every settings section the run knows, registered once: the host binds and validates these, the command line
/// rejects keys that are not among them, and the settings test checks the shipped files against them.
/// </summary>
public static class SettingsCatalog
{
    // Each line names its class twice, in Section<T> and in the binding lambda's `c.Bind(o)`: that call, with `o` of a
    // concrete type, is what the configuration binder's source generator (EnableConfigurationBindingGenerator in
    // TrackPipeline.csproj) replaces by generated code. A call through a type parameter would fall back to reflection.
    public static readonly IReadOnlyList<SettingsSection> Sections =
    [
        Section<RunOptions>(RunOptions.Section, s => s.Problems(), static (c, o) => c.Bind(o)),
        Section<DetectorOptions>(DetectorOptions.Section, StageFactory.Problems, static (c, o) => c.Bind(o)),
        Section<TopologySettings>(TopologySettings.Section, s => s.Problems(), static (c, o) => c.Bind(o)),
        // The model file is needed only where tracks are classified: not with --readout none (breaker 10 F4).
        // A model that cannot score this run's features (another view, other feature settings) is refused (breaker17 F4).
        Section<ClassifierSettings>(ClassifierSettings.Section, (s, c) => s.Problems(modelNeeded: ClassifierModelDigest.Classifies(c)) is var own && own.Any() ? own
            : ClassifierModelFit.Problems(s, c), static (c, o) => c.Bind(o)),
        Section<ReconstructionSettings>(ReconstructionSettings.Section, s => s.Problems(), static (c, o) => c.Bind(o)),
        Section<LabelSettings>(LabelSettings.Section, s => s.Problems(), static (c, o) => c.Bind(o)),
        Section<TrainingSettings>(TrainingSettings.Section, s => s.Problems(), static (c, o) => c.Bind(o)),
        // The generator also looks at get-only properties; RenderOptions.ResolvedColormap (a Colormap, made by name, no public
        // constructor) is not a setting, and is rightly skipped (the reflection binder skipped it too: no key names it).
#pragma warning disable SYSLIB1100, SYSLIB1101
        Section<RenderOptions>(RenderOptions.Section, s => s.Problems(), static (c, o) => c.Bind(o)),
#pragma warning restore SYSLIB1100, SYSLIB1101
    ];

    /// <summary>Keys owned by the framework (logging, the host's own content root and environment), passed through unchecked.</summary>
    public static readonly IReadOnlySet<string> FrameworkSections = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Logging", HostDefaults.ContentRootKey, HostDefaults.EnvironmentKey, HostDefaults.ApplicationKey,
    };

    /// <summary>What the trimmer keeps of a settings class: its properties (listed, checked, bound) and its constructor.</summary>
    public const DynamicallyAccessedMemberTypes Kept = DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor;

    private static SettingsSection Section<[DynamicallyAccessedMembers(Kept)] T>(string name, Func<T, IEnumerable<string>> problems, Action<IConfiguration, T> bind)
        where T : class, new() =>
        Section<T>(name, (o, _) => problems(o), bind);

    /// <summary>A section whose checks depend on other sections of the configuration.</summary>
    /// <param name="bind">Binds the section's configuration (the <c>Name</c> section, not the root) into an object.</param>
    private static SettingsSection Section<[DynamicallyAccessedMembers(Kept)] T>(string name, Func<T, IConfiguration, IEnumerable<string>> problems, Action<IConfiguration, T> bind)
        where T : class, new() =>
        new(name, typeof(T), (o, c) => problems((T)o, c),
            c =>
            {
                var settings = new T();
                bind(c, settings);
                return settings;
            },
            (builder, section) => Commands.RunCommand.AddValidated(builder, section, bind));

    /// <summary>The bindable properties of a settings class.</summary>
    public static IEnumerable<PropertyInfo> Settings([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.SetMethod!.IsPublic);

    /// <summary>
    /// Every problem of a configuration, one sentence each: unknown sections and keys (with the nearest known name),
    /// values that do not convert (enums list their values), then each section's own checks.
    /// Keys starting with '_' are comments.
    /// </summary>
    /// <param name="skipOwnChecksOf">Sections whose own checks do not apply to the caller (their keys are still checked).</param>
    public static List<string> Problems(IConfiguration configuration, IReadOnlyCollection<string>? skipOwnChecksOf = null)
    {
        var problems = new List<string>();
        foreach (var child in configuration.GetChildren())
        {
            if (child.Key.StartsWith('_') || FrameworkSections.Contains(child.Key)) continue;
            var section = Sections.FirstOrDefault(s => s.Name.Equals(child.Key, StringComparison.OrdinalIgnoreCase));
            if (section is null)
            {
                problems.Add($"{child.Key}: unknown settings section{Nearest(child.Key, Sections.Select(s => s.Name))} (known: {string.Join(", ", Sections.Select(s => s.Name))}), in {GivenIn(configuration, child.Key)}");
                continue;
            }
            var properties = Settings(section.Type).ToList();
            bool converted = true;
            if (configuration is IConfigurationRoot shaped && SectionShapeProblem(shaped, section.Name) is { } shape)
            {
                problems.Add($"{section.Name}: {shape}");
                converted = false;
            }
            foreach (var key in child.GetChildren())
            {
                if (key.Key.StartsWith('_')) continue;
                var property = properties.FirstOrDefault(p => p.Name.Equals(key.Key, StringComparison.OrdinalIgnoreCase));
                if (property is null)
                {
                    // A key an earlier version had is named as removed, with what that means, not as a typo.
                    var source = GivenIn(configuration, $"{section.Name}:{key.Key}");
                    problems.Add(RemovedSettings.Find(section.Name, key.Key) is { } removed ? RemovedSettings.Problem(removed, source)
                        : $"{section.Name}:{key.Key}: unknown setting{Nearest(key.Key, properties.Select(p => p.Name))}, in {source}");
                    converted = false;
                    continue;
                }
                var problem = ConversionProblem(property.PropertyType, key);
                if (problem is not null)
                {
                    problems.Add($"{section.Name}:{property.Name}: {problem}");
                    converted = false;
                }
            }
            if (!converted || skipOwnChecksOf?.Contains(section.Name) == true) continue;
            // A list's own checks (order, sign) name the source that gave the list, as its shape problems do.
            foreach (var problem in section.Problems(Bind(configuration, section), configuration))
            {
                var list = properties.FirstOrDefault(p => p.PropertyType.IsArray && IsAbout(problem, $"{section.Name}:{p.Name}"));
                problems.Add(list is null ? problem : $"{problem}, in {GivenIn(configuration, $"{section.Name}:{list.Name}")}");
            }
        }
        if (configuration is IConfigurationRoot root)
            foreach (var (sectionName, key) in ListSettings())
            {
                var path = $"{sectionName}:{key}";
                if (ListShapeProblem(root, path) is { } shape && !problems.Any(p => p.StartsWith(path + ":", StringComparison.OrdinalIgnoreCase)))
                    problems.Add($"{path}: {shape}");
            }
        foreach (var section in Sections.Where(s => !configuration.GetSection(s.Name).Exists()))
            problems.Add($"{section.Name}: section missing from the settings (the shipped defaults were not loaded)");
        return problems;
    }

    /// <summary>
    /// A list as the last source that sets it gives it (<see cref="EffectiveList"/>) must be one: a JSON null kept the
    /// shipped list silently, a section (<c>{"a":4}</c>) was taken as <c>[4]</c>, items with one missing
    /// (<c>--Topology:ProngSearchRadiiMm:1 3</c>, where the index is dropped) were taken as the whole list <c>[3]</c>, and
    /// a whole list beside an item in the same source (environment variables <c>..ProngSearchRadiiMm=3,7</c> and
    /// <c>..ProngSearchRadiiMm__2=9</c>) silently dropped the item. The advice is in the source's own form: the command
    /// line and the environment take one comma-separated value, a JSON file an array.
    /// </summary>
    private static string? ListShapeProblem(IConfigurationRoot root, string path)
    {
        foreach (var provider in root.Providers.Reverse())
        {
            bool set = provider.TryGet(path, out var scalar);
            var keys = provider.GetChildKeys([], path).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
            if (keys.Count == 0)
            {
                if (!set) continue;
                return scalar is null ? $"is null, not a list (leave the key out for the shipped list; {SourceName(provider)})" : null;
            }
            if (set && scalar is not null)
                return $"is given both whole ({scalar}) and by item ({string.Join(", ", keys)}) in {SourceName(provider)}, and the whole list would drop the items: {WholeList(provider, path)}";
            var indices = new SortedSet<int>();
            foreach (var k in keys)
            {
                if (!int.TryParse(k, NumberStyles.None, CultureInfo.InvariantCulture, out var i))
                    return $"is a section (keys {string.Join(", ", keys)}), not a list, in {SourceName(provider)}: {WholeList(provider, path)}";
                indices.Add(i);
            }
            int missing = 0;
            while (indices.Contains(missing)) missing++;
            if (missing < indices.Count)
                return $"is not a whole list (items {string.Join(", ", indices)} given, item {missing} missing, in {SourceName(provider)}): {WholeList(provider, path)}";
            // Breaker14 F9: on the command line and in the environment an item reads as "change item 0", yet the last
            // source gives the list whole, so --Training:EnergiesKev:0 300 trained on [300] alone. There a list is one
            // value; a JSON file's items 0..n-1 are its array.
            if (provider is CommandLineConfigurationProvider or EnvironmentVariablesConfigurationProvider)
            {
                var given = string.Join(",", indices.Select(i => provider.TryGet($"{path}:{i}", out var v) ? v : ""));
                var below = ListBelow(root, provider, path) is { } earlier ? $" (the list before it: {string.Join(",", earlier)})" : "";
                return $"is given by item ({string.Join(", ", indices.Select(i => $"item {i}"))}) in {SourceName(provider)}, which would replace the whole list{below} "
                    + $"with [{given}], not change those items: a list is given whole, {WholeList(provider, path)}";
            }
            return null;
        }
        return null;
    }

    /// <summary>The list at <paramref name="path"/> as the sources below <paramref name="above"/> give it (null when none does).</summary>
    private static List<string?>? ListBelow(IConfigurationRoot root, IConfigurationProvider above, string path)
    {
        var below = root.Providers.TakeWhile(p => !ReferenceEquals(p, above)).Reverse();
        return EffectiveList(below, path);
    }

    /// <summary>Whether <paramref name="problem"/> is about the setting <paramref name="path"/> ("Training:EnergiesKev must ...").</summary>
    private static bool IsAbout(string problem, string path) =>
        problem.StartsWith(path, StringComparison.OrdinalIgnoreCase) && problem.Length > path.Length && problem[path.Length] is ' ' or ':';

    /// <summary>The source that sets <paramref name="path"/> last, in the user's words (<see cref="SourceName"/>).</summary>
    public static string GivenIn(IConfiguration configuration, string path)
    {
        if (configuration is IConfigurationRoot root)
            foreach (var provider in root.Providers.Reverse())
                if (provider.TryGet(path, out _) || provider.GetChildKeys([], path).Any())
                    return SourceName(provider);
        return "a settings source";
    }

    /// <summary>How to give a whole list in the form <paramref name="provider"/> reads.</summary>
    private static string WholeList(IConfigurationProvider provider, string path) => provider switch
    {
        CommandLineConfigurationProvider => $"give every item in one value, e.g. --{path} 4,9",
        EnvironmentVariablesConfigurationProvider => $"give every item in one value, e.g. {EnvironmentPrefix}{path.Replace(":", "__", StringComparison.Ordinal)}=4,9",
        JsonConfigurationProvider or JsonStreamConfigurationProvider => $"give every item as a JSON array, e.g. \"{path[(path.LastIndexOf(':') + 1)..]}\": [4, 9]",
        _ => "give every item",
    };

    /// <summary>The prefix of the environment variables the run reads (<c>TRACKPIPELINE_Run__Seed</c>).</summary>
    public const string EnvironmentPrefix = "TRACKPIPELINE_";

    /// <summary>Where a setting came from, in the user's words: the command line, the environment, a file by name.</summary>
    public static string SourceName(IConfigurationProvider provider) => provider switch
    {
        CommandLineConfigurationProvider => "the command line",
        EnvironmentVariablesConfigurationProvider => $"the environment ({EnvironmentPrefix}*)",
        FileConfigurationProvider file => file.Source.Path is { } p ? Path.GetFileName(p) : "a settings file",
        JsonStreamConfigurationProvider => "a JSON settings stream",
        _ => "a settings source",
    };

    /// <summary>
    /// A section given a value in some source: <c>{"Topology": null}</c> (or <c>{}</c>, which the JSON reader makes a
    /// null too) changed nothing and was accepted; <c>{"Topology": 5}</c> likewise.
    /// </summary>
    private static string? SectionShapeProblem(IConfigurationRoot root, string name)
    {
        foreach (var provider in root.Providers)
            if (provider.TryGet(name, out var value))
                // An empty JSON array ({"Topology": []}) reads as the text '': said as what the user wrote.
                return (value is null ? "is null (or an empty {}), not a section of settings"
                        : value.Length == 0 ? "is empty (an empty list [] or text), not a section of settings"
                        : $"is a value ('{value}'), not a section of settings")
                    + $", in {SourceName(provider)}: leave it out for the shipped settings, or give its keys";
        return null;
    }

    private static string? ConversionProblem(Type type, IConfigurationSection key)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        // A JSON null: the binding would skip it and leave the class's own default (not the shipped value), or fail on it
        // inside a list (exit 134). Text and settings that may be absent (int?) take it as "none".
        if (key.Value is null && !key.GetChildren().Any())
            return type == typeof(string) || target != type ? null : $"is null, not {Describe(target)} (leave the key out for the default)";
        if (target.IsArray)
        {
            var element = target.GetElementType()!;
            foreach (var item in key.GetChildren())
            {
                if (item.Value is null && !item.GetChildren().Any()) return $"item {item.Key} is null, not {Describe(element)}";
                if (ConversionProblem(element, item) is { } p) return $"item {item.Key}: {p}";
            }
            if (key.Value is { Length: > 0 })
                foreach (var item in key.Value.Split(',', StringSplitOptions.TrimEntries))
                    if (ConversionProblem(element, Scalar(item)) is { } p) return p;
            return null;
        }
        // A list or section where one value is expected: checked before the value, since a value of an earlier source
        // (the shipped file) stays under the list's items and would be what the binding reads (or nothing at all).
        if (key.GetChildren().Any() || key.Value is not { } value) return $"is a list or a section, not a single value ({Describe(target)})";
        if (target.IsEnum)
            return Enum.TryParse(target, value, ignoreCase: true, out var parsed) && Enum.IsDefined(target, parsed!) && !int.TryParse(value, out _)
                ? null
                : $"'{value}' is not one of {string.Join(", ", Enum.GetNames(target).Select(n => n.ToLowerInvariant()))}";
        if (target == typeof(string)) return null;
        // An empty JSON list ("DepthM": []) reaches here as an empty text: said as such, not as "'' is not a number".
        if (value.Length == 0) return $"is empty (an empty list or text), not {Describe(target)}";
        if (NumberOverflow.Problem(target, value) is { } overflow) return overflow;
        try
        {
            Scalar(target, value);
            return null;
        }
        catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException or OverflowException || e.InnerException is FormatException or OverflowException)
        {
            return $"'{value}' is not {Describe(target)}";
        }
    }

    /// <summary>
    /// A setting's text as a value of its type, read as the generated binding reads it (invariant culture; integers in
    /// decimal, numbers in any float form, enums by name in any case), so that what the checks accept the binding binds.
    /// Not TypeDescriptor's converters: they are found by reflection, which the trimmer cannot follow.
    /// </summary>
    /// <exception cref="FormatException">The text is not a value of the type.</exception>
    /// <exception cref="OverflowException">The number is outside the type's range.</exception>
    internal static object Scalar(Type type, string text) =>
        type == typeof(string) ? text
        : type == typeof(bool) ? bool.Parse(text)
        : type == typeof(int) ? int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
        : type == typeof(long) ? long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
        : type == typeof(uint) ? uint.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
        : type == typeof(ulong) ? ulong.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture)
        : type == typeof(double) ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)
        : type == typeof(float) ? float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)
        : type.IsEnum ? Enum.Parse(type, text, ignoreCase: true)
        : throw new NotSupportedException($"a setting of type {type.Name} has no reader (SettingsCatalog.Scalar)");

    private static IConfigurationSection Scalar(string value) =>
        new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("x", (string?)value)]).Build().GetSection("x");

    /// <summary>A fresh settings object of <paramref name="section"/> bound from <paramref name="configuration"/>, lists replaced whole.</summary>
    public static object Bind(IConfiguration configuration, SettingsSection section)
    {
        var settings = section.BindNew(configuration.GetSection(section.Name));
        if (configuration is IConfigurationRoot root) ReplaceLists(root, section, settings);
        return settings;
    }

    /// <summary>
    /// A list setting comes whole from the last source that sets it, as a JSON array or as one comma-separated value
    /// (<c>--Topology:ProngSearchRadiiMm 3,7</c>). The configuration system merges lists index by index, so without
    /// this a shorter list given on the command line would keep the tail of the shipped one.
    /// </summary>
    public static void ReplaceLists(IConfigurationRoot root, SettingsSection section, object settings)
    {
        foreach (var property in Settings(section.Type).Where(p => p.PropertyType.IsArray))
        {
            if (EffectiveList(root, $"{section.Name}:{property.Name}") is not { } items) continue;
            var element = property.PropertyType.GetElementType()!;
            // The array type is the property's own, so nothing is made at run time (Native AOT has it compiled).
            var list = Array.CreateInstanceFromArrayType(property.PropertyType, items.Count);
            for (int i = 0; i < items.Count; i++) list.SetValue(Scalar(element, items[i] ?? ""), i);
            property.SetValue(settings, list);
        }
    }

    /// <summary>The list at <paramref name="path"/> as the last source that sets it gives it (null when none does).</summary>
    public static List<string?>? EffectiveList(IConfigurationRoot root, string path) => EffectiveList(root.Providers.Reverse(), path);

    /// <summary>The list at <paramref name="path"/> as the first of <paramref name="lastFirst"/> that sets it gives it.</summary>
    private static List<string?>? EffectiveList(IEnumerable<IConfigurationProvider> lastFirst, string path)
    {
        foreach (var provider in lastFirst)
        {
            if (provider.TryGet(path, out var scalar) && scalar is not null)
                return [.. scalar.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];
            var keys = provider.GetChildKeys([], path).Distinct().ToList();
            if (keys.Count == 0) continue;
            return keys.OrderBy(k => int.TryParse(k, out var i) ? i : int.MaxValue)
                .Select(k => provider.TryGet($"{path}:{k}", out var v) ? v : null).ToList();
        }
        return null;
    }

    /// <summary>Section:Key of every list setting.</summary>
    public static IEnumerable<(string Section, string Key)> ListSettings() =>
        Sections.SelectMany(s => Settings(s.Type).Where(p => p.PropertyType.IsArray).Select(p => (s.Name, p.Name)));

    private static string Describe(Type t) =>
        t == typeof(string) ? "a text"
        : t.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(t).Select(n => n.ToLowerInvariant()))}"
        : t == typeof(bool) ? "true or false"
        : t == typeof(int) || t == typeof(long) ? "an integer"
        : t == typeof(ulong) || t == typeof(uint) ? "a non-negative integer"
        : t == typeof(double) || t == typeof(float) ? "a number"
        : "a " + t.Name;

    /// <summary>" (did you mean X?)" for a known name within a small edit distance.</summary>
    public static string Nearest(string name, IEnumerable<string> known)
    {
        var best = known.Select(k => (k, d: EditDistance(name.ToLowerInvariant(), k.ToLowerInvariant()))).OrderBy(t => t.d).FirstOrDefault();
        return best.k is not null && best.d <= Math.Max(2, name.Length / 3) ? $" (did you mean {best.k}?)" : "";
    }

    private static int EditDistance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }

    /// <summary>
    /// The effective value of every setting, sections in name order (for <c>run --show-settings</c>). Built as JSON nodes
    /// from the values' own types rather than by the reflection serializer, which a Native AOT program does not have.
    /// </summary>
    public static JsonObject Effective(IConfiguration configuration)
    {
        var result = new JsonObject();
        foreach (var section in Sections.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            var settings = Bind(configuration, section);
            var values = new JsonObject();
            foreach (var p in Settings(section.Type)) values[p.Name] = Node(p.GetValue(settings), $"{section.Name}:{p.Name}");
            result[section.Name] = values;
        }
        return result;
    }

    /// <summary>A setting's value as JSON: numbers, text, enums by name (as they are written in the settings), lists.</summary>
    private static JsonNode? Node(object? value, string key) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool b => JsonValue.Create(b),
        Enum e => JsonValue.Create(e.ToString()),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        ulong u => JsonValue.Create(u),
        double d => JsonValue.Create(d),
        float f => JsonValue.Create(f),
        System.Collections.IEnumerable list => new JsonArray([.. list.Cast<object?>().Select(item => Node(item, key))]),
        _ => throw new InvalidOperationException($"{key}: a setting of type {value.GetType().Name} has no JSON form in --show-settings"),
    };

    internal static string Invariant(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
}
