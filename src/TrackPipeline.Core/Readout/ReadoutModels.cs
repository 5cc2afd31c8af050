using System.Reflection;

namespace TrackPipeline.Readout;

/// <summary>
/// Finds the readout model of a preset by its <c>kind</c> among the loaded assemblies that build on this library
/// (so a model in a plugin or a test assembly is found without a registry to edit).
/// </summary>
public static class ReadoutModels
{
    /// <summary>Every known kind and the class that implements it.</summary>
    public static IReadOnlyDictionary<string, Type> Known()
    {
        var core = typeof(IReadoutModel).Assembly;
        var kinds = new SortedDictionary<string, Type>(StringComparer.Ordinal);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly != core && !assembly.GetReferencedAssemblies().Any(a => a.Name == core.GetName().Name)) continue;
            Type?[] types;
            try { types = assembly.GetTypes(); }
            catch (ReflectionTypeLoadException e) { types = e.Types; }
            foreach (var type in types)
                if (type is { IsAbstract: false } && typeof(IReadoutModel).IsAssignableFrom(type) && type.GetCustomAttribute<ReadoutKindAttribute>() is { } kind)
                    kinds[kind.Kind] = type;
        }
        return kinds;
    }

    /// <summary>The model for <paramref name="settings"/>; throws <see cref="ReadoutPresetException"/> for an unknown kind or a preset that does not fit.</summary>
    public static IReadoutModel Create(ReadoutSettings settings)
    {
        var known = Known();
        if (!known.TryGetValue(settings.Kind, out var type))
            throw new ReadoutPresetException("kind", $"is '{settings.Kind}', expected one of {string.Join(", ", known.Keys)}");
        try
        {
            return (IReadoutModel)Activator.CreateInstance(type, settings)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is ReadoutPresetException inner)
        {
            throw inner;
        }
    }
}
