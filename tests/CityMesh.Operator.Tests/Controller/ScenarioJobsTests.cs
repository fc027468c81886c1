using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Operator.Reconciliation;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Worker;

namespace CityMesh.Operator.Tests.Controller;

public sealed class ScenarioJobsTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Should_Build_An_Indexed_Gpu_Job_Owned_By_The_Scenario()
    {
        var s = Scenarios.Valid(accelerator: "gpu", ensemble: 3, claim: "city-results");
        var job = ScenarioJobs.Simulation(s, cpuFallback: false, Scenarios.Options(), Now);

        Assert.Equal("retiming-g1", job["metadata"]!["name"]!.GetValue<string>());
        var owner = job["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal("TwinScenario", owner["kind"]!.GetValue<string>());
        Assert.Equal("uid-retiming", owner["uid"]!.GetValue<string>());
        Assert.True(owner["controller"]!.GetValue<bool>());
        Assert.True(owner["blockOwnerDeletion"]!.GetValue<bool>());
        Assert.Equal("gpu", job["metadata"]!["labels"]![WorkerContract.BackendLabel]!.GetValue<string>());

        var spec = job["spec"]!;
        Assert.Equal("Indexed", spec["completionMode"]!.GetValue<string>());
        Assert.Equal(3, spec["completions"]!.GetValue<int>());
        Assert.Equal(2, spec["parallelism"]!.GetValue<int>()); // capped by MaxParallelism
        Assert.Equal(2, spec["backoffLimit"]!.GetValue<int>());
        Assert.Equal(3600, spec["activeDeadlineSeconds"]!.GetValue<long>());
        Assert.Equal(600, spec["ttlSecondsAfterFinished"]!.GetValue<int>());

        var pod = spec["template"]!["spec"]!;
        Assert.Equal("true", pod["nodeSelector"]!["nvidia.com/gpu.present"]!.GetValue<string>());
        Assert.Equal("nvidia.com/gpu", pod["tolerations"]![0]!["key"]!.GetValue<string>());
        Assert.Equal("Never", pod["restartPolicy"]!.GetValue<string>());
        var c = pod["containers"]![0]!;
        Assert.Equal(WorkerContract.ContainerName, c["name"]!.GetValue<string>());
        Assert.Equal(new[] { "--target", "worker" }, c["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("1", c["resources"]!["limits"]!["nvidia.com/gpu"]!.GetValue<string>());
        Assert.Equal("FallbackToLogsOnError", c["terminationMessagePolicy"]!.GetValue<string>());
        Assert.Equal("/dev/termination-log", c["terminationMessagePath"]!.GetValue<string>());
        Assert.False(c["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.True(c["securityContext"]!["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.Equal("ALL", c["securityContext"]!["capabilities"]!["drop"]![0]!.GetValue<string>());

        var env = Env(c);
        Assert.Equal("cuda", env["CITYMESH_COMPUTE"]);
        Assert.Equal("/var/run/citymesh/results/city/retiming/1", env[WorkerContract.ResultsDirectoryEnv]);
        // The worker loads it strictly (unknown fields are errors), so parse it as the worker does.
        var scenario = ScenarioDocument.Parse(env[WorkerContract.ScenarioEnv]!, WorkerContract.ScenarioEnv);
        Assert.Equal(1, scenario.Metadata.Generation);
        Assert.Equal("city", scenario.Metadata.Namespace);
        Assert.Null(scenario.Status);
        Assert.Equal(3, scenario.Spec.Ensemble);
        var podName = c["env"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == WorkerContract.PodNameEnv)!;
        Assert.Equal("metadata.name", podName["valueFrom"]!["fieldRef"]!["fieldPath"]!.GetValue<string>());

        var mounts = c["volumeMounts"]!.AsArray().ToDictionary(m => m!["mountPath"]!.GetValue<string>(), m => m!["name"]!.GetValue<string>());
        Assert.Contains(WorkerContract.ResultsRoot, mounts.Keys);
        Assert.Contains("/tmp", mounts.Keys);
        Assert.Contains($"{WorkerContract.ConfigMapRoot}/jinan-flow", mounts.Keys);
        Assert.Contains($"{WorkerContract.ConfigMapRoot}/jinan-net", mounts.Keys);
        var volumes = pod["volumes"]!.AsArray().ToDictionary(v => v!["name"]!.GetValue<string>());
        Assert.Equal("city-results", volumes[mounts[WorkerContract.ResultsRoot]]!["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
        Assert.Equal("jinan-net", volumes[mounts[$"{WorkerContract.ConfigMapRoot}/jinan-net"]]!["configMap"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Should_Build_The_Cpu_Fallback_Without_Gpu_Scheduling()
    {
        var s = Scenarios.Valid(accelerator: "gpu");
        var job = ScenarioJobs.Simulation(s, cpuFallback: true, Scenarios.Options(), Now);
        Assert.Equal("retiming-g1-cpu", job["metadata"]!["name"]!.GetValue<string>());
        var pod = job["spec"]!["template"]!["spec"]!;
        Assert.Null(pod["nodeSelector"]);
        Assert.Null(pod["tolerations"]);
        var c = pod["containers"]![0]!;
        Assert.Null(c["resources"]);
        Assert.Equal("managed", Env(c)["CITYMESH_COMPUTE"]);
        Assert.False(Env(c).ContainsKey(WorkerContract.TwinUrlEnv)); // no twin configured: the worker says so if the baseline needs one
        // No claim: an emptyDir holds the results.
        Assert.NotNull(pod["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "results")!["emptyDir"]);
    }

    [Fact]
    public void Should_Tell_Workers_Where_The_Citys_Twin_Is()
    {
        var options = Scenarios.Options();
        options.TwinUrl = "http://citymesh-twin.jinan:8080";

        var job = ScenarioJobs.Simulation(Scenarios.Valid(accelerator: "cpu"), cpuFallback: false, options, Now);

        Assert.Equal("http://citymesh-twin.jinan:8080", Env(job["spec"]!["template"]!["spec"]!["containers"]![0]!)[WorkerContract.TwinUrlEnv]);
    }

    [Fact]
    public void Should_Build_The_Cleanup_Job_On_The_Claim()
    {
        var s = Scenarios.Valid(claim: "city-results");
        var job = ScenarioJobs.Cleanup(s, Scenarios.Options());
        Assert.Equal("retiming-cleanup", job["metadata"]!["name"]!.GetValue<string>());
        var c = job["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal(new[] { "--target", "worker", "--cleanup", "/var/run/citymesh/results/city/retiming" },
            c["args"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [Fact]
    public void Should_Keep_Job_Names_Deterministic_And_Within_63_Characters()
    {
        string longName = new string('a', 60) + "-b";
        string n1 = JobNames.SimulationJob(longName, 12, cpuFallback: true);
        Assert.Equal(n1, JobNames.SimulationJob(longName, 12, cpuFallback: true));
        Assert.True(n1.Length <= 63);
        Assert.EndsWith("-g12-cpu", n1, StringComparison.Ordinal);
        Assert.NotEqual(n1, JobNames.SimulationJob(longName, 13, cpuFallback: true));
        Assert.Equal("short-g3", JobNames.SimulationJob("short", 3, cpuFallback: false));
    }

    [Fact]
    public void Should_Point_Results_At_The_Claim_Or_Say_They_Are_Pod_Local()
    {
        Assert.Equal("pvc://city-results/city/retiming/1/", ScenarioJobs.ResultsRef(Scenarios.Valid(claim: "city-results")));
        Assert.StartsWith("pod-local:", ScenarioJobs.ResultsRef(Scenarios.Valid()), StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Env(JsonNode container) =>
        container["env"]!.AsArray().ToDictionary(e => e!["name"]!.GetValue<string>(), e => e!["value"]?.GetValue<string>());
}
