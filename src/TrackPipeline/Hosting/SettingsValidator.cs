using Microsoft.Extensions.Options;

namespace TrackPipeline.App.Hosting;

/// <summary>Checks a settings object at start-up, so that a bad setting is one clear message and exit code 1.</summary>
public sealed class SettingsValidator<T>(Func<T, IEnumerable<string>> problems) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var list = problems(options).ToList();
        return list.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(list);
    }
}
