using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// Where a <see cref="FileSource"/> is on this machine: a path relative to <see cref="BaseDirectory"/> (the scenario
/// file's directory locally, the working directory in a pod), or a ConfigMap key mounted under
/// <see cref="ConfigMapRoot"/>/{name}/{key} (<see cref="Worker.WorkerContract.ConfigMapRoot"/> in the cluster).
/// </summary>
public sealed record InputFiles(string BaseDirectory, string ConfigMapRoot)
{
    public string Resolve(FileSource? source, string field)
    {
        if (source is null) throw new ScenarioInputException(field, "required: give a path or a configMap key.");
        string path = source switch
        {
            { Path: { Length: > 0 } p, ConfigMap: null } => System.IO.Path.GetFullPath(p, BaseDirectory),
            { Path: null, ConfigMap: { } map } => System.IO.Path.Combine(ConfigMapRoot, map.Name, map.Key),
            _ => throw new ScenarioInputException(field, "give exactly one of path or configMap."),
        };
        if (!File.Exists(path))
            throw new ScenarioInputException(field, source.ConfigMap is { } m
                ? $"ConfigMap '{m.Name}' key '{m.Key}' is not mounted at {path}."
                : $"file not found: {path}.");
        return path;
    }
}
