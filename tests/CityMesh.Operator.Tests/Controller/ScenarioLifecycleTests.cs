using CityMesh.Kubernetes.Fake;
using System.Text.Json.Nodes;
using CityMesh.Kubernetes;
using CityMesh.Operator.Reconciliation;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Worker;

namespace CityMesh.Operator.Tests.Controller;

/// <summary>The operator against the fake API server: a scenario from creation to merged KPIs, and a rejected one.</summary>
public sealed class ScenarioLifecycleTests
{
    private static bool Is(TwinScenario s, string type, string status) =>
        s.Status?.Conditions.Any(c => c.Type == type && c.Status == status && c.ObservedGeneration == s.Metadata.Generation) == true;

    [Fact]
    public async Task Should_Run_A_Gpu_Ensemble_To_Merged_Kpis()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator();
        await h.CreateAsync(Scenarios.Valid(accelerator: "gpu", ensemble: 3));

        var accepted = await h.WaitForAsync("retiming", s => Is(s, ConditionTypes.Accepted, "True"), "Accepted=True");
        Assert.Contains(TwinScenarioReconciler.Finalizer, accepted.Metadata.Finalizers!);
        Assert.Equal("gpu", accepted.Status!.Backend);
        Assert.Equal("retiming-g1", accepted.Status.JobName);
        Assert.Equal(1, accepted.Status.ObservedGeneration);

        var job = h.Job("retiming-g1")!;
        Assert.Equal(accepted.Metadata.Uid, job["metadata"]!["ownerReferences"]![0]!["uid"]!.GetValue<string>());
        Assert.Equal(3, job["spec"]!["completions"]!.GetValue<int>());
        Assert.Equal("Indexed", job["spec"]!["completionMode"]!.GetValue<string>());
        var pod = job["spec"]!["template"]!["spec"]!;
        Assert.Equal("1", pod["containers"]![0]!["resources"]!["limits"]!["nvidia.com/gpu"]!.GetValue<string>());
        Assert.Equal("true", pod["nodeSelector"]!["nvidia.com/gpu.present"]!.GetValue<string>());
        Assert.Equal("nvidia.com/gpu", pod["tolerations"]![0]!["key"]!.GetValue<string>());
        Assert.Contains(pod["containers"]![0]!["env"]!.AsArray(), e => e!["name"]!.GetValue<string>() == WorkerContract.ScenarioEnv);
        Assert.Contains(pod["containers"]![0]!["volumeMounts"]!.AsArray(), m => m!["mountPath"]!.GetValue<string>() == $"{WorkerContract.ConfigMapRoot}/jinan-net");

        // Pods start; one reports progress.
        h.UpsertPod(job, 0, "Running", progress: 60);
        h.UpsertPod(job, 1, "Running", progress: 30);
        h.UpsertPod(job, 2, "Running", progress: 21);
        var running = await h.WaitForAsync("retiming", s => s.Status?.Progress == "37%", "progress 37%");
        Assert.Equal(Phases.Running, running.Status!.Phase);
        Assert.True(Is(running, ConditionTypes.Running, "True"));
        Assert.True(Is(running, ConditionTypes.GpuScheduled, "True"));

        // Every member finishes with its KPIs in the termination message; the Job completes.
        h.UpsertPod(job, 0, "Succeeded", message: TestObjects.Report(100, 90));
        h.UpsertPod(job, 1, "Succeeded", message: TestObjects.Report(110, 99));
        h.UpsertPod(job, 2, "Succeeded", message: TestObjects.Report(90, 81));
        h.SetJobStatus(job, "Complete", succeeded: 3);

        var done = await h.WaitForAsync("retiming", s => s.Status?.Phase == Phases.Succeeded, "phase Succeeded");
        Assert.True(Is(done, ConditionTypes.Succeeded, "True"));
        Assert.True(Is(done, ConditionTypes.Failed, "False"));
        Assert.Equal(3, done.Status!.Kpis!.Runs);
        Assert.Equal(100, done.Status.Kpis.Baseline[KpiNames.MeanTravelTime], 6);
        Assert.Equal(-10, done.Status.Kpis.Interventions[0].ChangePercent[KpiNames.MeanTravelTime], 6);
        Assert.Equal("100%", done.Status.Progress);
        Assert.NotNull(done.Status.CompletionTime);
        Assert.StartsWith("pod-local:", done.Status.ResultsRef, StringComparison.Ordinal);
        await h.WaitUntilAsync(() => h.Server.List(KubeResource.Events, OperatorHarness.Ns)
            .Any(e => e["reason"]?.GetValue<string>() == ScenarioStatuses.Completed), "a Normal Completed event");
        Assert.Equal(1, h.JobPosts());
    }

    [Fact]
    public async Task Should_Reject_An_Invalid_Spec_Naming_The_Field_Without_A_Job()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator();
        var bad = Scenarios.Valid();
        await h.CreateAsync(bad with { Spec = bad.Spec with { Ensemble = 0 } });

        var rejected = await h.WaitForAsync("retiming", s => Is(s, ConditionTypes.Accepted, "False"), "Accepted=False");
        var accepted = rejected.Status!.Conditions.Single(c => c.Type == ConditionTypes.Accepted);
        Assert.Contains("spec.ensemble", accepted.Message, StringComparison.Ordinal);
        Assert.Equal(Phases.Failed, rejected.Status.Phase);
        Assert.True(Is(rejected, ConditionTypes.Failed, "True"));
        Assert.Equal(0, h.JobPosts());
        Assert.Empty(h.Server.List(KubeResource.Jobs));
    }

    [Fact]
    public async Task Should_Retry_A_Conflicting_Status_Write_And_Converge()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.Server.FailNext("PATCH", "/twinscenarios/retiming/status", 409, times: 3);
        h.StartOperator();
        await h.CreateAsync(Scenarios.Valid());

        var accepted = await h.WaitForAsync("retiming", s => Is(s, ConditionTypes.Accepted, "True"), "Accepted=True after conflicts");
        Assert.Equal("retiming-g1", accepted.Status!.JobName);
        Assert.True(h.Server.Requests.Count(r => r.Method == "PATCH" && r.Path.EndsWith("/status", StringComparison.Ordinal) && r.StatusCode == 409) >= 3);
        Assert.Single(h.Server.List(KubeResource.Jobs));
    }

    [Fact]
    public async Task Should_Retry_A_Conflicting_Finalizer_Patch()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.Server.FailNext("PATCH", "/twinscenarios/retiming", 409, times: 2);
        h.StartOperator();
        await h.CreateAsync(Scenarios.Valid());

        var accepted = await h.WaitForAsync("retiming", s => Is(s, ConditionTypes.Accepted, "True"), "Accepted=True after conflicts");
        Assert.Equal(new[] { TwinScenarioReconciler.Finalizer }, accepted.Metadata.Finalizers);
        Assert.Equal(2, h.Server.Requests.Count(r => r.Method == "PATCH" && r.StatusCode == 409));
    }

    [Fact]
    public async Task Should_Report_A_Failed_Job_With_Its_Reason()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator();
        await h.CreateAsync(Scenarios.Valid());
        var job = await h.WaitForAsync(() => h.Job("retiming-g1"), "the Job");
        h.SetJobStatus(job, "Failed", reason: "BackoffLimitExceeded", failed: 3);

        var failed = await h.WaitForAsync("retiming", s => s.Status?.Phase == Phases.Failed, "phase Failed");
        var condition = failed.Status!.Conditions.Single(c => c.Type == ConditionTypes.Failed);
        Assert.Equal("True", condition.Status);
        Assert.Equal("BackoffLimitExceeded", condition.Reason);
        Assert.Equal(4, failed.Status.Attempts);
    }

    [Fact]
    public async Task Should_Fail_When_A_Termination_Message_Is_Not_A_Kpi_Report()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator();
        await h.CreateAsync(Scenarios.Valid());
        var job = await h.WaitForAsync(() => h.Job("retiming-g1"), "the Job");
        h.UpsertPod(job, 0, "Succeeded", message: "Unhandled exception. System.OutOfMemoryException");
        h.SetJobStatus(job, "Complete", succeeded: 1);

        var failed = await h.WaitForAsync("retiming", s => s.Status?.Phase == Phases.Failed, "phase Failed");
        Assert.Equal("InvalidResults", failed.Status!.Conditions.Single(c => c.Type == ConditionTypes.Failed).Reason);
    }
}
