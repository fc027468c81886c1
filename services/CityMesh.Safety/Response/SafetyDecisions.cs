using CityMesh.Contracts.Actions;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;

namespace CityMesh.Safety.Response;

/// <summary>
/// Governance's decisions on safety's proposals (<c>actions.decided</c>, declared in <c>SafetyModule</c>): an evacuation
/// rejected, expired or failed gives its shelter places back for the zones after it.
/// </summary>
public sealed class SafetyDecisions(FloodResponse response) : IEventHandler
{
    public const string Subscriber = "safety-response";

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        // Other domains' decisions pass by.
        if (cloudEvent.Type != ActionDecision.EventType || !cloudEvent.HasJsonData) return Task.CompletedTask;
        response.OnDecided(cloudEvent.GetData<ActionDecision>());
        return Task.CompletedTask;
    }
}
