using CityMesh.Compute;
using CityMesh.Limits;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Worker;

/// <summary>What one worker pod runs, read from its environment (<see cref="WorkerContract"/>) and command line.</summary>
/// <param name="Member">The ensemble member (the Job's completion index).</param>
/// <param name="CleanupDirectory">Set in cleanup mode: delete this artifacts directory and exit.</param>
/// <param name="TwinUrl">The city's twin, for a baseline read from it.</param>
/// <param name="Limits">What the scenario may read (<see cref="InputLimits.InputRoots"/> and sizes); null: the defaults.</param>
/// <param name="ScenarioDirectory">The folder of <see cref="WorkerContract.ScenarioFileEnv"/>'s file; null for a scenario given as JSON.</param>
/// <param name="Compute">CITYMESH_COMPUTE as the environment spells it (checked here); null or blank: auto.</param>
public sealed record WorkerSettings(TwinScenario? Scenario, int Member, string ResultsDirectory, string? CleanupDirectory, string? PodName, string? PodNamespace,
    Uri? TwinUrl = null, InputLimits? Limits = null, string? ScenarioDirectory = null, string? Compute = null)
{
    /// <summary>How this worker finds and confines the scenario's input files.</summary>
    public Running.InputFiles Inputs => new(ScenarioDirectory, WorkerContract.ConfigMapRoot, Limits);

    /// <exception cref="WorkerSettingsException">The environment does not say what to run, or says it badly.</exception>
    public static WorkerSettings From(Func<string, string?> environment, string? cleanupArgument, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        string results = environment(WorkerContract.ResultsDirectoryEnv) is { Length: > 0 } dir ? dir : "results";
        string? pod = environment(WorkerContract.PodNameEnv), ns = environment(WorkerContract.PodNamespaceEnv);
        if (cleanupArgument is not null)
            return new WorkerSettings(null, 0, results, cleanupArgument.Length > 0 ? cleanupArgument : throw new WorkerSettingsException($"{WorkerContract.CleanupArgument} needs a directory"), pod, ns);

        var (scenario, scenarioDirectory) = ReadScenario(environment, limits);
        int member = 0;
        if (environment(WorkerContract.CompletionIndexEnv) is { Length: > 0 } index &&
            (!int.TryParse(index, System.Globalization.CultureInfo.InvariantCulture, out member) || member < 0 || member >= scenario.Spec.Ensemble))
            throw new WorkerSettingsException($"{WorkerContract.CompletionIndexEnv}={index} is not an ensemble member of 0..{scenario.Spec.Ensemble - 1}");
        string? compute = environment(ComputeSelector.Variable);
        try
        {
            ComputeSelector.Parse(compute);
        }
        catch (ComputeSelectionException e)
        {
            throw new WorkerSettingsException(e.Message);
        }
        return new WorkerSettings(scenario, member, results, null, pod, ns, ReadTwinUrl(environment), limits, scenarioDirectory, compute);
    }

    private static Uri? ReadTwinUrl(Func<string, string?> environment) =>
        environment(WorkerContract.TwinUrlEnv) is not { Length: > 0 } url ? null
        : Baselines.TwinInput.TryParseUrl(url, out var uri) ? uri
        : throw new WorkerSettingsException($"{WorkerContract.TwinUrlEnv}={url} is not an http(s) URL (the twin's gRPC address, e.g. http://citymesh-twin:8081)");

    private static (TwinScenario Scenario, string? Directory) ReadScenario(Func<string, string?> environment, InputLimits limits)
    {
        try
        {
            if (environment(WorkerContract.ScenarioEnv) is { Length: > 0 } json) return (ScenarioDocument.Parse(json, WorkerContract.ScenarioEnv, limits), null);
            if (environment(WorkerContract.ScenarioFileEnv) is { Length: > 0 } file)
                return (ScenarioDocument.Load(file, limits), Path.GetDirectoryName(Path.GetFullPath(file)));
        }
        catch (Exception e) when (e is ScenarioFormatException or IOException or UnauthorizedAccessException)
        {
            throw new WorkerSettingsException(e.Message);
        }
        throw new WorkerSettingsException($"set {WorkerContract.ScenarioEnv} (the scenario as JSON) or {WorkerContract.ScenarioFileEnv} (a YAML or JSON file)");
    }
}

public sealed class WorkerSettingsException(string message) : Exception(message);
