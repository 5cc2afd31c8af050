using Microsoft.Extensions.Options;
using TrackPipeline.Pipeline;

namespace TrackPipeline.App.Hosting;

/// <summary>Checks the run settings at start-up, so that a bad setting is one clear message and exit code 1.</summary>
public sealed class RunOptionsValidator : IValidateOptions<RunOptions>
{
    public ValidateOptionsResult Validate(string? name, RunOptions options)
    {
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
