using CityMesh.Kubernetes.Fake;
using System.Text.Json.Nodes;
using CityMesh.Kubernetes;
using CityMesh.Operator.Observability;
using CityMesh.Scenarios.Model;

namespace CityMesh.Operator.Tests.Observability;

/// <summary>Metrics moved by real reconciles, retries and watch restarts against the fake API server.</summary>
public sealed class ReconcileMetricsTests
{
    private static long Reconciles(OperatorMetrics m) => m.ReconcileDone.Value + m.ReconcileRequeue.Value + m.ReconcileError.Value;

    [Fact]
    public async Task Should_Count_And_Time_Reconciles_And_Report_Phases()
    {
        await using var o = await ObservedOperator.StartAsync();
        var host = o.Start();
        var m = host.Metrics;
        using var reading = new MeterReading(m.Meter);
        await ObservedOperator.WaitUntilAsync(() => host.Controller.HasSynced, "informers synced");
        Assert.True(m.Leader);

        await o.CreateScenarioAsync();
        await ObservedOperator.WaitUntilAsync(() => o.Server.Get(KubeResource.Jobs, ObservedOperator.Ns, "retiming-g1") is not null, "the Job");
        await ObservedOperator.WaitUntilAsync(() => m.Scenarios.Counts()[Phases.Pending] == 1, "one Pending scenario");
        // The phase is written inside the reconcile, which is counted when it returns: wait for the count.
        await ObservedOperator.WaitUntilAsync(() => Reconciles(m) > 0, "the first reconcile counted");
        long first = Reconciles(m);

        // A pod starts: more events, more reconciles; the page agrees with the counters.
        var job = o.Server.Get(KubeResource.Jobs, ObservedOperator.Ns, "retiming-g1")!;
        var pod = Controller.TestObjects.Pod("retiming-g1", ObservedOperator.Ns, 0, "Running", progress: 10);
        pod["metadata"]!["ownerReferences"] = new JsonArray(new JsonObject
        {
            ["apiVersion"] = "batch/v1", ["kind"] = "Job", ["name"] = "retiming-g1", ["uid"] = job["metadata"]!["uid"]!.GetValue<string>(), ["controller"] = true,
        });
        o.Server.Upsert(KubeResource.Pods, pod);
        await ObservedOperator.WaitUntilAsync(() => m.Scenarios.Counts()[Phases.Running] == 1, "one Running scenario");
        await ObservedOperator.WaitUntilAsync(() => Reconciles(m) > first, "another reconcile");

        double total = new[] { "done", "requeue", "error" }.Sum(r => reading.Value("citymesh.operator.reconciles", "citymesh.reconcile.result", r));
        Assert.True(total > first);
        // Timed before it is counted, so a reconcile finishing in between can only make the histogram's count ≥ total.
        var (count, sum) = reading.Histogram("citymesh.operator.reconcile.duration");
        Assert.True(count >= total);
        Assert.True(sum > 0);
        Assert.Equal(1, reading.Value("citymesh.operator.leader"));
        Assert.Equal(1, reading.Value("citymesh.operator.scenarios", "citymesh.scenario.phase", "Running"));
        Assert.Equal(0, reading.Value("citymesh.operator.scenarios", "citymesh.scenario.phase", "Pending"));
    }

    [Fact]
    public async Task Should_Count_Errors_Retries_And_Watch_Restarts()
    {
        await using var o = await ObservedOperator.StartAsync();
        var host = o.Start();
        var m = host.Metrics;
        await ObservedOperator.WaitUntilAsync(() => host.Controller.HasSynced, "informers synced");
        Assert.Equal(0, m.WatchRestarts("twinscenarios").Value);

        o.Server.FailNext("POST", "/jobs", 500);
        await o.CreateScenarioAsync();
        await ObservedOperator.WaitUntilAsync(() => o.Server.Get(KubeResource.Jobs, ObservedOperator.Ns, "retiming-g1") is not null, "the Job after a retry");
        Assert.True(m.ReconcileError.Value >= 1);
        Assert.True(m.WorkqueueRetries.Value >= 1);

        // The server ends every watch (as an API server does on timeout); each informer watches again.
        o.Server.EndWatches();
        await ObservedOperator.WaitUntilAsync(() => new[] { "twinscenarios", "jobs", "pods" }.All(r => m.WatchRestarts(r).Value >= 1), "three rewatches");
        // Expired resourceVersion: 410, relist, watch again.
        long before = m.WatchRestarts("twinscenarios").Value;
        o.Server.Compact();
        o.Server.EndWatches();
        await ObservedOperator.WaitUntilAsync(() => m.WatchRestarts("twinscenarios").Value > before, "a rewatch after the relist");

        using var reading = new MeterReading(m.Meter);
        Assert.True(reading.Value("citymesh.operator.watch.restarts", "k8s.resource", "pods") >= 1);
        Assert.True(reading.Value("citymesh.operator.workqueue.retries") >= 1);
        Assert.True(reading.Value("citymesh.operator.reconciles", "citymesh.reconcile.result", "error") >= 1);
    }
}
