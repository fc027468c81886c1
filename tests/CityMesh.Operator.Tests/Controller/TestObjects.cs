using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Worker;

namespace CityMesh.Operator.Tests.Controller;

/// <summary>Pods and Job statuses as the kubelet and the Job controller would write them (the fake has neither).</summary>
internal static class TestObjects
{
    public static JsonObject Pod(string job, string ns, int index, string phase, string backend = "cpu", long generation = 1,
        string scenario = "retiming", int? progress = null, string? terminationMessage = null, bool unschedulable = false,
        string schedulerMessage = "0/3 nodes are available: 3 Insufficient nvidia.com/gpu.")
    {
        var annotations = new JsonObject { ["batch.kubernetes.io/job-completion-index"] = index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (progress is { } p) annotations[WorkerContract.ProgressAnnotation] = p.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var status = new JsonObject { ["phase"] = phase };
        if (unschedulable)
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "PodScheduled", ["status"] = "False", ["reason"] = "Unschedulable",
                ["message"] = schedulerMessage,
            });
        }
        else if (phase != "Pending")
        {
            status["conditions"] = new JsonArray(new JsonObject { ["type"] = "PodScheduled", ["status"] = "True" });
        }
        if (terminationMessage is not null)
        {
            status["containerStatuses"] = new JsonArray(new JsonObject
            {
                ["name"] = WorkerContract.ContainerName,
                ["state"] = new JsonObject { ["terminated"] = new JsonObject { ["exitCode"] = 0, ["reason"] = "Completed", ["message"] = terminationMessage } },
            });
        }
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{job}-{index}",
                ["namespace"] = ns,
                ["labels"] = new JsonObject
                {
                    [WorkerContract.ScenarioLabel] = scenario,
                    [WorkerContract.GenerationLabel] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    [WorkerContract.BackendLabel] = backend,
                    ["batch.kubernetes.io/job-name"] = job,
                },
                ["annotations"] = annotations,
            },
            ["spec"] = new JsonObject { ["containers"] = new JsonArray(new JsonObject { ["name"] = WorkerContract.ContainerName, ["image"] = "x" }) },
            ["status"] = status,
        };
    }

    /// <summary>A member's KPI report as the worker writes it into its termination message.</summary>
    public static string Report(double travel, double travelIntervention) => JsonSerializer.Serialize(new KpiReport
    {
        Baseline = new Dictionary<string, double> { [KpiNames.MeanTravelTime] = travel },
        Interventions = [new InterventionKpis { Name = "max-pressure", Values = new Dictionary<string, double> { [KpiNames.MeanTravelTime] = travelIntervention } }],
        Runs = 1,
    }, ScenarioJson.Options);

    /// <summary>The Job with a status the Job controller would set.</summary>
    public static JsonObject WithJobStatus(JsonObject job, string? condition = null, string? reason = null, int failed = 0, int succeeded = 0, int active = 0)
    {
        var copy = job.DeepClone().AsObject();
        var status = new JsonObject { ["startTime"] = "2026-01-01T08:00:05Z", ["active"] = active, ["failed"] = failed, ["succeeded"] = succeeded };
        if (condition is not null)
        {
            status["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = condition, ["status"] = "True", ["reason"] = reason ?? condition,
                ["message"] = condition == "Failed" ? "Job has reached the specified backoff limit" : "",
                ["lastTransitionTime"] = "2026-01-01T08:10:00Z",
            });
            if (condition == "Complete") status["completionTime"] = "2026-01-01T08:10:00Z";
        }
        copy["status"] = status;
        return copy;
    }
}
