using CityMesh.Limits;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// Where a <see cref="FileSource"/> is on this machine, and whether the scenario may read it
/// (<see cref="InputFileGuard.Confine"/>): a path relative to <see cref="ScenarioDirectory"/> (the scenario file's
/// folder) resolving inside it or one of <see cref="InputLimits.InputRoots"/>, or a ConfigMap key mounted under
/// <see cref="ConfigMapRoot"/>/{name}/{key} (<see cref="Worker.WorkerContract.ConfigMapRoot"/> in the cluster) resolving
/// inside that root. A scenario that came without a file (the worker's JSON) has no folder of its own: its relative
/// paths resolve from the working directory, and only the input roots are allowed.
/// </summary>
/// <param name="Limits">Null: <see cref="InputLimits.Default"/>.</param>
public sealed record InputFiles(string? ScenarioDirectory, string ConfigMapRoot, InputLimits? Limits = null)
{
    /// <param name="field">The source's field, e.g. "spec.baseline.network"; errors name its path or configMap.</param>
    /// <returns>The file's real path, checked.</returns>
    /// <exception cref="ScenarioInputException">No file, or one the scenario may not read.</exception>
    public string Resolve(FileSource? source, string field)
    {
        if (source is null) throw new ScenarioInputException(field, "required: give a path or a configMap key.");
        var limits = Limits ?? InputLimits.Default;
        switch (source)
        {
            case { Path: { Length: > 0 } path, ConfigMap: null }:
                IReadOnlyList<string> roots = ScenarioDirectory is null ? limits.InputRoots : [ScenarioDirectory, .. limits.InputRoots];
                return InputFileGuard.Confine(path, ScenarioDirectory ?? Environment.CurrentDirectory, roots, limits, $"{field}.path");
            case { Path: null, ConfigMap: { } map }:
                // Checked here too, not only by the validator: the worker runs what the operator sent without validating it again.
                // (Null is possible: JSON does not honour the record's non-null fields.)
                if (map.Name is not { } name || map.Key is not { } key || !KubeNames.IsDnsSubdomain(name) || !KubeNames.IsConfigMapKey(key))
                    throw new ScenarioInputException($"{field}.configMap", "name must be a DNS subdomain and key a ConfigMap key (letters, digits, '-', '_' and '.', not '.' or '..' or starting with '..').");
                var mounted = Path.Combine(ConfigMapRoot, name, key);
                if (!File.Exists(mounted) && !Directory.Exists(mounted))
                    throw new ScenarioInputException($"{field}.configMap", $"ConfigMap '{name}' key '{key}' is not mounted at {mounted}.");
                return InputFileGuard.Confine(mounted, ConfigMapRoot, [ConfigMapRoot], limits, $"{field}.configMap");
            default:
                throw new ScenarioInputException(field, "give exactly one of path or configMap.");
        }
    }
}
