using CityMesh.Kubernetes;
using CityMesh.Operator.Observability;
using CityMesh.Operator.Reconciliation;
using CityMesh.Scenarios.Model;

namespace CityMesh.Operator.Tests.Observability;

/// <summary>The operator's instruments as an exporter reads them: names, attributes, monotonic counters, phases, durations.</summary>
public sealed class OperatorMetricsTests
{
    private static OperatorMetrics Observed(out MeterReading reading)
    {
        var m = new OperatorMetrics();
        reading = new MeterReading(m.Meter);
        m.ObserveReconcile(ReconcileResult.Done, TimeSpan.FromMilliseconds(3));
        m.ObserveReconcile(ReconcileResult.Done, TimeSpan.FromMilliseconds(10));
        m.ObserveReconcile(ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(5)), TimeSpan.FromMilliseconds(40));
        m.ObserveReconcile(ReconcileResult.Error(new InvalidOperationException()), TimeSpan.FromSeconds(2));
        m.ObserveReconcile(ReconcileResult.Terminal(new InvalidOperationException()), TimeSpan.FromMinutes(3));
        m.WorkqueueRetries.Increment();
        m.WatchRestarts("pods").Increment();
        m.WatchRestarts("jobs");
        return m;
    }

    [Fact]
    public void Should_Report_Reconciles_By_Result_Their_Duration_The_Queue_And_Watch_Restarts()
    {
        using var m = Observed(out var reading);
        using var _ = reading;

        Assert.Equal(2, reading.Value("citymesh.operator.reconciles", "citymesh.reconcile.result", "done"));
        Assert.Equal(1, reading.Value("citymesh.operator.reconciles", "citymesh.reconcile.result", "requeue"));
        Assert.Equal(2, reading.Value("citymesh.operator.reconciles", "citymesh.reconcile.result", "error")); // terminal errors too
        Assert.Equal((5, 0.003 + 0.01 + 0.04 + 2 + 180), Rounded(reading.Histogram("citymesh.operator.reconcile.duration")));
        Assert.Equal(1, reading.Value("citymesh.operator.workqueue.retries"));
        Assert.Equal(0, reading.Value("citymesh.operator.workqueue.depth"));
        Assert.Equal(1, reading.Value("citymesh.operator.watch.restarts", "k8s.resource", "pods"));
        Assert.Equal(0, reading.Value("citymesh.operator.watch.restarts", "k8s.resource", "jobs"));
        Assert.Equal(0, reading.Value("citymesh.operator.leader"));
        Assert.False(reading.Has("citymesh.operator.scenarios", "citymesh.scenario.phase", "Pending")); // not leading: no phases
    }

    [Fact]
    public void Should_Keep_Counters_Monotonic_When_The_Controller_Stops_And_Drop_Phases_On_A_Standby()
    {
        using var m = Observed(out var reading);
        using var _ = reading;
        m.Leader = true;
        m.Scenarios.Observe(new("ADDED", "city/a", Scenario("Running")));
        Assert.Equal(1, reading.Value("citymesh.operator.scenarios", "citymesh.scenario.phase", "Running"));
        m.ObserveReconcile(ReconcileResult.Done, TimeSpan.FromMilliseconds(1));
        m.Leader = false; // lost the lease: gauges go, counters stay
        m.Scenarios.Clear();

        Assert.Equal(3, reading.Value("citymesh.operator.reconciles", "citymesh.reconcile.result", "done"));
        Assert.Equal(0, reading.Value("citymesh.operator.leader"));
        Assert.False(reading.Has("citymesh.operator.scenarios", "citymesh.scenario.phase", "Running"));
    }

    [Fact]
    public void Should_Count_Scenarios_By_Phase_While_Leading_And_Time_Each_Run_Once_When_It_Finishes()
    {
        using var m = new OperatorMetrics { Leader = true };
        using var reading = new MeterReading(m.Meter);
        var start = new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero);
        m.Scenarios.Observe(new("ADDED", "city/a", Scenario("Running", start)));
        m.Scenarios.Observe(new("ADDED", "city/b", new()));
        m.Scenarios.Observe(new("ADDED", "city/c", Scenario("Running")));
        m.Scenarios.Observe(new("DELETED", "city/c", new()));
        // Already finished when first listed (an old run replayed after a restart): counted by phase, not timed.
        m.Scenarios.Observe(new("ADDED", "city/old", Scenario(Phases.Succeeded, start, start.AddMinutes(5))));

        Assert.Equal(1, reading.Value("citymesh.operator.scenarios", "citymesh.scenario.phase", "Running"));
        Assert.Equal(1, reading.Value("citymesh.operator.scenarios", "citymesh.scenario.phase", "Unknown"));
        Assert.Equal(0, reading.Value("citymesh.operator.scenarios", "citymesh.scenario.phase", "Failed"));
        Assert.Equal(1, reading.Value("citymesh.operator.leader"));
        Assert.Equal(0, reading.Histogram("citymesh.scenario.duration").Count);

        m.Scenarios.Observe(new("MODIFIED", "city/a", Scenario(Phases.Succeeded, start, start.AddSeconds(90))));
        m.Scenarios.Observe(new("MODIFIED", "city/a", Scenario(Phases.Succeeded, start, start.AddSeconds(90)))); // a later update
        Assert.Equal((1, 90.0), reading.Histogram("citymesh.scenario.duration"));
        Assert.Equal(2, reading.Value("citymesh.operator.scenarios", "citymesh.scenario.phase", Phases.Succeeded));
    }

    private static TwinScenario Scenario(string phase, DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        new() { Status = new TwinScenarioStatus { Phase = phase, StartTime = start, CompletionTime = end } };

    private static (long, double) Rounded((long Count, double Sum) h) => (h.Count, Math.Round(h.Sum, 6));
}
