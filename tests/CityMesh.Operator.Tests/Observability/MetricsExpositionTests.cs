using System.Text;
using CityMesh.Operator.Observability;
using CityMesh.Operator.Reconciliation;

namespace CityMesh.Operator.Tests.Observability;

/// <summary>The /metrics page read back line by line: HELP and TYPE, histogram shape, escaping, monotonic counters.</summary>
public sealed class MetricsExpositionTests
{
    private static OperatorMetrics Observed()
    {
        var m = new OperatorMetrics();
        m.ObserveReconcile(ReconcileResult.Done, TimeSpan.FromMilliseconds(3));
        m.ObserveReconcile(ReconcileResult.Done, TimeSpan.FromMilliseconds(10)); // on a bound: le is inclusive
        m.ObserveReconcile(ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(5)), TimeSpan.FromMilliseconds(40));
        m.ObserveReconcile(ReconcileResult.Error(new InvalidOperationException()), TimeSpan.FromSeconds(2));
        m.ObserveReconcile(ReconcileResult.Terminal(new InvalidOperationException()), TimeSpan.FromMinutes(3)); // above every bound
        m.WorkqueueRetries.Increment();
        m.WatchRestarts("pods").Increment();
        m.WatchRestarts("jobs");
        return m;
    }

    [Fact]
    public void Should_Declare_Help_And_Type_For_Every_Family_The_Brief_Names()
    {
        var page = Exposition.Parse(MetricsExposition.Render(Observed()));

        Assert.Equal("counter", page.Families["citymesh_operator_reconcile_total"].Type);
        Assert.Equal("histogram", page.Families["citymesh_operator_reconcile_duration_seconds"].Type);
        Assert.Equal("gauge", page.Families["citymesh_operator_workqueue_depth"].Type);
        Assert.Equal("counter", page.Families["citymesh_operator_workqueue_retries_total"].Type);
        Assert.Equal("gauge", page.Families["citymesh_operator_leader"].Type);
        Assert.Equal("counter", page.Families["citymesh_operator_watch_restarts_total"].Type);
        Assert.Equal("gauge", page.Families["citymesh_operator_scenarios"].Type);
        Assert.All(page.Families.Values, f => Assert.False(string.IsNullOrWhiteSpace(f.Help)));
        Assert.All(page.Families.Values.Where(f => f.Type == "counter"), f => Assert.EndsWith("_total", f.Name, StringComparison.Ordinal));

        Assert.Equal(2, page.Value("citymesh_operator_reconcile_total", "result", "done"));
        Assert.Equal(1, page.Value("citymesh_operator_reconcile_total", "result", "requeue"));
        Assert.Equal(2, page.Value("citymesh_operator_reconcile_total", "result", "error"));
        Assert.Equal(1, page.Value("citymesh_operator_workqueue_retries_total"));
        Assert.Equal(1, page.Value("citymesh_operator_watch_restarts_total", "resource", "pods"));
        Assert.Equal(0, page.Value("citymesh_operator_watch_restarts_total", "resource", "jobs"));
        Assert.Equal(0, page.Value("citymesh_operator_leader"));
        Assert.Equal(0, page.Value("citymesh_operator_workqueue_depth"));
        Assert.Empty(page.Families["citymesh_operator_scenarios"].Samples); // not leading: no phases
    }

    [Fact]
    public void Should_Write_Cumulative_Ascending_Buckets_Ending_In_Inf_Equal_To_Count()
    {
        var page = Exposition.Parse(MetricsExposition.Render(Observed()));
        var histogram = page.Families["citymesh_operator_reconcile_duration_seconds"];

        var buckets = histogram.Samples.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToList();
        var bounds = buckets.Select(b => Exposition.ParseValue(b.Labels["le"])).ToList();
        Assert.Equal(OperatorMetrics.DurationBuckets.Count + 1, buckets.Count);
        Assert.Equal("+Inf", buckets[^1].Labels["le"]);
        for (int i = 1; i < buckets.Count; i++)
        {
            Assert.True(bounds[i] > bounds[i - 1], $"le {bounds[i]} after {bounds[i - 1]}");
            Assert.True(buckets[i].Value >= buckets[i - 1].Value, $"bucket le={bounds[i]} below the one before");
        }
        double count = page.Value("citymesh_operator_reconcile_duration_seconds_count");
        Assert.Equal(5, count);
        Assert.Equal(count, buckets[^1].Value);
        Assert.Equal(2, page.Value("citymesh_operator_reconcile_duration_seconds_bucket", "le", "0.01"));
        Assert.Equal(4, page.Value("citymesh_operator_reconcile_duration_seconds_bucket", "le", "60"));
        Assert.Equal(0.003 + 0.01 + 0.04 + 2 + 180, page.Value("citymesh_operator_reconcile_duration_seconds_sum"), 6);
    }

    [Fact]
    public void Should_Escape_Label_Values_And_Help_Text()
    {
        var text = new StringBuilder();
        new PrometheusWriter(text)
            .Family("x_total", "counter", "a \\ backslash,\na newline and \"quotes\"")
            .Sample("x_total", "phase", "a\\b\"c\nd", 1);

        Assert.Equal("""
            # HELP x_total a \\ backslash,\na newline and "quotes"
            # TYPE x_total counter
            x_total{phase="a\\b\"c\nd"} 1

            """.ReplaceLineEndings("\n"), text.ToString());
        var page = Exposition.Parse(text.ToString());
        Assert.Equal("a \\ backslash,\na newline and \"quotes\"", page.Families["x_total"].Help);
        Assert.Equal("a\\b\"c\nd", page.Families["x_total"].Samples.Single().Labels["phase"]);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.005, "0.005")]
    [InlineData(2.5, "2.5")]
    [InlineData(60d, "60")]
    [InlineData(12345678901d, "12345678901")]
    public void Should_Spell_Values_As_Prometheus_Does(double value, string expected) =>
        Assert.Equal(expected, PrometheusWriter.Format(value));

    [Fact]
    public void Should_Keep_Counters_Monotonic_Across_Scrapes_And_Controller_Runs()
    {
        var m = Observed();
        var before = Exposition.Parse(MetricsExposition.Render(m));
        m.Leader = true;
        m.ObserveReconcile(ReconcileResult.Done, TimeSpan.FromMilliseconds(1));
        m.Leader = false; // lost the lease: gauges go, counters stay
        m.Scenarios.Clear();
        var after = Exposition.Parse(MetricsExposition.Render(m));

        foreach (var family in before.Families.Values.Where(f => f.Type is "counter" or "histogram"))
        {
            foreach (var sample in family.Samples)
            {
                var later = after.Families[family.Name].Samples.Single(s => s.Name == sample.Name && s.Labels.SequenceEqual(sample.Labels));
                Assert.True(later.Value >= sample.Value, $"{sample.Name} went down");
            }
        }
        Assert.Equal(3, after.Value("citymesh_operator_reconcile_total", "result", "done"));
    }

    [Fact]
    public void Should_Count_Scenarios_By_Phase_While_Leading()
    {
        var m = new OperatorMetrics { Leader = true };
        m.Scenarios.Observe(new("ADDED", "city/a", new() { Status = new CityMesh.Scenarios.Model.TwinScenarioStatus { Phase = "Running" } }));
        m.Scenarios.Observe(new("ADDED", "city/b", new()));
        m.Scenarios.Observe(new("ADDED", "city/c", new() { Status = new CityMesh.Scenarios.Model.TwinScenarioStatus { Phase = "Running" } }));
        m.Scenarios.Observe(new("DELETED", "city/c", new()));

        var page = Exposition.Parse(MetricsExposition.Render(m));

        Assert.Equal(1, page.Value("citymesh_operator_scenarios", "phase", "Running"));
        Assert.Equal(1, page.Value("citymesh_operator_scenarios", "phase", "Unknown"));
        Assert.Equal(0, page.Value("citymesh_operator_scenarios", "phase", "Failed"));
        Assert.Equal(1, page.Value("citymesh_operator_leader"));
    }
}
