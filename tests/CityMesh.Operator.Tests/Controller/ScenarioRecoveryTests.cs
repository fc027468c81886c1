using CityMesh.Kubernetes.Fake;
using System.Text.Json.Nodes;
using CityMesh.Kubernetes;
using CityMesh.Operator.Reconciliation;
using CityMesh.Scenarios.Model;

namespace CityMesh.Operator.Tests.Controller;

/// <summary>GPU fallback, restarts, expired watches, deletion, spec changes and leader election.</summary>
public sealed class ScenarioRecoveryTests
{
    private static Condition? C(TwinScenario s, string type) => s.Status?.Conditions.FirstOrDefault(c => c.Type == type);

    [Fact]
    public async Task Should_Fall_Back_To_Cpu_When_Gpu_Pods_Stay_Unschedulable_Past_The_Timeout()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator();
        await h.CreateAsync(Scenarios.Valid(accelerator: "gpu"));
        var gpuJob = await h.WaitForAsync(() => h.Job("retiming-g1"), "the GPU Job");

        h.UpsertPod(gpuJob, 0, "Pending", unschedulable: true);
        await h.WaitForAsync("retiming", s => C(s, ConditionTypes.GpuScheduled) is { Status: "False", Reason: ScenarioStatuses.Unschedulable }, "GpuScheduled=False Unschedulable");
        Assert.NotNull(h.Job("retiming-g1"));

        // Past scheduleTimeoutSeconds (120) on the operator's clock; the scheduler retries and says so again.
        h.Clock.Advance(TimeSpan.FromSeconds(121));
        h.UpsertPod(gpuJob, 0, "Pending", unschedulable: true, schedulerMessage: "0/3 nodes are available: 3 Insufficient nvidia.com/gpu (retry).");

        var fellBack = await h.WaitForAsync("retiming", s => s.Status?.Backend == "cpu" && s.Status.JobName == "retiming-g1-cpu", "backend cpu on the -cpu Job");
        var gpu = C(fellBack, ConditionTypes.GpuScheduled)!;
        Assert.Equal("False", gpu.Status);
        Assert.Equal(ScenarioStatuses.InsufficientGpu, gpu.Reason);
        Assert.Contains("120s", gpu.Message, StringComparison.Ordinal);
        await h.WaitUntilAsync(() => h.Job("retiming-g1") is null, "the GPU Job deleted");
        var cpuJob = h.Job("retiming-g1-cpu")!;
        Assert.Null(cpuJob["spec"]!["template"]!["spec"]!["nodeSelector"]);
        await h.WaitUntilAsync(() => h.Server.List(KubeResource.Events, OperatorHarness.Ns)
            .Any(e => e["reason"]?.GetValue<string>() == ScenarioStatuses.InsufficientGpu && e["type"]?.GetValue<string>() == "Warning"), "a Warning InsufficientGpu event");

        // The CPU run finishes as any other.
        h.UpsertPod(cpuJob, 0, "Succeeded", message: TestObjects.Report(100, 80));
        h.SetJobStatus(cpuJob, "Complete", succeeded: 1);
        var done = await h.WaitForAsync("retiming", s => s.Status?.Phase == Phases.Succeeded, "Succeeded on CPU");
        Assert.Equal(-20, done.Status!.Kpis!.Interventions[0].ChangePercent[KpiNames.MeanTravelTime], 6);
        Assert.Equal(2, h.JobPostsSucceeded());
    }

    [Fact]
    public async Task Should_Keep_Waiting_For_A_Gpu_When_The_Fallback_Is_None()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator();
        await h.CreateAsync(Scenarios.Valid(accelerator: "gpu", fallback: "none"));
        var gpuJob = await h.WaitForAsync(() => h.Job("retiming-g1"), "the GPU Job");
        h.UpsertPod(gpuJob, 0, "Pending", unschedulable: true);
        await h.WaitForAsync("retiming", s => C(s, ConditionTypes.GpuScheduled) is { Status: "False" }, "GpuScheduled=False");

        h.Clock.Advance(TimeSpan.FromHours(1));
        h.UpsertPod(gpuJob, 0, "Pending", unschedulable: true, schedulerMessage: "still no GPU");
        // The reconcile after the advance has run once its message shows up in the status.
        var waiting = await h.WaitForAsync("retiming", s => C(s, ConditionTypes.GpuScheduled)?.Message.Contains("still no GPU", StringComparison.Ordinal) == true, "the new scheduler message");
        Assert.Equal("gpu", waiting.Status!.Backend);
        Assert.Contains("fallback is none", C(waiting, ConditionTypes.GpuScheduled)!.Message, StringComparison.Ordinal);
        Assert.NotNull(h.Job("retiming-g1"));
        Assert.Null(h.Job("retiming-g1-cpu"));
        Assert.Equal(1, h.JobPosts());
    }

    [Fact]
    public async Task Should_Create_One_Job_When_The_Operator_Dies_Right_After_Creating_It()
    {
        await using var h = await OperatorHarness.StartAsync();
        CrashAfterJobCreate? crashing = null;
        var first = h.StartOperator(intercept: process => crashing = new CrashAfterJobCreate(process));
        await h.CreateAsync(Scenarios.Valid());
        await h.WaitUntilAsync(() => crashing?.Crashed == true, "the first operator's crash after the Job POST");
        await h.StopAsync(first);
        Assert.Null(h.Scenario("retiming")!.Status?.JobName);

        h.StartOperator();
        var accepted = await h.WaitForAsync("retiming", s => C(s, ConditionTypes.Accepted)?.Status == "True", "Accepted by the second operator");
        Assert.Equal("retiming-g1", accepted.Status!.JobName);
        Assert.Equal(1, h.JobPostsSucceeded());
        Assert.Single(h.Server.List(KubeResource.Jobs));
    }

    [Fact]
    public async Task Should_Adopt_A_Job_That_Already_Exists_On_Create()
    {
        await using var h = await OperatorHarness.StartAsync();
        // A stale read: the Job the operator made is not seen, so it POSTs again and gets AlreadyExists.
        var first = h.StartOperator(intercept: process => new CrashAfterJobCreate(process));
        await h.CreateAsync(Scenarios.Valid());
        await h.WaitForAsync(() => h.Job("retiming-g1"), "the Job");
        await h.StopAsync(first);
        h.Server.FailNext("GET", "/jobs/retiming-g1", 404, times: 1);

        h.StartOperator();
        await h.WaitForAsync("retiming", s => s.Status?.JobName == "retiming-g1", "the Job adopted");
        Assert.Equal(1, h.JobPostsSucceeded());
        Assert.Contains(h.Server.Requests, r => r.Method == "POST" && r.Path.EndsWith("/jobs", StringComparison.Ordinal) && r.StatusCode == 409);
        Assert.Single(h.Server.List(KubeResource.Jobs));
    }

    [Fact]
    public async Task Should_Relist_After_410_And_Still_Reconcile_Later_Changes()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.Server.BookmarkInterval = null;
        h.StartOperator();
        await h.CreateAsync(Scenarios.Valid("first"));
        await h.WaitForAsync("first", s => s.Status?.JobName is not null, "first accepted");
        int listsBefore = ScenarioLists(h);

        // History the informers' resourceVersions point into is gone; their next watch gets 410 Expired.
        h.Server.Upsert(KubeResource.ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "bump", ["namespace"] = OperatorHarness.Ns } });
        h.Server.Compact();
        h.Server.EndWatches();
        await h.WaitUntilAsync(() => ScenarioLists(h) > listsBefore, "a relist of scenarios");

        await h.CreateAsync(Scenarios.Valid("second"));
        var second = await h.WaitForAsync("second", s => s.Status?.JobName is not null, "second accepted after the relist");
        Assert.Equal("second-g1", second.Status!.JobName);
    }

    [Fact]
    public async Task Should_Clean_Up_Artifacts_Before_Removing_The_Finalizer()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator();
        await h.CreateAsync(Scenarios.Valid(claim: "city-results"));
        var job = await h.WaitForAsync(() => h.Job("retiming-g1"), "the Job");
        h.UpsertPod(job, 0, "Running", progress: 10);
        await h.WaitForAsync("retiming", s => s.Status?.Phase == Phases.Running, "Running");

        await h.Client.DeleteScenarioAsync(OperatorHarness.Ns, "retiming");
        var cleanup = await h.WaitForAsync(() => h.Job("retiming-cleanup"), "the cleanup Job");
        var args = cleanup["spec"]!["template"]!["spec"]!["containers"]![0]!["args"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        Assert.Equal(new[] { "--target", "worker", "--cleanup", "/var/run/citymesh/results/city/retiming" }, args);
        Assert.Equal("city-results", cleanup["spec"]!["template"]!["spec"]!["volumes"]!.AsArray()
            .Single(v => v!["name"]!.GetValue<string>() == "results")!["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
        // Still there: the finalizer waits for the cleanup; the simulation was stopped first.
        Assert.NotNull(h.Scenario("retiming"));
        await h.WaitUntilAsync(() => h.Job("retiming-g1") is null, "the simulation Job deleted");

        h.SetJobStatus(cleanup, "Complete", succeeded: 1);
        await h.WaitUntilAsync(() => h.Scenario("retiming") is null, "the scenario gone");
        await h.WaitUntilAsync(() => h.Server.List(KubeResource.Jobs).Count == 0 && h.Server.List(KubeResource.Pods).Count == 0, "owned Jobs and pods collected");
    }

    [Fact]
    public async Task Should_Remove_The_Finalizer_At_Once_Without_An_Artifacts_Claim()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator();
        await h.CreateAsync(Scenarios.Valid());
        await h.WaitForAsync(() => h.Job("retiming-g1"), "the Job");
        await h.WaitForAsync("retiming", s => s.Metadata.Finalizers?.Contains(TwinScenarioReconciler.Finalizer) == true, "the finalizer");

        await h.Client.DeleteScenarioAsync(OperatorHarness.Ns, "retiming");
        await h.WaitUntilAsync(() => h.Scenario("retiming") is null, "the scenario gone");
        await h.WaitUntilAsync(() => h.Server.List(KubeResource.Jobs).Count == 0, "its Job collected");
        Assert.Null(h.Job("retiming-cleanup"));
        Assert.Contains(h.Server.Requests, r => r.Method == "PATCH" && r.Path.EndsWith("/twinscenarios/retiming", StringComparison.Ordinal) && r.StatusCode == 200);
    }

    [Fact]
    public async Task Should_Replace_The_Job_When_The_Spec_Changes()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator();
        await h.CreateAsync(Scenarios.Valid());
        await h.WaitForAsync("retiming", s => s.Status?.JobName == "retiming-g1", "generation 1 running");

        await ChangeSpecAsync(h, "retiming", spec => spec["ensemble"] = 2);
        var g2 = await h.WaitForAsync("retiming", s => s.Status?.ObservedGeneration == 2 && s.Status.JobName == "retiming-g2", "generation 2 observed");
        Assert.All(g2.Status!.Conditions, c => Assert.Equal(2, c.ObservedGeneration));
        Assert.Equal(2, h.Job("retiming-g2")!["spec"]!["completions"]!.GetValue<int>());
        await h.WaitUntilAsync(() => h.Job("retiming-g1") is null, "the generation 1 Job deleted");
    }

    [Fact]
    public async Task Should_Accept_A_Fixed_Spec_After_Rejecting_It()
    {
        await using var h = await OperatorHarness.StartAsync();
        h.StartOperator();
        var bad = Scenarios.Valid();
        await h.CreateAsync(bad with { Spec = bad.Spec with { Ensemble = 0 } });
        await h.WaitForAsync("retiming", s => C(s, ConditionTypes.Accepted)?.Status == "False", "rejected");

        await ChangeSpecAsync(h, "retiming", spec => spec["ensemble"] = 1);
        var fixedUp = await h.WaitForAsync("retiming", s => C(s, ConditionTypes.Accepted) is { Status: "True", ObservedGeneration: 2 }, "accepted at generation 2");
        Assert.Equal(Phases.Pending, fixedUp.Status!.Phase);
        Assert.Equal(1, h.JobPosts());
    }

    [Fact]
    public async Task Should_Reconcile_On_The_Leader_Only()
    {
        await using var h = await OperatorHarness.StartAsync();
        var a = h.StartOperator(Options(), systemClock: true, identity: "operator-a");
        await h.WaitUntilAsync(() => a.Host.IsRunningController, "operator-a leading");
        var b = h.StartOperator(Options(), systemClock: true, identity: "operator-b");

        await h.CreateAsync(Scenarios.Valid("first"));
        await h.WaitForAsync("first", s => s.Status?.JobName is not null, "first accepted");
        Assert.True(a.Host.Controller.Reconciles > 0);
        Assert.Equal(0, b.Host.Controller.Reconciles);
        Assert.False(b.Host.IsRunningController);

        // The leader stops and releases the Lease; the other takes over.
        await h.StopAsync(a);
        await h.WaitUntilAsync(() => b.Host.IsRunningController, "operator-b leading");
        await h.CreateAsync(Scenarios.Valid("second"));
        await h.WaitForAsync("second", s => s.Status?.JobName is not null, "second accepted by operator-b");
        Assert.True(b.Host.Controller.Reconciles > 0);
        Assert.Equal(2, h.JobPostsSucceeded());

        static OperatorOptions Options()
        {
            var o = Scenarios.Options();
            o.LeaderElection = true;
            o.LeaseNamespace = OperatorHarness.Ns;
            return o;
        }
    }

    private static int ScenarioLists(OperatorHarness h) => h.Server.Requests.Count(r =>
        r.Method == "GET" && r.Path.EndsWith("/twinscenarios", StringComparison.Ordinal) && !r.PathAndQuery.Contains("watch=", StringComparison.Ordinal));

    /// <summary>A user's edit: read, change the spec, PUT with the resourceVersion read (retried on conflict).</summary>
    private static async Task ChangeSpecAsync(OperatorHarness h, string name, Action<JsonObject> change)
    {
        for (int attempt = 0; ; attempt++)
        {
            var obj = await h.Client.GetScenarioAsync(OperatorHarness.Ns, name);
            change(obj["spec"]!.AsObject());
            try
            {
                await h.Client.ReplaceScenarioAsync(OperatorHarness.Ns, name, obj);
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 20)
            {
            }
        }
    }
}
