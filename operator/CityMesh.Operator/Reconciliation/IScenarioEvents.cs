using CityMesh.Scenarios.Model;

namespace CityMesh.Operator.Reconciliation;

/// <summary>Kubernetes Events about a scenario (events.k8s.io/v1); best effort, a failure to record is only logged.</summary>
public interface IScenarioEvents
{
    Task RecordAsync(TwinScenario scenario, string type, string reason, string action, string note, CancellationToken ct);
}

public static class EventTypes
{
    public const string Normal = "Normal", Warning = "Warning";
}
