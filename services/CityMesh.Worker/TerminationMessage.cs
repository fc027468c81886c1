using System.Text;
using System.Text.Json;
using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Worker;

/// <summary>
/// The pod's KPIs as compact JSON within Kubernetes' 4096-byte termination-message limit. Changes are left out (the
/// operator recomputes them from the merged values); if it still does not fit, whole interventions are dropped from
/// the end, never cut mid-JSON. The full report is in the pod's kpis.json.
/// </summary>
public static class TerminationMessage
{
    public static string Of(KpiReport report)
    {
        var interventions = report.Interventions.Select(i => i with { ChangePercent = new Dictionary<string, double>() }).ToList();
        while (true)
        {
            string json = JsonSerializer.Serialize(report with { Interventions = interventions }, ScenarioJson.Options);
            if (Encoding.UTF8.GetByteCount(json) <= WorkerContract.TerminationMessageLimit || interventions.Count == 0) return json;
            interventions.RemoveAt(interventions.Count - 1);
        }
    }
}
