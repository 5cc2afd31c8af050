using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace TrackPipeline.Readout;

/// <summary>
/// Finds the readout model of a preset by its <c>kind</c> among the loaded assemblies that build on this library
/// (so a model in a plugin or a test assembly is found without a registry to edit).
/// </summary>
public static class ReadoutModels
{
    /// <summary>A model class, its public constructors kept by the trimmer (<see cref="Create"/> calls the one taking the preset).</summary>
    private readonly record struct ModelClass(
        [property: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)]
        [param: DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type Type);

    /// <summary>Every known kind and the class that implements it.</summary>
    private static SortedDictionary<string, ModelClass> Known()
    {
        var core = typeof(IReadoutModel).Assembly;
        var kinds = new SortedDictionary<string, ModelClass>(StringComparer.Ordinal);
        // This library's own models by name: a trimmed build (Native AOT) keeps their constructors only when they are named.
        Add(kinds, typeof(PixelReadoutModel));
        Add(kinds, typeof(AnodeGridReadoutModel));
        Add(kinds, typeof(DualScaleReadoutModel));
        // A Native AOT program holds only the assemblies it was compiled from and cannot list their references: no plugin to find.
        if (!RuntimeFeature.IsDynamicCodeSupported) return kinds;
        AddPlugins(kinds, core);
        return kinds;
    }

    /// <summary>Readout models of other loaded assemblies that reference this one (plugins), found by scanning their types.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Runs only where code can be loaded (RuntimeFeature.IsDynamicCodeSupported); the Native AOT binary never scans.")]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = "A plugin's model is a type of an assembly loaded whole (not trimmed); see above.")]
    private static void AddPlugins(SortedDictionary<string, ModelClass> kinds, Assembly core)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly != core && !assembly.GetReferencedAssemblies().Any(a => a.Name == core.GetName().Name)) continue;
            Type?[] types;
            try { types = assembly.GetTypes(); }
            catch (ReflectionTypeLoadException e) { types = e.Types; }
            foreach (var type in types)
                if (type is { IsAbstract: false } && typeof(IReadoutModel).IsAssignableFrom(type)) Add(kinds, type);
        }
    }

    private static void Add(SortedDictionary<string, ModelClass> kinds, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] Type type)
    {
        if (type.GetCustomAttribute<ReadoutKindAttribute>() is { } kind) kinds[kind.Kind] = new ModelClass(type);
    }

    /// <summary>The model for <paramref name="settings"/>; throws <see cref="ReadoutPresetException"/> for an unknown kind or a preset that does not fit.</summary>
    public static IReadoutModel Create(ReadoutSettings settings)
    {
        var known = Known();
        if (!known.TryGetValue(settings.Kind, out var model))
            throw new ReadoutPresetException("kind", $"is '{settings.Kind}', expected one of {string.Join(", ", known.Keys)}");
        try
        {
            return (IReadoutModel)Activator.CreateInstance(model.Type, settings)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is ReadoutPresetException inner)
        {
            throw inner;
        }
    }
}
