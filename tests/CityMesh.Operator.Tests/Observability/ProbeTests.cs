using CityMesh.Operator.Observability;
using CityMesh.Operator.Tests.Controller;
using TestScenarios = CityMesh.Operator.Tests.Controller.Scenarios;

namespace CityMesh.Operator.Tests.Observability;

/// <summary>/readyz and /healthz answers as the operator starts, leads, stands by and wedges.</summary>
public sealed class ProbeTests
{
    [Fact]
    public async Task Should_Be_Unready_While_The_Initial_List_Fails_Then_Ready_Once_Synced()
    {
        await using var o = await ObservedOperator.StartAsync();
        o.Server.FailNext("GET", "/twinscenarios", 403, times: 3); // RBAC not applied yet, say
        var host = o.Create();
        var health = new OperatorHealth(host);

        var before = health.Ready();
        Assert.False(before.Ok);
        Assert.StartsWith("starting", before.Reason, StringComparison.Ordinal);

        o.Run(host);
        ProbeResult? failing = null;
        await ObservedOperator.WaitUntilAsync(() => (failing = health.Ready()).Reason.Contains("list failing", StringComparison.Ordinal), "a failing list reported");
        Assert.False(failing!.Ok);
        Assert.Contains("twinscenarios (list failing: 403", failing.Reason, StringComparison.Ordinal);

        await ObservedOperator.WaitUntilAsync(() => health.Ready().Ok, "ready after the list succeeds");
        Assert.True(host.Controller.HasSynced);
        Assert.Equal("ok: leader election off; informers synced", health.Ready().Reason);
        Assert.True(health.Live().Ok);
    }

    [Fact]
    public async Task Should_Report_A_Standby_Replica_Ready_And_Not_Leading()
    {
        await using var o = await ObservedOperator.StartAsync();
        OperatorOptions Electing(string id)
        {
            var options = TestScenarios.Options();
            (options.LeaderElection, options.Identity, options.LeaseNamespace) = (true, id, ObservedOperator.Ns);
            return options;
        }
        var a = o.Start(Electing("replica-a"));
        await ObservedOperator.WaitUntilAsync(() => a.Controller.HasSynced, "replica-a leads and syncs");
        var b = o.Start(Electing("replica-b"));
        var (leader, standby) = (new OperatorHealth(a), new OperatorHealth(b));

        await ObservedOperator.WaitUntilAsync(() => b.IsStarted, "replica-b started");
        var ready = standby.Ready();
        Assert.True(ready.Ok);
        Assert.Equal("standby: replica-b is not the leader; waiting for lease city/citymesh-operator", ready.Reason);
        Assert.True(standby.Live().Ok);
        Assert.Equal("ok: leading (lease city/citymesh-operator); informers synced", leader.Ready().Reason);

        using var standbyReading = new MeterReading(b.Metrics.Meter);
        using var leaderReading = new MeterReading(a.Metrics.Meter);
        Assert.Equal(0, standbyReading.Value("citymesh.operator.leader"));
        Assert.False(standbyReading.Has("citymesh.operator.scenarios", "citymesh.scenario.phase", "Pending"));
        Assert.Equal(1, leaderReading.Value("citymesh.operator.leader"));
        Assert.True(leaderReading.Has("citymesh.operator.scenarios", "citymesh.scenario.phase", "Pending"));
    }

    [Fact]
    public async Task Should_Fail_Liveness_While_A_Reconcile_Is_Stuck()
    {
        await using var o = await ObservedOperator.StartAsync();
        var stalling = new StallingHandler();
        var host = o.Start(intercept: stalling);
        var health = new OperatorHealth(host) { WedgedAfter = TimeSpan.FromMilliseconds(300) };
        await ObservedOperator.WaitUntilAsync(() => host.Controller.HasSynced, "informers synced");
        Assert.True(health.Live().Ok);

        await o.CreateScenarioAsync();
        ProbeResult? live = null;
        await ObservedOperator.WaitUntilAsync(() => !(live = health.Live()).Ok, "liveness failing");
        Assert.StartsWith("wedged: a reconcile has run for", live!.Reason, StringComparison.Ordinal);
        Assert.True(health.Ready().Ok); // readiness is not liveness: the replica still leads and is synced

        stalling.Release();
        await ObservedOperator.WaitUntilAsync(() => health.Live().Ok, "liveness back once the reconcile ends");
    }
}
