using CityMesh.Scenarios.Model;

namespace CityMesh.Operator.Tests.Controller;

/// <summary>Scenarios for the tests: valid unless a test breaks them.</summary>
internal static class Scenarios
{
    public static TwinScenario Valid(string name = "retiming", long generation = 1, string accelerator = "cpu", int ensemble = 1,
        string fallback = "cpu", string? claim = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "city", Uid = "uid-" + name, Generation = generation, ResourceVersion = "1" },
        Spec = new TwinScenarioSpec
        {
            City = "jinan",
            Simulation = SimulationKinds.Traffic,
            Baseline = new BaselineSpec
            {
                Format = "cityflow",
                Network = new FileSource { ConfigMap = new ConfigMapKey("jinan-net", "roadnet.json") },
                Demand = new FileSource { ConfigMap = new ConfigMapKey("jinan-flow", "flow.json") },
            },
            Interventions = [new InterventionSpec { Name = "max-pressure", Signals = new SignalIntervention { Controller = "max-pressure" } }],
            Horizon = "3600s",
            Ensemble = ensemble,
            Compute = new ComputeSpec { Accelerator = accelerator, Gpus = 1, Fallback = fallback, ScheduleTimeoutSeconds = 120 },
            RunPolicy = new RunPolicySpec { BackoffLimit = 2, ActiveDeadlineSeconds = 3600, TtlSecondsAfterFinished = 600 },
            Outputs = new OutputsSpec { Artifacts = new ArtifactsSpec { PersistentVolumeClaim = claim } },
        },
    };

    public static OperatorOptions Options() => new()
    {
        Image = "registry.local/citymesh-server:test",
        MaxParallelism = 2,
        GpuNodeSelector = new(StringComparer.Ordinal) { ["nvidia.com/gpu.present"] = "true" },
        GpuTolerations = [new TolerationOptions { Key = "nvidia.com/gpu", Operator = "Exists", Effect = "NoSchedule" }],
        LeaderElection = false,
    };
}
