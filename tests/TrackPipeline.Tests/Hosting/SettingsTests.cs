using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TrackPipeline.App.Commands;
using TrackPipeline.App.Hosting;
using TrackPipeline.Config;
using TrackPipeline.Topology;

namespace TrackPipeline.Tests.Hosting;

/// <summary>Every default lives once, in the shipped JSON; the host binds exactly that; lists are replaced, not merged.</summary>
public sealed class SettingsTests
{
    public static TheoryData<string> Sections() => [.. SettingsCatalog.Sections.Select(s => s.Name)];

    private static SettingsSection SectionNamed(string name) => SettingsCatalog.Sections.Single(s => s.Name == name);

    [Theory]
    [MemberData(nameof(Sections))]
    public void A_settings_class_carries_no_default_of_its_own(string name)
    {
        var section = SectionNamed(name);
        var fresh = Activator.CreateInstance(section.Type)!;
        foreach (var property in SettingsCatalog.Settings(section.Type))
        {
            var value = property.GetValue(fresh);
            bool neutral = value switch
            {
                null => true,
                string s => s.Length == 0,
                Array a => a.Length == 0,
                _ => value.Equals(Activator.CreateInstance(property.PropertyType)),
            };
            Assert.True(neutral, $"{name}:{property.Name} has the C# default '{value}': defaults live in the shipped JSON only");
        }
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void The_shipped_json_sets_every_setting_and_nothing_else(string name)
    {
        var shipped = ShippedSettings.Configuration.GetSection(name);
        foreach (var property in SettingsCatalog.Settings(SectionNamed(name).Type))
            Assert.True(shipped.GetSection(property.Name).Exists() || property.PropertyType == typeof(string),
                $"{name}:{property.Name} is not in {string.Join(" or ", ShippedSettings.Files)}");
        Assert.Empty(SettingsCatalog.Problems(ShippedSettings.Configuration));
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void The_host_binds_exactly_the_shipped_values(string name)
    {
        // The 16-radii bug: a C# array initialiser plus the JSON list bound to both, appended. Compare the host's
        // options with the values read straight from the file.
        using var host = RunCommand.CreateBuilder(null, []).Build();
        var section = SectionNamed(name);
        var bound = host.Services.GetRequiredService(typeof(IOptions<>).MakeGenericType(section.Type));
        var value = bound.GetType().GetProperty("Value")!.GetValue(bound)!;
        var fromFile = SettingsCatalog.Bind(ShippedSettings.Configuration, section);
        foreach (var property in SettingsCatalog.Settings(section.Type))
        {
            var expected = property.GetValue(fromFile);
            var actual = property.GetValue(value);
            if (expected is Array e) Assert.Equal(e.Cast<object>(), ((Array)actual!).Cast<object>());
            else Assert.Equal(expected, actual);
        }
    }

    /// <summary>The shipped settings with one more JSON file over them, as <c>--config</c> adds it.</summary>
    private static IConfigurationRoot WithConfigFile(string json) =>
        ShippedSettings.AddTo(new ConfigurationBuilder()).AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json))).Build();

    /// <summary>
    /// Every single-valued setting of the catalogue, given a list or a section in a --config file, is refused with one
    /// line naming it: the shipped value stayed under the list's items and was what the binding read (DepthM [1,2] ran
    /// with the shipped depth, silently). A JSON null in place of a number or a switch is refused too (the binding left
    /// the class's own default); text and optional settings pass null on to their section's own checks.
    /// </summary>
    [Theory]
    [MemberData(nameof(Sections))]
    public void A_list_or_null_where_one_value_is_expected_is_one_problem_naming_the_setting(string name)
    {
        foreach (var property in SettingsCatalog.Settings(SectionNamed(name).Type).Where(p => !p.PropertyType.IsArray))
        {
            var key = $"{name}:{property.Name}";
            foreach (var value in (string[])["[1,2]", "{\"a\":1}"])
            {
                var problems = SettingsCatalog.Problems(WithConfigFile($"{{\"{name}\":{{\"{property.Name}\":{value}}}}}"));
                var problem = Assert.Single(problems);
                Assert.StartsWith(key + ": is a list or a section, not a single value", problem);
            }
            bool takesNull = property.PropertyType == typeof(string) || Nullable.GetUnderlyingType(property.PropertyType) is not null;
            var withNull = SettingsCatalog.Problems(WithConfigFile($"{{\"{name}\":{{\"{property.Name}\":null}}}}"));
            // A text given null is left to the section's own checks (an --output is required, a colormap must be known).
            if (takesNull) Assert.DoesNotContain(withNull, p => p.StartsWith(key + ": is ", StringComparison.Ordinal));
            else Assert.StartsWith(key + ": is null", Assert.Single(withNull));
        }
    }

    /// <summary>A null inside a list crashed the run (exit 134: the list replacement parsed it as a number); now one problem naming the item.</summary>
    [Fact]
    public void A_null_inside_a_list_is_one_problem_naming_the_setting_and_the_item()
    {
        var problems = SettingsCatalog.Problems(WithConfigFile("{\"Topology\":{\"ProngSearchRadiiMm\":[4,null,9]}}"));
        Assert.Equal("Topology:ProngSearchRadiiMm: item 1 is null, not a number", Assert.Single(problems));
        Assert.Empty(SettingsCatalog.Problems(WithConfigFile("{\"Topology\":{\"ProngSearchRadiiMm\":[4,9]}}")));
    }

    /// <summary>
    /// Known issues, session 26 breaker12 item 7: a list setting given in a shape that is not a whole list was taken
    /// silently (a null kept the shipped list, a section was read as its values, an index without the items before it
    /// replaced the whole list), an empty list where a number is expected was "'' is not a number", unsorted radii passed.
    /// </summary>
    [Fact]
    public void A_list_setting_that_is_not_a_whole_list_is_one_problem_naming_it()
    {
        const string key = "Topology:ProngSearchRadiiMm";
        Assert.StartsWith(key + ": is null, not a list", Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Topology":{"ProngSearchRadiiMm":null}}"""))));
        Assert.StartsWith(key + ": is a section (keys a), not a list", Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Topology":{"ProngSearchRadiiMm":{"a":4}}}"""))));
        var indexed = ShippedSettings.AddTo(new ConfigurationBuilder()).AddCommandLine(["--Topology:ProngSearchRadiiMm:1", "3"]).Build();
        Assert.Equal(key + ": is not a whole list (items 1 given, item 0 missing, in the command line): give every item in one value, e.g. --" + key + " 4,9",
            Assert.Single(SettingsCatalog.Problems(indexed)));
        // Breaker13 item 4: a gap was called "not numbered from 0", and a JSON array was suggested on the command line.
        var gap = ShippedSettings.AddTo(new ConfigurationBuilder()).AddCommandLine(["--Topology:ProngSearchRadiiMm:0", "3", "--Topology:ProngSearchRadiiMm:2", "9"]).Build();
        Assert.StartsWith(key + ": is not a whole list (items 0, 2 given, item 1 missing", Assert.Single(SettingsCatalog.Problems(gap)));
        Assert.EndsWith("""give every item as a JSON array, e.g. "ProngSearchRadiiMm": [4, 9]""",
            Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Topology":{"ProngSearchRadiiMm":{"1":4}}}"""))));
        // A whole list beside one of its items in one source (the environment can say both) dropped the item silently.
        var both = ShippedSettings.AddTo(new ConfigurationBuilder()).AddInMemoryCollection(
            [KeyValuePair.Create(key, (string?)"3,7"), KeyValuePair.Create(key + ":2", (string?)"9")]).Build();
        Assert.StartsWith(key + ": is given both whole (3,7) and by item (2)", Assert.Single(SettingsCatalog.Problems(both)));
        Assert.StartsWith(key + " must increase", Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Topology":{"ProngSearchRadiiMm":[9,4]}}"""))));
        Assert.StartsWith(key + " must increase", Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Topology":{"ProngSearchRadiiMm":[4,4]}}"""))));
        Assert.Equal("Detector:DepthM: is empty (an empty list or text), not a number", Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Detector":{"DepthM":[]}}"""))));
        // Whole lists in every accepted shape still pass.
        Assert.Empty(SettingsCatalog.Problems(ShippedSettings.AddTo(new ConfigurationBuilder()).AddCommandLine(["--Topology:ProngSearchRadiiMm", "3,7"]).Build()));
        Assert.Empty(SettingsCatalog.Problems(WithConfigFile("""{"Topology":{"ProngSearchRadiiMm":[4,9]}}""")));
    }

    /// <summary>
    /// Breaker14 F9: <c>--Training:EnergiesKev:0 300</c> (item 0 alone, also over a <c>--config</c> list) silently became
    /// the whole list [300], while item 1 alone was refused. On the command line a list is one value: every item form is
    /// refused, saying what it would have made of the list.
    /// </summary>
    [Fact]
    public void A_list_given_by_item_on_the_command_line_is_refused_saying_what_it_would_replace()
    {
        const string key = "Training:EnergiesKev";
        var shipped = string.Join(",", ShippedSettings.Configuration.GetSection(key).GetChildren().Select(c => c.Value));
        var first = Assert.Single(SettingsCatalog.Problems(ShippedSettings.AddTo(new ConfigurationBuilder()).AddCommandLine(["--" + key + ":0", "300"]).Build()));
        Assert.Equal($"{key}: is given by item (item 0) in the command line, which would replace the whole list (the list before it: {shipped}) with [300], "
            + $"not change those items: a list is given whole, give every item in one value, e.g. --{key} 4,9", first);
        var overConfig = ShippedSettings.AddTo(new ConfigurationBuilder())
            .AddJsonStream(new MemoryStream("""{"Training":{"EnergiesKev":[100,1000]}}"""u8.ToArray()))
            .AddCommandLine(["--" + key + ":0", "300"]).Build();
        Assert.StartsWith($"{key}: is given by item (item 0) in the command line, which would replace the whole list (the list before it: 100,1000) with [300]",
            Assert.Single(SettingsCatalog.Problems(overConfig)));
        // Every item given is refused alike (a user reads it as changing those items of the list below).
        var all = ShippedSettings.AddTo(new ConfigurationBuilder()).AddCommandLine(["--Topology:ProngSearchRadiiMm:0", "3", "--Topology:ProngSearchRadiiMm:1", "7"]).Build();
        Assert.StartsWith("Topology:ProngSearchRadiiMm: is given by item (item 0, item 1) in the command line", Assert.Single(SettingsCatalog.Problems(all)));
        // The whole list in one value, and a JSON array (its items 0..n-1), still pass.
        Assert.Empty(SettingsCatalog.Problems(ShippedSettings.AddTo(new ConfigurationBuilder()).AddCommandLine(["--" + key, "300,1000"]).Build()));
        Assert.Empty(SettingsCatalog.Problems(WithConfigFile("""{"Training":{"EnergiesKev":[300,1000]}}""")));
    }

    /// <summary>Breaker14 F7: an empty array for a section was "is a value ('')"; an empty energy list did not name its file.</summary>
    [Fact]
    public void A_section_given_an_empty_list_and_an_empty_list_setting_are_said_as_written_naming_the_source()
    {
        Assert.Equal("Topology: is empty (an empty list [] or text), not a section of settings, in a JSON settings stream: leave it out for the shipped settings, or give its keys",
            Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Topology":[]}"""))));
        Assert.EndsWith(", in a JSON settings stream", Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Training":{"EnergiesKev":[]}}"""))));
    }

    /// <summary>Breaker13 item 4: the momentum's segment lengths, unsorted or repeated, passed where the prong radii are refused.</summary>
    [Fact]
    public void Momentum_segment_lengths_must_increase_each_once()
    {
        const string key = "Reconstruction:MomentumSegmentsMm";
        Assert.StartsWith(key + " must increase", Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Reconstruction":{"MomentumSegmentsMm":[10,5]}}"""))));
        Assert.StartsWith(key + " must increase", Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Reconstruction":{"MomentumSegmentsMm":[5,5]}}"""))));
        Assert.StartsWith(key + " must increase", Assert.Single(SettingsCatalog.Problems(
            ShippedSettings.AddTo(new ConfigurationBuilder()).AddCommandLine(["--Reconstruction:MomentumSegmentsMm", "10,5"]).Build())));
        Assert.Empty(SettingsCatalog.Problems(WithConfigFile("""{"Reconstruction":{"MomentumSegmentsMm":[5,10]}}""")));
        Assert.Empty(SettingsCatalog.Problems(WithConfigFile("""{"Reconstruction":{"MomentumSegmentsMm":[]}}""")));
    }

    /// <summary>Breaker13 item 4: the training energies, unsorted or repeated, passed where the prong radii are refused.</summary>
    [Fact]
    public void Training_energies_must_increase_each_once()
    {
        const string key = "Training:EnergiesKev";
        // Breaker14 F7: the list's own check names the file that gave it, as its shape problems do.
        var problem = Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Training":{"EnergiesKev":[300,100]}}""")));
        Assert.Equal(key + " must be positive energies (keV) that increase, each once (300, 100 given), in a JSON settings stream", problem);
        Assert.StartsWith(key + " must be positive", Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Training":{"EnergiesKev":[100,100]}}"""))));
        Assert.StartsWith(key + " must be positive", Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Training":{"EnergiesKev":[0,100]}}"""))));
        Assert.Empty(SettingsCatalog.Problems(WithConfigFile("""{"Training":{"EnergiesKev":[100,300]}}""")));
    }

    /// <summary>
    /// An unknown key or section says where it was given, as the other settings problems do (a typo in one of several
    /// --config files was a hunt: known issues, session 28).
    /// </summary>
    [Fact]
    public void An_unknown_key_or_section_names_the_source_that_gave_it()
    {
        var key = Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Topology":{"RawLinkingLengthMn":2}}""")));
        Assert.StartsWith("Topology:RawLinkingLengthMn: unknown setting", key);
        Assert.EndsWith(", in a JSON settings stream", key);
        var section = Assert.Single(SettingsCatalog.Problems(WithConfigFile("""{"Topolgy":{"RawLinkingLengthMm":2}}""")));
        Assert.StartsWith("Topolgy: unknown settings section", section);
        Assert.EndsWith(", in a JSON settings stream", section);
    }

    /// <summary>Breaker13 item 4: <c>{"Topology": null}</c> changed nothing and was accepted; a section given a value likewise.</summary>
    [Theory]
    [MemberData(nameof(Sections))]
    public void A_section_given_null_or_a_value_is_one_problem_naming_it(string name)
    {
        Assert.StartsWith(name + ": is null (or an empty {}), not a section of settings, in ", Assert.Single(SettingsCatalog.Problems(WithConfigFile($"{{\"{name}\":null}}"))));
        Assert.StartsWith(name + ": is a value ('5'), not a section of settings", Assert.Single(SettingsCatalog.Problems(WithConfigFile($"{{\"{name}\":5}}"))));
        Assert.Empty(SettingsCatalog.Problems(WithConfigFile($"{{\"{name}\":{{\"_comment\":\"nothing changed\"}}}}")));
    }

    [Fact]
    public void Prong_radii_are_searched_once_each()
    {
        var radii = ShippedSettings.Load<TopologySettings>(TopologySettings.Section).ProngSearchRadiiMm;
        var json = ShippedSettings.Configuration.GetSection("Topology:ProngSearchRadiiMm").GetChildren().Count();
        Assert.Equal(json, radii.Length);
        Assert.Equal(radii.Length, radii.Distinct().Count());
    }

    [Theory]
    [InlineData(new[] { "--Topology:ProngSearchRadiiMm", "3,7" }, new[] { 3.0, 7.0 })]
    [InlineData(new[] { "--Topology:ProngSearchRadiiMm=2" }, new[] { 2.0 })]
    public void A_list_on_the_command_line_replaces_the_shipped_list(string[] args, double[] expected)
    {
        using var host = RunCommand.CreateBuilder(null, args).Build();
        Assert.Equal(expected, host.Services.GetRequiredService<IOptions<TopologySettings>>().Value.ProngSearchRadiiMm);
    }
}
