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
    [InlineData(new[] { "--Topology:ProngSearchRadiiMm:0", "3" }, new[] { 3.0 })]
    [InlineData(new[] { "--Topology:ProngSearchRadiiMm=2" }, new[] { 2.0 })]
    public void A_list_on_the_command_line_replaces_the_shipped_list(string[] args, double[] expected)
    {
        using var host = RunCommand.CreateBuilder(null, args).Build();
        Assert.Equal(expected, host.Services.GetRequiredService<IOptions<TopologySettings>>().Value.ProngSearchRadiiMm);
    }
}
