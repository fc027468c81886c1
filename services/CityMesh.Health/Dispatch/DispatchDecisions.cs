using CityMesh.Contracts.Actions;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;

namespace CityMesh.Health.Dispatch;

/// <summary>Governance's decisions on dispatch proposals (<c>actions.decided</c>, declared in <c>HealthModule</c>).</summary>
public sealed class DispatchDecisions(DispatchService dispatch) : IEventHandler
{
    public const string Subscriber = "health-dispatch";

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        // Other domains' decisions pass by: dispatch knows only its own proposals.
        if (cloudEvent.Type == ActionDecision.EventType && cloudEvent.HasJsonData) dispatch.OnDecided(cloudEvent.GetData<ActionDecision>());
        return Task.CompletedTask;
    }
}
