using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using CityMesh.Kubernetes.Fake;
using CityMesh.Operator.Tests.Controller;
using TestScenarios = CityMesh.Operator.Tests.Controller.Scenarios;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Worker;

namespace CityMesh.Deploy.Tests.Operator;

/// <summary>
/// Least privilege against real behaviour: the operator, configured from the chart's Deployment, runs a scenario
/// through GPU scheduling, CPU fallback, progress, completion and deletion with cleanup, under leader election,
/// against the fake API server. Every request it made, and every access admission checks on its behalf, must be
/// allowed by the rendered RBAC for its service account, and every granted verb must have been needed.
/// </summary>
public sealed class OperatorRbacTests
{
    private const string OperatorToken = "operator", WorkerToken = "worker";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Should_Grant_Exactly_What_A_Scenario_Lifecycle_Uses(bool watchAllNamespaces)
    {
        // Namespaced: the release and its scenarios share a namespace. All namespaces: the operator lives elsewhere.
        string releaseNs = watchAllNamespaces ? "citymesh-system" : OperatorHarness.Ns;
        var chart = OperatorChart.Render($"operator:\n  watchAllNamespaces: {(watchAllNamespaces ? "true" : "false")}\n", releaseNs);
        var options = OperatorChart.Options(chart);
        options.Identity = "jinan-citymesh-operator-0"; // POD_NAME in the cluster
        Assert.True(options.LeaderElection);
        string operatorAccount = (string)OperatorChart.Pod(chart)["serviceAccountName"]!;
        chart.Single("ServiceAccount", operatorAccount);
        chart.Single("ServiceAccount", options.WorkerServiceAccount!);

        var (requests, implied) = await RunLifecycleAsync(options);

        // The operator.
        var operatorRequests = requests.Where(r => r.Authorization == "Bearer " + OperatorToken).ToList();
        var accesses = operatorRequests.Select(ApiAccess.Of).Concat(implied).ToList();
        Assert.Contains(accesses, a => a is { Verb: "watch", Resource: "twinscenarios" } && a.Namespace == (watchAllNamespaces ? null : OperatorHarness.Ns));
        Assert.Contains(accesses, a => a is { Verb: "update", Resource: "leases" } && a.Namespace == releaseNs);
        var rbac = new RbacAuthorizer(chart, operatorAccount, releaseNs);
        var denied = accesses.Where(a => !rbac.Allows(a)).Select(a => a.ToString()).Distinct().ToList();
        Assert.True(denied.Count == 0, "the operator's RBAC denies what it does:\n  " + string.Join("\n  ", denied));
        var unused = rbac.Unused().ToList();
        Assert.True(unused.Count == 0, "granted to the operator but never used:\n  " + string.Join("\n  ", unused)
            + "\nits requests on jobs and pods:\n  " + string.Join("\n  ", operatorRequests.Where(r => r.Path.EndsWith("/jobs", StringComparison.Ordinal)
                || r.Path.EndsWith("/pods", StringComparison.Ordinal)).Select(r => $"{r.Method} {r.PathAndQuery} -> {ApiAccess.Of(r)}")));
        if (!watchAllNamespaces)
        {
            // A namespaced operator may not look beyond its namespace.
            Assert.False(rbac.Allows(new ApiAccess("list", "citymesh.io", "twinscenarios", null, null)));
            Assert.False(rbac.Allows(new ApiAccess("list", "batch", "jobs", "elsewhere", null)));
        }
        Assert.False(rbac.Allows(new ApiAccess("update", "coordination.k8s.io", "leases", releaseNs, "another-operators-lease")));

        // The workers: their progress annotation.
        var workerAccesses = requests.Where(r => r.Authorization == "Bearer " + WorkerToken).Select(ApiAccess.Of).ToList();
        Assert.NotEmpty(workerAccesses);
        var workerRbac = new RbacAuthorizer(chart, options.WorkerServiceAccount!, releaseNs);
        if (watchAllNamespaces)
        {
            // The chart grants the worker account only in the release namespace; a scenario namespace needs its own
            // (values.yaml says so). The same accesses there are allowed.
            Assert.All(workerAccesses, a => Assert.False(workerRbac.Allows(a), $"{a} allowed outside the release namespace"));
            workerAccesses = workerAccesses.Select(a => a with { Namespace = releaseNs }).ToList();
        }
        var workerDenied = workerAccesses.Where(a => !workerRbac.Allows(a)).Select(a => a.ToString()).Distinct().ToList();
        Assert.True(workerDenied.Count == 0, "the worker's RBAC denies what it does:\n  " + string.Join("\n  ", workerDenied));
        var workerUnused = workerRbac.Unused().ToList();
        Assert.True(workerUnused.Count == 0, "granted to the worker but never used:\n  " + string.Join("\n  ", workerUnused));
    }

    [Fact]
    public void Should_Map_Requests_To_Authorizer_Attributes()
    {
        static ApiAccess Of(string method, string path) => ApiAccess.Of(new FakeRequest(method, path, 200, null));

        Assert.Equal(new ApiAccess("get", "batch", "jobs", "city", "a-g1"), Of("GET", "/apis/batch/v1/namespaces/city/jobs/a-g1"));
        Assert.Equal(new ApiAccess("list", "", "pods", "city", null), Of("GET", "/api/v1/namespaces/city/pods?labelSelector=citymesh.io%2Fscenario"));
        Assert.Equal(new ApiAccess("watch", "citymesh.io", "twinscenarios", null, null), Of("GET", "/apis/citymesh.io/v1alpha1/twinscenarios?watch=1&resourceVersion=5"));
        Assert.Equal(new ApiAccess("watch", "", "pods", "city", null), Of("GET", "/api/v1/namespaces/city/pods?watch=true"));
        Assert.Equal(new ApiAccess("create", "coordination.k8s.io", "leases", "ops", null), Of("POST", "/apis/coordination.k8s.io/v1/namespaces/ops/leases"));
        Assert.Equal(new ApiAccess("update", "citymesh.io", "twinscenarios/status", "city", "a"), Of("PUT", "/apis/citymesh.io/v1alpha1/namespaces/city/twinscenarios/a/status"));
        Assert.Equal(new ApiAccess("patch", "", "pods", "city", "a-0"), Of("PATCH", "/api/v1/namespaces/city/pods/a-0"));
        Assert.Equal(new ApiAccess("delete", "batch", "jobs", "city", "a-g1"), Of("DELETE", "/apis/batch/v1/namespaces/city/jobs/a-g1"));
        Assert.Equal(new ApiAccess("deletecollection", "batch", "jobs", "city", null), Of("DELETE", "/apis/batch/v1/namespaces/city/jobs"));
        Assert.Equal(new ApiAccess("get", "", "pods/log", "city", "a-0"), Of("GET", "/api/v1/namespaces/city/pods/a-0/log"));
    }

    /// <summary>
    /// One scenario from creation to deletion; the operator (leader election on) and a worker each with their own
    /// token, so their requests can be told apart from the test's own.
    /// </summary>
    private static async Task<(IReadOnlyList<FakeRequest> Requests, IReadOnlyList<ApiAccess> Implied)> RunLifecycleAsync(CityMesh.Operator.OperatorOptions options)
    {
        const string ns = OperatorHarness.Ns;
        await using var h = await OperatorHarness.StartAsync();
        using var workerClient = h.Server.CreateClient(token: WorkerToken, defaultNamespace: ns);
        var admission = new OwnerReferenceChecks();
        var op = h.StartOperator(options, intercept: _ => admission, token: OperatorToken);

        // A GPU scenario with an artifacts claim; no GPU schedules, so it falls back to CPU.
        await h.CreateAsync(TestScenarios.Valid(accelerator: "gpu", claim: "city-results"));
        var gpuJob = await h.WaitForAsync(() => h.Job("retiming-g1"), "the GPU Job");
        Assert.Equal(options.WorkerServiceAccount, (string?)gpuJob["spec"]!["template"]!["spec"]!["serviceAccountName"]);
        h.UpsertPod(gpuJob, 0, "Pending", unschedulable: true);
        await h.WaitForAsync("retiming", s => s.Status?.Conditions.Any(c => c.Type == ConditionTypes.GpuScheduled && c.Status == "False") == true, "GpuScheduled=False");
        h.Clock.Advance(TimeSpan.FromSeconds(121));
        h.UpsertPod(gpuJob, 0, "Pending", unschedulable: true, schedulerMessage: "0/3 nodes are available: 3 Insufficient nvidia.com/gpu (retry).");
        await h.WaitForAsync("retiming", s => s.Status?.Backend == "cpu" && s.Status.JobName == "retiming-g1-cpu", "the CPU fallback");
        await h.WaitUntilAsync(() => h.Job("retiming-g1") is null, "the GPU Job deleted");

        // The worker runs and writes its progress on its own pod, as ScenarioWorker's ProgressAnnotator does.
        var cpuJob = h.Job("retiming-g1-cpu")!;
        var pod = h.UpsertPod(cpuJob, 0, "Running");
        var progress = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [WorkerContract.ProgressAnnotation] = "40" } } };
        await workerClient.CoreV1.PatchNamespacedPodAsync(new V1Patch(progress.ToJsonString(), V1Patch.PatchType.MergePatch), (string)pod["metadata"]!["name"]!, ns);
        await h.WaitForAsync("retiming", s => s.Status?.Progress == "40%", "progress 40%");

        h.UpsertPod(cpuJob, 0, "Succeeded", message: TestObjects.Report(100, 80));
        h.SetJobStatus(cpuJob, "Complete", succeeded: 1);
        await h.WaitForAsync("retiming", s => s.Status?.Phase == Phases.Succeeded, "Succeeded");
        await h.WaitUntilAsync(() => h.Server.List(KubeResource.Events, ns).Count > 0, "an event recorded");

        // Deletion: the cleanup Job empties the claim, then the finalizer goes.
        await h.Client.DeleteScenarioAsync(ns, "retiming");
        var cleanup = await h.WaitForAsync(() => h.Job("retiming-cleanup"), "the cleanup Job");
        h.SetJobStatus(cleanup, "Complete", succeeded: 1);
        await h.WaitUntilAsync(() => h.Scenario("retiming") is null, "the scenario gone");

        // Stopping releases the Lease; a watch is recorded when its stream ends. A list also says watch=false: wait for
        // the watches themselves (watch=true), or an informer that had only listed yet made the check flaky.
        await h.StopAsync(op);
        await h.WaitUntilAsync(() => new[] { "twinscenarios", "jobs", "pods" }.All(plural => h.Server.Requests.Any(r =>
            r.Authorization == "Bearer " + OperatorToken && r.PathAndQuery.Contains("watch=true", StringComparison.Ordinal) && r.Path.EndsWith("/" + plural, StringComparison.Ordinal))),
            "the informers' watches recorded");
        return (h.Server.Requests, admission.Implied);
    }
}
