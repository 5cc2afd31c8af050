using Microsoft.Extensions.Configuration;
using TrackPipeline.App.Hosting;
using TrackPipeline.Config;

namespace TrackPipeline.Tests.Hosting;

/// <summary>
/// Round 11: the app binds every settings section with code the configuration binder's source generator wrote
/// (<see cref="SettingsCatalog"/>), so that the Native AOT binary binds without reflection. Here the generated binding and
/// the reflection binder (this test assembly's own call, which the generator does not touch) bind the same configuration,
/// the shipped one and one with every kind of value changed, and must agree on every setting.
/// </summary>
public sealed class GeneratedBindingTests
{
    public static TheoryData<string> Sections() => [.. SettingsCatalog.Sections.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Sections))]
    public void The_generated_binding_sets_what_the_reflection_binder_sets(string name)
    {
        var section = SettingsCatalog.Sections.Single(s => s.Name == name);
        // The shipped values, then each scalar setting given another value of its type on top (as a command line would).
        var shipped = ShippedSettings.Configuration.GetSection(name);
        var changed = new Dictionary<string, string?>();
        foreach (var property in SettingsCatalog.Settings(section.Type))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var key = $"{name}:{property.Name}";
            var value = shipped[property.Name];
            changed[key] = type == typeof(bool) ? (value == "true" ? "false" : "true")
                : type.IsEnum ? Enum.GetNames(type)[^1].ToLowerInvariant()
                : type == typeof(double) || type == typeof(float) ? "0.125"
                : type == typeof(int) || type == typeof(long) || type == typeof(uint) || type == typeof(ulong) ? "7"
                : type == typeof(string) ? "text"
                : null;
        }
        foreach (var configuration in new IConfiguration[]
        {
            ShippedSettings.Configuration,
            new ConfigurationBuilder().AddConfiguration(ShippedSettings.Configuration).AddInMemoryCollection(changed.Where(c => c.Value is not null)).Build(),
        })
        {
            var generated = section.BindNew(configuration.GetSection(name));
            var reflected = Activator.CreateInstance(section.Type)!;
            configuration.GetSection(name).Bind(reflected);   // the reflection binder: object, a type only known at run time
            foreach (var property in SettingsCatalog.Settings(section.Type))
            {
                var expected = property.GetValue(reflected);
                var actual = property.GetValue(generated);
                if (expected is Array e) Assert.Equal(e.Cast<object>(), ((Array)actual!).Cast<object>());
                else Assert.True(Equals(expected, actual), $"{name}:{property.Name}: generated binding {actual}, reflection binder {expected}");
            }
        }
    }
}
