using System.Text.Json.Nodes;
using CityMesh.Operator.Reconciliation;
using CityMesh.Scenarios.Model;

namespace CityMesh.Operator.Tests.Controller;

public sealed class StatusTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Should_Move_LastTransitionTime_Only_When_The_Status_Changes()
    {
        var c = Conditions.Set([], "Running", "False", "Pending", "", 1, T0);
        c = Conditions.Set(c, "Running", "False", "Pending", "still", 2, T0.AddMinutes(1));
        Assert.Equal(T0, c[0].LastTransitionTime);
        Assert.Equal("still", c[0].Message);
        Assert.Equal(2, c[0].ObservedGeneration);
        c = Conditions.Set(c, "Running", "True", "PodsRunning", "", 2, T0.AddMinutes(2));
        Assert.Equal(T0.AddMinutes(2), c[0].LastTransitionTime);
        Assert.Single(c);
    }

    [Fact]
    public void Should_Start_A_Generation_With_Unknown_Conditions()
    {
        var s = Scenarios.Valid(accelerator: "gpu", generation: 4);
        var status = ScenarioStatuses.Fresh(s, null, T0);
        Assert.Equal(4, status.ObservedGeneration);
        Assert.Equal(Phases.Pending, status.Phase);
        Assert.All(status.Conditions, c => Assert.Equal("Unknown", c.Status));
        Assert.Contains(status.Conditions, c => c.Type == ConditionTypes.GpuScheduled);
        Assert.DoesNotContain(ScenarioStatuses.Fresh(Scenarios.Valid(), null, T0).Conditions, c => c.Type == ConditionTypes.GpuScheduled);
    }

    [Fact]
    public void Should_Average_Progress_Over_The_Ensemble_With_Finished_Members_At_100()
    {
        var job = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "j" } };
        var pods = new[]
        {
            TestObjects.Pod("j", "city", 0, "Succeeded"),
            TestObjects.Pod("j", "city", 1, "Running", progress: 11),
            TestObjects.Pod("j", "city", 2, "Pending"),
        };
        var seen = JobObservation.Of(job, pods, ensemble: 3);
        Assert.Equal(37, seen.ProgressPercent);
        Assert.Equal(1, seen.Running);
        Assert.Equal("37%", ScenarioStatuses.Percent(seen.ProgressPercent));
    }

    [Fact]
    public void Should_Count_Attempts_From_Failed_Pods_And_See_Unschedulable_Gpu_Pods()
    {
        var job = TestObjects.WithJobStatus(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "j" } }, failed: 2);
        var pods = new[] { TestObjects.Pod("j", "city", 0, "Pending", unschedulable: true) };
        var seen = JobObservation.Of(job, pods, 1);
        Assert.Equal(3, seen.Attempts);
        Assert.True(seen.Unschedulable);
        Assert.False(seen.AnyScheduled);
        Assert.Contains("Insufficient nvidia.com/gpu", seen.UnschedulableMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Merge_Termination_Messages_Into_Ensemble_Means()
    {
        var pods = new[]
        {
            TestObjects.Pod("j", "city", 0, "Succeeded", terminationMessage: TestObjects.Report(100, 90)),
            TestObjects.Pod("j", "city", 1, "Succeeded", terminationMessage: TestObjects.Report(200, 150)),
        };
        var kpis = KpiCollection.FromPods(pods, 2);
        Assert.NotNull(kpis.Report);
        Assert.Equal(150, kpis.Report.Baseline[KpiNames.MeanTravelTime]);
        Assert.Equal(-20, kpis.Report.Interventions[0].ChangePercent[KpiNames.MeanTravelTime]);
        Assert.Equal(2, kpis.Report.Runs);
    }

    [Fact]
    public void Should_Fail_Clearly_On_A_Termination_Message_That_Is_Not_Json()
    {
        var pods = new[] { TestObjects.Pod("j", "city", 0, "Succeeded", terminationMessage: "panic: out of memory") };
        var kpis = KpiCollection.FromPods(pods, 1);
        Assert.Null(kpis.Report);
        Assert.Equal("InvalidResults", kpis.Reason);
        Assert.Contains("j-0", kpis.Message, StringComparison.Ordinal);
    }
}
