namespace CityMesh.Scenarios.Model;

/// <summary>
/// A what-if simulation as a Kubernetes custom resource (citymesh.io/v1alpha1, kind TwinScenario, namespaced).
/// The same object is read from YAML by <c>citymesh scenario run</c>, by the worker, and from the API server by
/// the operator. JSON names are camelCase, as Kubernetes writes them.
/// </summary>
public sealed record TwinScenario
{
    public const string Group = "citymesh.io", Version = "v1alpha1", KindName = "TwinScenario", Plural = "twinscenarios", Singular = "twinscenario";
    public const string GroupVersion = Group + "/" + Version;

    public string ApiVersion { get; init; } = GroupVersion;
    public string Kind { get; init; } = KindName;
    public ObjectMeta Metadata { get; init; } = new();
    public TwinScenarioSpec Spec { get; init; } = new();
    public TwinScenarioStatus? Status { get; init; }
}

/// <summary>The part of Kubernetes' ObjectMeta the operator reads or writes; the server owns the rest.</summary>
public sealed record ObjectMeta
{
    public string? Name { get; init; }
    public string? Namespace { get; init; }
    public string? Uid { get; init; }
    public string? ResourceVersion { get; init; }
    public long? Generation { get; init; }
    public DateTimeOffset? CreationTimestamp { get; init; }
    public DateTimeOffset? DeletionTimestamp { get; init; }
    public IReadOnlyList<string>? Finalizers { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
    public IReadOnlyDictionary<string, string>? Annotations { get; init; }
}

public sealed record TwinScenarioSpec
{
    /// <summary>The city (release) the scenario belongs to, e.g. "jinan".</summary>
    public string City { get; init; } = "";

    /// <summary>Which simulator: <see cref="SimulationKinds"/>. Only "traffic" runs in this release.</summary>
    public string Simulation { get; init; } = "";

    public BaselineSpec Baseline { get; init; } = new();

    /// <summary>Each intervention is simulated beside the baseline and compared with it.</summary>
    public IReadOnlyList<InterventionSpec> Interventions { get; init; } = [];

    /// <summary>Simulated time, as a duration: "3600s", "90m", "1h30m". Empty: until every trip has arrived.</summary>
    public string? Horizon { get; init; }

    /// <summary>Seed of the first run; ensemble member i uses seed + i.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Runs per variant with consecutive seeds; KPIs are their means.</summary>
    public int Ensemble { get; init; } = 1;

    public ComputeSpec Compute { get; init; } = new();
    public RunPolicySpec RunPolicy { get; init; } = new();
    public OutputsSpec Outputs { get; init; } = new();
}

public static class SimulationKinds
{
    public const string Traffic = "traffic";

    /// <summary>Every kind the design names; all but traffic are rejected until their simulators exist.</summary>
    public static readonly IReadOnlyList<string> Known = [Traffic, "epidemic", "flood", "evacuation", "energy", "synthetic-plates", "synthetic-telemetry"];

    public static readonly IReadOnlyList<string> Runnable = [Traffic];
}

/// <summary>Where the network and demand come from.</summary>
public sealed record BaselineSpec
{
    /// <summary>"sumo" (network: .net.xml, demand: .rou.xml) or "cityflow" (network: roadnet JSON, demand: flow JSON).</summary>
    public string Format { get; init; } = "";

    public FileSource? Network { get; init; }
    public FileSource? Demand { get; init; }

    /// <summary>"fixed-time" (the file's programmes) or "max-pressure".</summary>
    public string Controller { get; init; } = "fixed-time";
}

/// <summary>
/// One input file. Exactly one of: <see cref="Path"/> (a file on a mounted volume, or relative to the scenario file
/// when run locally) or <see cref="ConfigMap"/> (a key of a ConfigMap in the scenario's namespace; the operator
/// mounts it into the worker).
/// </summary>
public sealed record FileSource
{
    public string? Path { get; init; }
    public ConfigMapKey? ConfigMap { get; init; }
}

public sealed record ConfigMapKey(string Name, string Key);

/// <summary>A variant of the baseline. Every field is optional; together they are applied to one run.</summary>
public sealed record InterventionSpec
{
    /// <summary>Unique in the scenario, a DNS label: it names the variant's KPIs and artifacts.</summary>
    public string Name { get; init; } = "";

    public string? Description { get; init; }

    public SignalIntervention? Signals { get; init; }

    public IReadOnlyList<ClosureSpec> Closures { get; init; } = [];

    /// <summary>Multiplies the number of trips (0.5 keeps every other trip by seed, 1.2 adds 20 % copies).</summary>
    public double? DemandScale { get; init; }
}

public sealed record SignalIntervention
{
    /// <summary>"fixed-time" or "max-pressure" for every signal; null keeps the baseline's.</summary>
    public string? Controller { get; init; }

    /// <summary>New fixed-time plans for named junctions.</summary>
    public IReadOnlyList<SignalPlanSpec> Plans { get; init; } = [];
}

/// <summary>
/// A retimed programme for one signalised junction: either new <see cref="PhaseDurations"/> (one per phase of the
/// existing programme, seconds) or a <see cref="CycleScale"/> applied to every phase; <see cref="Offset"/> optional.
/// </summary>
public sealed record SignalPlanSpec
{
    public string Junction { get; init; } = "";
    public IReadOnlyList<double>? PhaseDurations { get; init; }
    public double? CycleScale { get; init; }
    public double? Offset { get; init; }
}

/// <summary>Closes a road (every lane of <see cref="Edge"/>) or some of its lanes (0 = rightmost).</summary>
public sealed record ClosureSpec
{
    public string Edge { get; init; } = "";
    public IReadOnlyList<int>? Lanes { get; init; }
}

public sealed record ComputeSpec
{
    /// <summary>"gpu" or "cpu".</summary>
    public string Accelerator { get; init; } = "cpu";

    /// <summary>GPUs per pod when the accelerator is gpu.</summary>
    public int Gpus { get; init; } = 1;

    /// <summary>"cpu" to rerun on CPU when no GPU can be scheduled in time, "none" to wait.</summary>
    public string Fallback { get; init; } = "cpu";

    /// <summary>How long GPU pods may stay unschedulable before the CPU fallback.</summary>
    public int ScheduleTimeoutSeconds { get; init; } = 120;
}

public sealed record RunPolicySpec
{
    public int BackoffLimit { get; init; } = 2;
    public long? ActiveDeadlineSeconds { get; init; } = 3600;
    public int? TtlSecondsAfterFinished { get; init; }
}

public sealed record OutputsSpec
{
    /// <summary>KPIs to report, from <see cref="KpiNames"/>; empty: all of them.</summary>
    public IReadOnlyList<string> Kpis { get; init; } = [];

    /// <summary>Where artifacts go: a directory (a mounted volume in the cluster); default "results".</summary>
    public ArtifactsSpec Artifacts { get; init; } = new();
}

/// <summary>
/// A directory for per-run outputs. In the cluster it is on the PersistentVolumeClaim
/// <see cref="PersistentVolumeClaim"/> when given, else in the pod (and lost with it).
/// </summary>
public sealed record ArtifactsSpec
{
    public string Path { get; init; } = "results";
    public string? PersistentVolumeClaim { get; init; }
}

/// <summary>The traffic KPIs a scenario can report.</summary>
public static class KpiNames
{
    public const string MeanTravelTime = "meanTravelTime", MeanWaitingTime = "meanWaitingTime", MeanTimeLoss = "meanTimeLoss",
        CompletedTrips = "completedTrips", Throughput = "throughput", MeanJunctionDelay = "meanJunctionDelay",
        MaxQueue = "maxQueue", Teleports = "teleports";

    public static readonly IReadOnlyList<string> All = [MeanTravelTime, MeanWaitingTime, MeanTimeLoss, CompletedTrips, Throughput, MeanJunctionDelay, MaxQueue, Teleports];
}

public sealed record TwinScenarioStatus
{
    public long? ObservedGeneration { get; init; }

    /// <summary>Pending, Running, Succeeded or Failed: for printer columns; conditions are authoritative.</summary>
    public string? Phase { get; init; }

    /// <summary>"gpu" or "cpu" (after the fallback or when asked).</summary>
    public string? Backend { get; init; }

    public int? Attempts { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? CompletionTime { get; init; }

    /// <summary>"37%" while running; from the worker's progress.</summary>
    public string? Progress { get; init; }

    public IReadOnlyList<Condition> Conditions { get; init; } = [];

    public KpiReport? Kpis { get; init; }

    /// <summary>Where the artifacts are, e.g. "pvc://city-results/jinan/retiming-7/".</summary>
    public string? ResultsRef { get; init; }

    /// <summary>The Job running the observed generation.</summary>
    public string? JobName { get; init; }
}

/// <summary>metav1.Condition.</summary>
public sealed record Condition
{
    public string Type { get; init; } = "";
    /// <summary>True, False or Unknown.</summary>
    public string Status { get; init; } = "Unknown";
    public long? ObservedGeneration { get; init; }
    public DateTimeOffset LastTransitionTime { get; init; }
    public string Reason { get; init; } = "";
    public string Message { get; init; } = "";
}

public static class ConditionTypes
{
    public const string Accepted = "Accepted", GpuScheduled = "GpuScheduled", Running = "Running", Succeeded = "Succeeded", Failed = "Failed";
}

public static class Phases
{
    public const string Pending = "Pending", Running = "Running", Succeeded = "Succeeded", Failed = "Failed";
}

/// <summary>
/// KPIs of the baseline and of each intervention (means over the ensemble), with each intervention's change against
/// the baseline in percent. This compact form is also the worker's termination message (at most 4096 bytes).
/// </summary>
public sealed record KpiReport
{
    public IReadOnlyDictionary<string, double> Baseline { get; init; } = new Dictionary<string, double>();
    public IReadOnlyList<InterventionKpis> Interventions { get; init; } = [];

    /// <summary>Ensemble members the means are over.</summary>
    public int Runs { get; init; } = 1;
}

public sealed record InterventionKpis
{
    public string Name { get; init; } = "";
    public IReadOnlyDictionary<string, double> Values { get; init; } = new Dictionary<string, double>();

    /// <summary>(intervention − baseline) / baseline × 100 per KPI; absent where the baseline is 0.</summary>
    public IReadOnlyDictionary<string, double> ChangePercent { get; init; } = new Dictionary<string, double>();
}
