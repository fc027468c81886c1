namespace CityMesh.Scenarios.Worker;

/// <summary>
/// How the operator's Job and the worker (<c>citymesh-server --target worker</c>) meet: environment, mounts,
/// annotations and the termination message. Both sides use these names, so they cannot drift apart.
/// </summary>
public static class WorkerContract
{
    /// <summary>The scenario as compact JSON (the operator sets it from the observed generation).</summary>
    public const string ScenarioEnv = "CITYMESH_SCENARIO";

    /// <summary>Or a path to the scenario YAML/JSON (local runs, or a mounted file).</summary>
    public const string ScenarioFileEnv = "CITYMESH_SCENARIO_FILE";

    /// <summary>The ensemble member this pod runs; Kubernetes sets it in Indexed Jobs. Absent: member 0.</summary>
    public const string CompletionIndexEnv = "JOB_COMPLETION_INDEX";

    /// <summary>Where artifacts go; the operator points it into the artifacts volume.</summary>
    public const string ResultsDirectoryEnv = "CITYMESH_RESULTS_DIR";

    /// <summary>The city's twin read API (the twin's gRPC address, e.g. http://citymesh-twin:8081), for scenarios that read the twin.</summary>
    public const string TwinUrlEnv = "CITYMESH_TWIN_URL";

    /// <summary>Set by the Job through the downward API so the worker can annotate its own pod with progress.</summary>
    public const string PodNameEnv = "POD_NAME", PodNamespaceEnv = "POD_NAMESPACE";

    /// <summary>A ConfigMap file source <c>{name, key}</c> is mounted at <c>{ConfigMapRoot}/{name}/{key}</c>.</summary>
    public const string ConfigMapRoot = "/var/run/citymesh/inputs";

    /// <summary>The artifacts PersistentVolumeClaim's mount point.</summary>
    public const string ResultsRoot = "/var/run/citymesh/results";

    /// <summary>Pod annotation with the worker's progress, an integer percentage "0".."100".</summary>
    public const string ProgressAnnotation = "citymesh.io/progress";

    /// <summary>Labels on the Job and its pods.</summary>
    public const string ScenarioLabel = "citymesh.io/scenario", GenerationLabel = "citymesh.io/generation", BackendLabel = "citymesh.io/backend";

    /// <summary>The container's termination message: the pod's <see cref="Model.KpiReport"/> as compact JSON.</summary>
    public const string TerminationMessagePath = "/dev/termination-log";

    /// <summary>Kubernetes truncates termination messages beyond this many bytes.</summary>
    public const int TerminationMessageLimit = 4096;

    /// <summary>The worker's container name in the Job's pod template.</summary>
    public const string ContainerName = "worker";

    /// <summary>Worker mode that deletes a scenario's artifacts directory (the finalizer's cleanup Job): <c>--cleanup DIR</c>.</summary>
    public const string CleanupArgument = "--cleanup";

    /// <summary>The artifacts directory of one generation: {root}/{namespace}/{name}/{generation}.</summary>
    public static string ResultsDirectory(string root, string ns, string name, long generation) =>
        Path.Combine(root, ns, name, generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
