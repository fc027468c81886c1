using System.ComponentModel;
using k8s;
using CityMesh.Scenarios.Validation;
using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Telemetry;

namespace CityMesh.Scenarios.Model;

/// <summary>
/// A what-if simulation as a Kubernetes custom resource (citymesh.io/v1alpha1, kind TwinScenario, namespaced).
/// The same object is read from YAML by <c>citymesh scenario run</c>, by the worker, and from the API server by
/// the operator. JSON names are camelCase, as Kubernetes writes them. It is KubernetesClient's typed entity for the
/// resource (<see cref="IKubernetesObject"/>, read and written through <c>GenericClient</c>), so its apiVersion and
/// kind have setters, as that interface asks.
/// </summary>
public sealed record TwinScenario : IKubernetesObject
{
    public const string Group = "citymesh.io", Version = "v1alpha1", KindName = "TwinScenario", Plural = "twinscenarios", Singular = "twinscenario";
    public const string GroupVersion = Group + "/" + Version;

    public string ApiVersion { get; set; } = GroupVersion;
    public string Kind { get; set; } = KindName;
    public ObjectMeta Metadata { get; init; } = new();
    [Required, Description("What to simulate: the city, the baseline, the interventions, and how to run them.")]
    public TwinScenarioSpec Spec { get; init; } = new();
    [Description("Written by the operator: progress, the backend used, conditions and the KPI report.")]
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

[CelRule("self.simulation != 'evacuation' || !has(self.interventions) || self.interventions.all(i, !has(i.evacuation) || !has(i.evacuation.stages) || i.evacuation.stages.all(s, !has(s.startMinutes) || s.startMinutes < 60.0 * (has(self.evacuation) && has(self.evacuation.hours) ? self.evacuation.hours : 3.0)))",
    "an evacuation stage must start before evacuation.hours end")]
[CelRule("self.simulation != 'energy' || !has(self.interventions) || self.interventions.all(i, !has(i.energy) || !has(i.energy.outage) || !has(i.energy.outage.endHour) || i.energy.outage.endHour <= double(has(self.energy) && has(self.energy.hours) ? self.energy.hours : 24))",
    "a variant's outage must end within energy.hours")]
public sealed record TwinScenarioSpec
{
    [Required, DnsLabel, Description("The city (release) the scenario belongs to, e.g. \"jinan\".")]
    public string City { get; init; } = "";

    [Required, OneOf(typeof(SimulationKinds), nameof(SimulationKinds.Known)), Description("Which simulator: \"traffic\" (what-if), \"epidemic\" (an outbreak in a synthetic population), \"flood\" (a river or rain flood over the city's ground), \"evacuation\" (people leaving a zone for shelters, on foot and by car), \"energy\" (a day or a season of the electricity grid: heat wave, EV chargers, PV, outages), \"synthetic-plates\" (licence-plate training images) or \"synthetic-telemetry\" (sensor series with labelled anomalies) run in this release.")]
    public string Simulation { get; init; } = "";

    [ForSimulation(SimulationKinds.Traffic, Required = true), Description("traffic: the unchanged city, its network, demand and signal control.")]
    public BaselineSpec? Baseline { get; init; }

    // Each variant is a full run per ensemble member; the bound also keeps the API server's cost estimate of the CRD's
    // rules that walk the list (an unbounded list is costed as if a request held a million).
    [ListMapKey("name"), MaxItems(64), ForSimulation(SimulationKinds.Traffic, SimulationKinds.Epidemic, SimulationKinds.Flood, SimulationKinds.Evacuation, SimulationKinds.Energy), Description("traffic, epidemic, flood, evacuation, energy: variants of the baseline, at most 64; each is simulated beside it and compared with it.")]
    public IReadOnlyList<InterventionSpec> Interventions { get; init; } = [];

    [Duration("168h"), ForSimulation(SimulationKinds.Traffic), Description("traffic: simulated time, as a duration: \"3600s\", \"90m\", \"1h30m\". Empty: until every trip has arrived.")]
    public string? Horizon { get; init; }

    [ForSimulation(SimulationKinds.Epidemic), Description("epidemic: the population, the disease and the horizon; absent: the documented defaults.")]
    public EpidemicSpec? Epidemic { get; init; }

    [ForSimulation(SimulationKinds.Flood, Required = true), Description("flood: the terrain, the water (inflows and rain), the horizon and what is read from the twin.")]
    public FloodSpec? Flood { get; init; }

    [ForSimulation(SimulationKinds.Evacuation, Required = true), Description("evacuation: the zone, the city (twin or a synthetic town), the flood whose closures apply, the walking model, the cars and the response curve.")]
    public EvacuationSpec? Evacuation { get; init; }

    [ForSimulation(SimulationKinds.Energy, Required = true), Description("energy: the grid, the period, the base load and weather, and the changes on them (heat wave, EV chargers, PV, an outage).")]
    public EnergySpec? Energy { get; init; }

    [ForSimulation(SimulationKinds.Compound, Required = true), Description("compound: a flood and the parts it is coupled with over its horizon (ambulance reach, an evacuation, the grid), each reported with and without the flood.")]
    public CompoundSpec? Compound { get; init; }

    [ForSimulation(SimulationKinds.SyntheticPlates), Description("synthetic-plates: what to generate; absent: the documented defaults. Each ensemble member writes its own images with seed + member.")]
    public PlateSynthesisOptions? Plates { get; init; }

    [ForSimulation(SimulationKinds.SyntheticTelemetry), Description("synthetic-telemetry: what to generate; absent: the documented defaults. Each ensemble member writes its own series with seed + member.")]
    public TelemetrySynthesisOptions? Telemetry { get; init; }

    [Minimum(0), Description("Seed of the first run; ensemble member i uses seed + i, which must stay within a 64-bit integer.")]
    public long Seed { get; init; } = 1;

    [Minimum(1), Maximum(100), Description("Runs per variant with consecutive seeds; KPIs are their means.")]
    public int Ensemble { get; init; } = 1;

    [Description("Where the simulation runs: GPU or CPU, and the fallback to CPU.")]
    public ComputeSpec Compute { get; init; } = new();
    [Description("Retries, deadline and clean-up of the Job.")]
    public RunPolicySpec RunPolicy { get; init; } = new();
    [Description("KPIs to report and where artifacts go.")]
    public OutputsSpec Outputs { get; init; } = new();
}

public static class SimulationKinds
{
    public const string Traffic = "traffic", Epidemic = "epidemic", Flood = "flood", Evacuation = "evacuation", Energy = "energy", Compound = "compound", SyntheticPlates = "synthetic-plates", SyntheticTelemetry = "synthetic-telemetry";

    /// <summary>Every kind the design names; those not <see cref="Runnable"/> are rejected until their simulators exist.</summary>
    public static readonly IReadOnlyList<string> Known = [Traffic, Epidemic, Flood, Evacuation, Energy, Compound, SyntheticPlates, SyntheticTelemetry];

    public static readonly IReadOnlyList<string> Runnable = [Traffic, Epidemic, Flood, Evacuation, Energy, Compound, SyntheticPlates, SyntheticTelemetry];

    public static bool IsSynthetic(string? kind) => kind is SyntheticPlates or SyntheticTelemetry;
}

/// <summary>
/// Where the network and demand come from: files (<see cref="Format"/>, <see cref="Network"/> and
/// <see cref="Demand"/> together) or the city's live twin (<see cref="Twin"/>).
/// </summary>
[ExactlyOneOf("network", "twin"), SetTogether("format", "network", "demand")]
public sealed record BaselineSpec
{
    [OneOf("sumo", "cityflow"), Description("With files: \"sumo\" (network: .net.xml, demand: .rou.xml) or \"cityflow\" (network: roadnet JSON, demand: flow JSON).")]
    public string? Format { get; init; }

    [Description("The road network file: exactly one of path or configMap. Set with format and demand, or use twin instead.")]
    public FileSource? Network { get; init; }
    [Description("The demand (trips) file: exactly one of path or configMap. Set with format and network.")]
    public FileSource? Demand { get; init; }

    [Description("Build the baseline from the city's twin as it is now: its roads, intersections and signal plans, and demand from its detectors' latest flows. Instead of files.")]
    public TwinBaselineSpec? Twin { get; init; }

    [OneOf(SignalControllers.FixedTime, SignalControllers.MaxPressure), Description("\"fixed-time\" (the file's or the twin's plans) or \"max-pressure\".")]
    public string Controller { get; init; } = "fixed-time";
}

/// <summary>
/// A baseline read from the city's twin: the network and signal plans as the twin holds them, and trips entering at
/// the network's boundary at the rates its detectors report, turning at each junction in proportion to the flows
/// observed downstream.
/// </summary>
public sealed record TwinBaselineSpec
{
    [Duration("168h"), Description("Detector readings older than this, counted back from the newest reading, are ignored.")]
    public string MaxObservationAge { get; init; } = "15m";

    [Minimum(0), Maximum(3000), Description("Vehicles per hour per lane entering at a boundary road with no recent reading; 0: none enter there.")]
    public double UnobservedEntryFlowPerLane { get; init; }
}

/// <summary>
/// One input file. Exactly one of: <see cref="Path"/> (a file on a mounted volume, or relative to the scenario file
/// when run locally) or <see cref="ConfigMap"/> (a key of a ConfigMap in the scenario's namespace; the operator
/// mounts it into the worker).
/// </summary>
[ExactlyOneOf("path", "configMap")]
public sealed record FileSource
{
    /// <summary>Linux's PATH_MAX: no longer path can be opened.</summary>
    public const int InputPathMaxLength = 4096;

    [InputPath, MaxLength(InputPathMaxLength), Description("A file on a mounted volume, or relative to the scenario file when run locally; it must resolve inside the scenario file's folder or an allowed input root.")]
    public string? Path { get; init; }
    [Description("A key of a ConfigMap in the scenario's namespace; the operator mounts it into the worker.")]
    public ConfigMapKey? ConfigMap { get; init; }
}

public sealed record ConfigMapKey(
    [property: Required, DnsSubdomain, Description("The ConfigMap's name.")] string Name,
    [property: Required, ConfigMapKey, Description("The key in the ConfigMap's data.")] string Key);

/// <summary>A variant of the baseline. Every field is optional; together they are applied to one run.</summary>
public sealed record InterventionSpec
{
    [Required, DnsLabel, Description("Unique in the scenario, a DNS label: it names the variant's KPIs and artifacts.")]
    public string Name { get; init; } = "";

    [Description("Free text for people.")]
    public string? Description { get; init; }

    [ForSimulation(SimulationKinds.Traffic), Description("Signal control changes: a controller for every signal and/or new plans for named junctions.")]
    public SignalIntervention? Signals { get; init; }

    [ListMapKey("edge"), ForSimulation(SimulationKinds.Traffic), Description("Roads or lanes closed for the whole run.")]
    public IReadOnlyList<ClosureSpec> Closures { get; init; } = [];

    [Minimum(0, Exclusive = true), Maximum(10), ForSimulation(SimulationKinds.Traffic), Description("Multiplies the number of trips (0.5 keeps every other trip by seed, 1.2 adds 20 % copies).")]
    public double? DemandScale { get; init; }

    [ForSimulation(SimulationKinds.Epidemic, Required = true), Description("epidemic: school closure, work from home, contact reductions and vaccination, from given days.")]
    public EpidemicInterventionSpec? Epidemic { get; init; }

    [ForSimulation(SimulationKinds.Flood, Required = true), Description("flood: barriers, pumps and a rain scale.")]
    public FloodInterventionSpec? Flood { get; init; }

    [ForSimulation(SimulationKinds.Evacuation, Required = true), Description("evacuation: an assignment rule, staged zones, contraflow roads and extra shelters.")]
    public EvacuationInterventionSpec? Evacuation { get; init; }

    [ForSimulation(SimulationKinds.Energy, Required = true), Description("energy: a heat wave, EV chargers, PV, an outage or a load scale replacing the baseline's.")]
    public EnergyInterventionSpec? Energy { get; init; }
}

public sealed record SignalIntervention
{
    [OneOf(SignalControllers.FixedTime, SignalControllers.MaxPressure), Description("\"fixed-time\" or \"max-pressure\" for every signal; null keeps the baseline's.")]
    public string? Controller { get; init; }

    [ListMapKey("junction"), Description("New fixed-time plans for named junctions.")]
    public IReadOnlyList<SignalPlanSpec> Plans { get; init; } = [];
}

/// <summary>
/// A retimed programme for one signalised junction: either new <see cref="PhaseDurations"/> (one per phase of the
/// existing programme, seconds) or a <see cref="CycleScale"/> applied to every phase; <see cref="Offset"/> optional.
/// </summary>
[ExactlyOneOf("phaseDurations", "cycleScale")]
public sealed record SignalPlanSpec
{
    [Required, Description("The signalised junction's id in the network.")]
    public string Junction { get; init; } = "";
    [Minimum(0, Exclusive = true), Description("Seconds per phase of the existing programme, one per phase.")]
    public IReadOnlyList<double>? PhaseDurations { get; init; }
    [Minimum(0.25), Maximum(4), Description("Multiplies every phase of the existing programme.")]
    public double? CycleScale { get; init; }
    [Minimum(0), Description("Seconds the programme starts late.")]
    public double? Offset { get; init; }
}

/// <summary>Closes a road (every lane of <see cref="Edge"/>) or some of its lanes (0 = rightmost).</summary>
public sealed record ClosureSpec
{
    [Required, Description("The road's (edge's) id in the network.")]
    public string Edge { get; init; } = "";
    [ListSet, Minimum(0), Description("Lanes to close, 0 = rightmost; absent: every lane.")]
    public IReadOnlyList<int>? Lanes { get; init; }
}

public sealed record ComputeSpec
{
    [OneOf("gpu", "cpu"), Description("\"gpu\" or \"cpu\".")]
    public string Accelerator { get; init; } = "cpu";

    [Minimum(1), Maximum(8), Description("GPUs per pod when the accelerator is gpu.")]
    public int Gpus { get; init; } = 1;

    [OneOf("cpu", "none"), Description("\"cpu\" to rerun on CPU when no GPU can be scheduled in time, \"none\" to wait.")]
    public string Fallback { get; init; } = "cpu";

    [Minimum(0), Maximum(86400), Description("How long GPU pods may stay unschedulable before the CPU fallback.")]
    public int ScheduleTimeoutSeconds { get; init; } = 120;
}

public sealed record RunPolicySpec
{
    [Minimum(0), Maximum(10), Description("Retries of a failed run before the scenario fails.")]
    public int BackoffLimit { get; init; } = 2;
    [Minimum(1), Description("Seconds a run may take before it is stopped and fails.")]
    public long? ActiveDeadlineSeconds { get; init; } = 3600;
    [Minimum(0), Description("Seconds a finished Job (and its pods' logs) is kept; absent: kept.")]
    public int? TtlSecondsAfterFinished { get; init; }
}

public sealed record OutputsSpec
{
    [ListSet, OneOf(typeof(KpiNames), nameof(KpiNames.All)), ForSimulation(SimulationKinds.Traffic), Description("traffic: KPIs to report; empty: all of them. Synthetic data reports its generator's figures.")]
    public IReadOnlyList<string> Kpis { get; init; } = [];

    [ForSimulation(SimulationKinds.SyntheticTelemetry), Description("synthetic-telemetry: also publish the series on telemetry.raw, in time order, so the domain services' detectors see it as live telemetry.")]
    public bool Publish { get; init; }

    [Minimum(0), Maximum(1000000), ForSimulation(SimulationKinds.SyntheticTelemetry), Description("synthetic-telemetry with publish: series seconds per wall-clock second; 0: as fast as the bus takes them.")]
    public double PublishAcceleration { get; init; }

    [Description("Where artifacts go: a directory (a mounted volume in the cluster); default \"results\".")]
    public ArtifactsSpec Artifacts { get; init; } = new();
}

/// <summary>
/// A directory for per-run outputs. In the cluster it is on the PersistentVolumeClaim
/// <see cref="PersistentVolumeClaim"/> when given, else in the pod (and lost with it).
/// </summary>
public sealed record ArtifactsSpec
{
    [Required, RelativePath, Description("A relative directory for per-run outputs, under the volume in the cluster.")]
    public string Path { get; init; } = "results";
    [DnsSubdomain, Description("A PersistentVolumeClaim in the scenario's namespace for the artifacts; absent: they stay in the pod.")]
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
    [Description("The generation the operator last acted on.")]
    public long? ObservedGeneration { get; init; }

    [OneOf(Phases.Pending, Phases.Running, Phases.Succeeded, Phases.Failed), Description("Pending, Running, Succeeded or Failed: for printer columns; conditions are authoritative.")]
    public string? Phase { get; init; }

    [OneOf("gpu", "cpu"), Description("\"gpu\" or \"cpu\" (after the fallback or when asked).")]
    public string? Backend { get; init; }

    [Description("The compute device the worker chose and ran on (name, memory, compute capability), from its KPI report.")]
    public string? Device { get; init; }

    [Description("Runs started for the observed generation, retries and the CPU fallback included.")]
    public int? Attempts { get; init; }
    public DateTimeOffset? StartTime { get; init; }
    public DateTimeOffset? CompletionTime { get; init; }

    [Description("\"37%\" while running; from the worker's progress.")]
    public string? Progress { get; init; }

    [ListMapKey("type"), Description("Accepted, GpuScheduled, Running, Succeeded, Failed: authoritative over phase.")]
    public IReadOnlyList<Condition> Conditions { get; init; } = [];

    [Description("The KPI report once the scenario succeeded.")]
    public KpiReport? Kpis { get; init; }

    [Description("Where the artifacts are, e.g. \"pvc://city-results/jinan/retiming-7/\".")]
    public string? ResultsRef { get; init; }

    [Description("The Job running the observed generation.")]
    public string? JobName { get; init; }
}

/// <summary>metav1.Condition.</summary>
public sealed record Condition
{
    [Required, Pattern(ConditionPatterns.Type, "a CamelCase condition type", 316)]
    public string Type { get; init; } = "";
    [Required, OneOf("True", "False", "Unknown"), Description("True, False or Unknown.")]
    public string Status { get; init; } = "Unknown";
    public long? ObservedGeneration { get; init; }
    [Required, Description("When status last changed.")]
    public DateTimeOffset LastTransitionTime { get; init; }
    [Required, Pattern(ConditionPatterns.Reason, "a CamelCase reason", 1024)]
    public string Reason { get; init; } = "";
    [Required, MaxLength(32768), Description("Details for people; may be empty.")]
    public string Message { get; init; } = "";
}

public static class SignalControllers
{
    public const string FixedTime = "fixed-time", MaxPressure = "max-pressure";
}

/// <summary>metav1.Condition's patterns (apimachinery types.go).</summary>
public static class ConditionPatterns
{
    public const string Type = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$";
    public const string Reason = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$";
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
    [Description("KPI name to the baseline's value.")]
    public IReadOnlyDictionary<string, double> Baseline { get; init; } = new Dictionary<string, double>();
    public IReadOnlyList<InterventionKpis> Interventions { get; init; } = [];

    [Description("Ensemble members the means are over.")]
    public int Runs { get; init; } = 1;

    [Description("Where the kernels ran (CITYMESH_COMPUTE's choice), e.g. \"cuda: NVIDIA H100 80GB HBM3, 79.1 GiB, sm_90\" or \"managed: 16 cores, Vector<float> width 8\".")]
    public string? Device { get; init; }
}

public sealed record InterventionKpis
{
    public string Name { get; init; } = "";
    [Description("KPI name to the intervention's value.")]
    public IReadOnlyDictionary<string, double> Values { get; init; } = new Dictionary<string, double>();

    [Description("(intervention − baseline) / baseline × 100 per KPI; absent where the baseline is 0.")]
    public IReadOnlyDictionary<string, double> ChangePercent { get; init; } = new Dictionary<string, double>();
}
