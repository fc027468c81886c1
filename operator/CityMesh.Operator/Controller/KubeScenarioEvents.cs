using CityMesh.Kubernetes;
using CityMesh.Operator.Reconciliation;
using CityMesh.Scenarios.Model;

namespace CityMesh.Operator.Controller;

/// <summary>Scenario events through the client's <see cref="EventRecorder"/>.</summary>
public sealed class KubeScenarioEvents(EventRecorder recorder) : IScenarioEvents
{
    public Task RecordAsync(TwinScenario scenario, string type, string reason, string action, string note, CancellationToken ct) =>
        recorder.RecordAsync(
            new ObjectReference(scenario.ApiVersion, scenario.Kind, scenario.Metadata.Namespace ?? "", scenario.Metadata.Name ?? "", scenario.Metadata.Uid ?? ""),
            type, reason, action, note, ct);
}
