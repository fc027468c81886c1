using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Kpis;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Worker;

namespace CityMesh.Operator.Reconciliation;

/// <summary>The merged KPIs of a completed Job, or why there are none.</summary>
public sealed record KpiCollection(KpiReport? Report, string Reason, string Message)
{
    /// <summary>
    /// Reads the worker container's termination message (a compact <see cref="KpiReport"/>) of one succeeded pod per
    /// ensemble member and merges them with <see cref="KpiMath.Merge"/>.
    /// </summary>
    public static KpiCollection FromPods(IReadOnlyList<JsonObject> pods, int ensemble)
    {
        var members = pods
            .Where(p => Json.Str(p, "status", "phase") == "Succeeded")
            .GroupBy(JobObservation.MemberOf, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.First())
            .ToArray();
        if (members.Length < Math.Max(1, ensemble))
            return new(null, "MissingResults", $"{members.Length} of {ensemble} ensemble members left a succeeded pod to read KPIs from.");

        var reports = new List<KpiReport>();
        foreach (var pod in members)
        {
            string podName = Json.Str(pod, "metadata", "name") ?? "?";
            var worker = Json.Objects(pod, "status", "containerStatuses").FirstOrDefault(c => Json.Str(c, "name") == WorkerContract.ContainerName);
            string? message = Json.Str(worker, "state", "terminated", "message");
            if (string.IsNullOrWhiteSpace(message))
                return new(null, "MissingResults", $"Pod {podName} ended without a termination message with its KPIs.");
            try
            {
                var report = JsonSerializer.Deserialize<KpiReport>(message, ScenarioJson.Options);
                if (report is null) return new(null, "InvalidResults", $"Pod {podName}'s termination message is null, not a KPI report.");
                reports.Add(report);
            }
            catch (JsonException e)
            {
                return new(null, "InvalidResults", $"Pod {podName}'s termination message is not a KPI report: {e.Message}");
            }
        }
        var merged = KpiMath.Merge(reports);
        return new(merged, "Completed", $"{reports.Count} ensemble member(s) finished; KPIs are their means.");
    }
}
