using CityMesh.Kubernetes.Fake;
using System.Text.Json.Nodes;
using CityMesh.Kubernetes;
using CityMesh.Operator.Reconciliation;
using CityMesh.Scenarios.Model;

namespace CityMesh.Operator.Tests.Controller;

/// <summary>OperatorOptions.GpuEnabled=false: clusters without GPUs never get a GPU request.</summary>
public sealed class GpuDisabledTests
{
    private static Condition? C(TwinScenario s, string type) => s.Status?.Conditions.FirstOrDefault(c => c.Type == type);

    private static OperatorOptions WithoutGpus()
    {
        var options = Scenarios.Options();
        options.GpuEnabled = false;
        return options;
    }

    private static bool HasEvent(OperatorHarness h, string reason) =>
        h.Server.List(KubeResource.Events, OperatorHarness.Ns)
            .Any(e => e["reason"]?.GetValue<string>() == reason && e["type"]?.GetValue<string>() == "Warning");

    [Fact]
    public void Should_Default_To_Gpus_Enabled() => Assert.True(new OperatorOptions().GpuEnabled);

    [Fact]
    public async Task Should_Run_A_Gpu_Scenario_With_Cpu_Fallback_On_Cpu_At_Once_When_GpuDisabled()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator(WithoutGpus());
        await h.CreateAsync(Scenarios.Valid(accelerator: "gpu", fallback: "cpu"));

        // No clock advance: the CPU Job does not wait for scheduleTimeoutSeconds.
        var accepted = await h.WaitForAsync("retiming",
            s => s.Status?.JobName == "retiming-g1-cpu" && C(s, ConditionTypes.Accepted)?.Status == "True"
                && C(s, ConditionTypes.GpuScheduled)?.Reason == ScenarioStatuses.GpuDisabled,
            "Accepted on the -cpu Job with GpuScheduled GpuDisabled");
        Assert.Equal(ScenarioJobs.Cpu, accepted.Status!.Backend);
        var gpu = C(accepted, ConditionTypes.GpuScheduled)!;
        Assert.Equal("False", gpu.Status);
        Assert.Contains("GpuEnabled=false", gpu.Message, StringComparison.Ordinal);
        Assert.Equal(accepted.Metadata.Generation, gpu.ObservedGeneration);

        var job = h.Server.List(KubeResource.Jobs, OperatorHarness.Ns).Single();
        Assert.Equal(JobNames.SimulationJob("retiming", 1, cpuFallback: true), job["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(ScenarioJobs.Cpu, job["metadata"]!["labels"]!["citymesh.io/backend"]!.GetValue<string>());
        Assert.DoesNotContain(ScenarioJobs.GpuResource, job.ToJsonString(), StringComparison.Ordinal);
        Assert.Null(job["spec"]!["template"]!["spec"]!["nodeSelector"]);
        Assert.Null(job["spec"]!["template"]!["spec"]!["tolerations"]);
        Assert.Null(h.Job("retiming-g1"));
        await h.WaitUntilAsync(() => HasEvent(h, ScenarioStatuses.GpuDisabled), "a Warning GpuDisabled event");

        // The CPU run finishes as any other; the GPU condition stays as it was.
        var cpuJob = h.Job("retiming-g1-cpu")!;
        h.UpsertPod(cpuJob, 0, "Succeeded", message: TestObjects.Report(100, 80));
        h.SetJobStatus(cpuJob, "Complete", succeeded: 1);
        var done = await h.WaitForAsync("retiming", s => s.Status?.Phase == Phases.Succeeded, "Succeeded on CPU");
        Assert.Equal(ScenarioJobs.Cpu, done.Status!.Backend);
        Assert.Equal(ScenarioStatuses.GpuDisabled, C(done, ConditionTypes.GpuScheduled)!.Reason);
        Assert.Equal(1, h.JobPosts());
        Assert.Single(h.Server.List(KubeResource.Jobs, OperatorHarness.Ns));
    }

    [Fact]
    public async Task Should_Not_Accept_A_Gpu_Scenario_Without_Cpu_Fallback_When_GpuDisabled()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator(WithoutGpus());
        await h.CreateAsync(Scenarios.Valid(accelerator: "gpu", fallback: "none"));

        var rejected = await h.WaitForAsync("retiming", s => s.Status?.Phase == Phases.Failed, "phase Failed");
        var accepted = C(rejected, ConditionTypes.Accepted)!;
        Assert.Equal("False", accepted.Status);
        Assert.Equal(ScenarioStatuses.GpuDisabled, accepted.Reason);
        Assert.Contains("spec.compute.fallback", accepted.Message, StringComparison.Ordinal);
        Assert.Contains("GpuEnabled", accepted.Message, StringComparison.Ordinal);
        var failed = C(rejected, ConditionTypes.Failed)!;
        Assert.Equal("True", failed.Status);
        Assert.Equal(ScenarioStatuses.GpuDisabled, failed.Reason);
        Assert.Equal(rejected.Metadata.Generation, failed.ObservedGeneration);
        Assert.Equal("False", C(rejected, ConditionTypes.GpuScheduled)!.Status);
        await h.WaitUntilAsync(() => HasEvent(h, ScenarioStatuses.GpuDisabled), "a Warning GpuDisabled event");
        Assert.Equal(0, h.JobPosts());
        Assert.Empty(h.Server.List(KubeResource.Jobs));
    }

    [Fact]
    public async Task Should_Run_A_Cpu_Scenario_Unchanged_When_GpuDisabled()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator(WithoutGpus());
        await h.CreateAsync(Scenarios.Valid(accelerator: "cpu"));

        var accepted = await h.WaitForAsync("retiming", s => C(s, ConditionTypes.Accepted)?.Status == "True", "Accepted=True");
        Assert.Equal("retiming-g1", accepted.Status!.JobName);
        Assert.Equal(ScenarioJobs.Cpu, accepted.Status.Backend);
        Assert.Null(C(accepted, ConditionTypes.GpuScheduled));
        Assert.NotNull(h.Job("retiming-g1"));
        Assert.False(HasEvent(h, ScenarioStatuses.GpuDisabled));
    }
}
