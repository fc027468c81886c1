using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Worker;

namespace CityMesh.Operator.Reconciliation;

/// <summary>The Jobs the operator creates for a scenario, as batch/v1 JSON: one simulation Job per generation and backend, and the finalizer's cleanup Job.</summary>
public static class ScenarioJobs
{
    /// <summary>When the operator created the Job, on its own clock: the GPU schedule timeout counts from here.</summary>
    public const string CreatedAtAnnotation = "citymesh.io/created-at";

    /// <summary>The scenario's full name, for names too long for the label.</summary>
    public const string ScenarioNameAnnotation = "citymesh.io/scenario-name";

    public const string CleanupLabel = "citymesh.io/cleanup";

    public const string Gpu = "gpu", Cpu = "cpu", GpuResource = "nvidia.com/gpu";

    public static bool WantsGpu(TwinScenario s) => string.Equals(s.Spec.Compute.Accelerator, Gpu, StringComparison.OrdinalIgnoreCase);

    public static string SimulationJobName(TwinScenario s, bool cpuFallback) =>
        JobNames.SimulationJob(s.Metadata.Name!, s.Metadata.Generation ?? 0, cpuFallback);

    /// <summary>The scenario's own directory on the artifacts volume (all generations): what cleanup deletes.</summary>
    public static string ScenarioDirectory(TwinScenario s) => Path.Combine(WorkerContract.ResultsRoot, s.Metadata.Namespace!, s.Metadata.Name!);

    public static string ResultsDirectory(TwinScenario s) =>
        WorkerContract.ResultsDirectory(WorkerContract.ResultsRoot, s.Metadata.Namespace!, s.Metadata.Name!, s.Metadata.Generation ?? 0);

    /// <summary>Where a generation's artifacts can be found afterwards.</summary>
    public static string ResultsRef(TwinScenario s)
    {
        string relative = Path.GetRelativePath(WorkerContract.ResultsRoot, ResultsDirectory(s)).Replace('\\', '/');
        return s.Spec.Outputs.Artifacts.PersistentVolumeClaim is { Length: > 0 } claim
            ? $"pvc://{claim}/{relative}/"
            : $"pod-local:{ResultsDirectory(s)} (no artifacts PersistentVolumeClaim; lost with the pods)";
    }

    /// <summary>The indexed simulation Job: one completion per ensemble member.</summary>
    public static JsonObject Simulation(TwinScenario s, bool cpuFallback, OperatorOptions options, DateTimeOffset now)
    {
        bool gpu = WantsGpu(s) && !cpuFallback;
        string backend = gpu ? Gpu : Cpu;
        long generation = s.Metadata.Generation ?? 0;
        int ensemble = Math.Max(1, s.Spec.Ensemble);
        var labels = Labels(s, backend);
        var policy = s.Spec.RunPolicy;

        var container = new JsonObject
        {
            ["name"] = WorkerContract.ContainerName,
            ["image"] = options.Image,
            ["args"] = new JsonArray("--target", "worker"),
            ["env"] = Env(s, gpu, options),
            ["volumeMounts"] = Mounts(s),
            ["terminationMessagePath"] = WorkerContract.TerminationMessagePath,
            ["terminationMessagePolicy"] = "FallbackToLogsOnError",
            ["securityContext"] = ContainerSecurity(),
        };
        if (options.ImagePullPolicy is { Length: > 0 } pull) container["imagePullPolicy"] = pull;
        var resources = Resources(options, gpu ? s.Spec.Compute.Gpus : 0);
        if (resources is not null) container["resources"] = resources;

        var podSpec = PodSpec(s, options, container);
        if (gpu)
        {
            if (options.GpuNodeSelector.Count > 0)
                podSpec["nodeSelector"] = new JsonObject(options.GpuNodeSelector.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
            if (options.GpuTolerations.Count > 0)
                podSpec["tolerations"] = new JsonArray(options.GpuTolerations.Select(Toleration).ToArray<JsonNode?>());
        }

        var spec = new JsonObject
        {
            ["completionMode"] = "Indexed",
            ["completions"] = ensemble,
            ["parallelism"] = Math.Clamp(options.MaxParallelism, 1, ensemble),
            ["backoffLimit"] = policy.BackoffLimit,
        };
        if (policy.ActiveDeadlineSeconds is { } deadline) spec["activeDeadlineSeconds"] = deadline;
        if (policy.TtlSecondsAfterFinished is { } ttl) spec["ttlSecondsAfterFinished"] = ttl;
        spec["template"] = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone(), ["annotations"] = NameAnnotation(s) },
            ["spec"] = podSpec,
        };

        var annotations = NameAnnotation(s);
        annotations[CreatedAtAnnotation] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject
            {
                ["name"] = SimulationJobName(s, cpuFallback),
                ["namespace"] = s.Metadata.Namespace,
                ["labels"] = labels.DeepClone(),
                ["annotations"] = annotations,
                ["ownerReferences"] = new JsonArray(OwnerReference(s)),
            },
            ["spec"] = spec,
        };
    }

    /// <summary>The finalizer's Job: the worker in cleanup mode deletes the scenario's directory on the artifacts claim.</summary>
    public static JsonObject Cleanup(TwinScenario s, OperatorOptions options)
    {
        var labels = new JsonObject
        {
            [WorkerContract.ScenarioLabel] = JobNames.LabelValue(s.Metadata.Name!),
            [CleanupLabel] = "true",
        };
        var container = new JsonObject
        {
            ["name"] = WorkerContract.ContainerName,
            ["image"] = options.Image,
            ["args"] = new JsonArray("--target", "worker", WorkerContract.CleanupArgument, ScenarioDirectory(s)),
            ["volumeMounts"] = new JsonArray(ResultsMount(), TmpMount()),
            ["terminationMessagePath"] = WorkerContract.TerminationMessagePath,
            ["terminationMessagePolicy"] = "FallbackToLogsOnError",
            ["securityContext"] = ContainerSecurity(),
        };
        if (options.ImagePullPolicy is { Length: > 0 } pull) container["imagePullPolicy"] = pull;
        var podSpec = PodSpec(s, options, container);
        podSpec["volumes"] = new JsonArray(ResultsVolume(s), TmpVolume());
        return new JsonObject
        {
            ["apiVersion"] = "batch/v1",
            ["kind"] = "Job",
            ["metadata"] = new JsonObject
            {
                ["name"] = JobNames.CleanupJob(s.Metadata.Name!),
                ["namespace"] = s.Metadata.Namespace,
                ["labels"] = labels.DeepClone(),
                ["annotations"] = NameAnnotation(s),
                ["ownerReferences"] = new JsonArray(OwnerReference(s)),
            },
            ["spec"] = new JsonObject
            {
                ["completions"] = 1,
                ["parallelism"] = 1,
                ["backoffLimit"] = 3,
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = labels.DeepClone(), ["annotations"] = NameAnnotation(s) },
                    ["spec"] = podSpec,
                },
            },
        };
    }

    /// <summary>The controller reference: the garbage collector deletes the Job (and its pods) with the scenario.</summary>
    public static JsonObject OwnerReference(TwinScenario s) => new()
    {
        ["apiVersion"] = TwinScenario.GroupVersion,
        ["kind"] = TwinScenario.KindName,
        ["name"] = s.Metadata.Name,
        ["uid"] = s.Metadata.Uid,
        ["controller"] = true,
        ["blockOwnerDeletion"] = true,
    };

    /// <summary>The scenario as the worker reads it: identity and spec, no status.</summary>
    public static string WorkerScenarioJson(TwinScenario s) => JsonSerializer.Serialize(
        new TwinScenario
        {
            Metadata = new ObjectMeta { Name = s.Metadata.Name, Namespace = s.Metadata.Namespace, Generation = s.Metadata.Generation },
            Spec = s.Spec,
        },
        Scenarios.Model.ScenarioJson.Options);

    /// <summary>Distinct ConfigMaps the baseline reads, in a stable order: one volume each.</summary>
    public static IReadOnlyList<string> ConfigMaps(TwinScenario s) =>
        new[] { s.Spec.Baseline?.Network, s.Spec.Baseline?.Demand }
            .Select(f => f?.ConfigMap?.Name)
            .OfType<string>()
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static JsonObject Labels(TwinScenario s, string backend) => new()
    {
        [WorkerContract.ScenarioLabel] = JobNames.LabelValue(s.Metadata.Name!),
        [WorkerContract.GenerationLabel] = (s.Metadata.Generation ?? 0).ToString(CultureInfo.InvariantCulture),
        [WorkerContract.BackendLabel] = backend,
    };

    private static JsonObject NameAnnotation(TwinScenario s) => new() { [ScenarioNameAnnotation] = s.Metadata.Name };

    private static JsonArray Env(TwinScenario s, bool gpu, OperatorOptions options)
    {
        var env = new JsonArray(
            EnvVar(WorkerContract.ScenarioEnv, WorkerScenarioJson(s)),
            EnvVar(WorkerContract.ResultsDirectoryEnv, ResultsDirectory(s)),
            FieldRef(WorkerContract.PodNameEnv, "metadata.name"),
            FieldRef(WorkerContract.PodNamespaceEnv, "metadata.namespace"),
            EnvVar("CITYMESH_COMPUTE", gpu ? "cuda" : "managed"));
        if (options.TwinUrl is { Length: > 0 } twin) env.Add(EnvVar(WorkerContract.TwinUrlEnv, twin));
        if (options.ServiceKeySecret is { Length: > 0 } secret) env.Add(SecretRef(ServiceKeyEnv, secret, options.ServiceKeySecretKey));
        return env;
    }

    /// <summary>The worker's service key (<c>CityMesh:Access:ServiceKey</c>), for its calls to the twin.</summary>
    public const string ServiceKeyEnv = "CityMesh__Access__ServiceKey";

    private static JsonObject SecretRef(string name, string secret, string key) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = secret, ["key"] = key } },
    };

    private static JsonObject EnvVar(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static JsonObject FieldRef(string name, string path) => new()
    {
        ["name"] = name,
        ["valueFrom"] = new JsonObject { ["fieldRef"] = new JsonObject { ["fieldPath"] = path } },
    };

    private static JsonArray Mounts(TwinScenario s)
    {
        var mounts = new JsonArray(ResultsMount(), TmpMount());
        var maps = ConfigMaps(s);
        for (int i = 0; i < maps.Count; i++)
            mounts.Add(new JsonObject { ["name"] = InputVolume(i), ["mountPath"] = $"{WorkerContract.ConfigMapRoot}/{maps[i]}", ["readOnly"] = true });
        return mounts;
    }

    private static JsonArray Volumes(TwinScenario s)
    {
        var volumes = new JsonArray(ResultsVolume(s), TmpVolume());
        var maps = ConfigMaps(s);
        for (int i = 0; i < maps.Count; i++)
            volumes.Add(new JsonObject { ["name"] = InputVolume(i), ["configMap"] = new JsonObject { ["name"] = maps[i] } });
        return volumes;
    }

    // ConfigMap names may hold dots and run to 253 characters; volume names are DNS labels, so they are numbered.
    private static string InputVolume(int i) => FormattableString.Invariant($"input-{i}");

    private static JsonObject ResultsMount() => new() { ["name"] = "results", ["mountPath"] = WorkerContract.ResultsRoot };

    private static JsonObject TmpMount() => new() { ["name"] = "tmp", ["mountPath"] = "/tmp" };

    private static JsonObject ResultsVolume(TwinScenario s) =>
        s.Spec.Outputs.Artifacts.PersistentVolumeClaim is { Length: > 0 } claim
            ? new JsonObject { ["name"] = "results", ["persistentVolumeClaim"] = new JsonObject { ["claimName"] = claim } }
            : new JsonObject { ["name"] = "results", ["emptyDir"] = new JsonObject() };

    // The root filesystem is read-only; the runtime and OpenCL compilers still want a writable /tmp.
    private static JsonObject TmpVolume() => new() { ["name"] = "tmp", ["emptyDir"] = new JsonObject() };

    private static JsonObject PodSpec(TwinScenario s, OperatorOptions options, JsonObject container)
    {
        var spec = new JsonObject
        {
            ["restartPolicy"] = "Never",
            ["securityContext"] = new JsonObject
            {
                ["runAsNonRoot"] = true,
                ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
            },
            ["containers"] = new JsonArray(container),
            ["volumes"] = Volumes(s),
        };
        if (options.WorkerServiceAccount is { Length: > 0 } sa) spec["serviceAccountName"] = sa;
        return spec;
    }

    // The "restricted" Pod Security Standard.
    private static JsonObject ContainerSecurity() => new()
    {
        ["runAsNonRoot"] = true,
        ["allowPrivilegeEscalation"] = false,
        ["readOnlyRootFilesystem"] = true,
        ["capabilities"] = new JsonObject { ["drop"] = new JsonArray("ALL") },
        ["seccompProfile"] = new JsonObject { ["type"] = "RuntimeDefault" },
    };

    private static JsonObject? Resources(OperatorOptions options, int gpus)
    {
        var requests = new JsonObject();
        if (options.WorkerCpu is { Length: > 0 } cpu) requests["cpu"] = cpu;
        if (options.WorkerMemory is { Length: > 0 } memory) requests["memory"] = memory;
        var limits = new JsonObject();
        // Extended resources are limits only; the request defaults to the limit (scheduling-gpus.md).
        if (gpus > 0) limits[GpuResource] = gpus.ToString(CultureInfo.InvariantCulture);
        if (requests.Count == 0 && limits.Count == 0) return null;
        var resources = new JsonObject();
        if (requests.Count > 0) resources["requests"] = requests;
        if (limits.Count > 0) resources["limits"] = limits;
        return resources;
    }

    private static JsonObject Toleration(TolerationOptions t)
    {
        var o = new JsonObject();
        if (t.Key is not null) o["key"] = t.Key;
        if (t.Operator is not null) o["operator"] = t.Operator;
        if (t.Value is not null) o["value"] = t.Value;
        if (t.Effect is not null) o["effect"] = t.Effect;
        if (t.TolerationSeconds is { } seconds) o["tolerationSeconds"] = seconds;
        return o;
    }
}
