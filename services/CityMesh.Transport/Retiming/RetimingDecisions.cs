using CityMesh.Contracts.Actions;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;

namespace CityMesh.Transport.Retiming;

/// <summary>
/// Frees signals as governance decides on their retiming proposals (<c>actions.decided</c>, declared in
/// <c>TransportModule</c>): a signal may be proposed for again once its proposal is decided.
/// </summary>
public sealed class RetimingDecisions(RetimingService retiming) : IEventHandler
{
    public const string Subscriber = "transport-retiming";

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        // Other domains' decisions pass by: the service knows only its own proposals. The record carries its own wire format.
        if (cloudEvent.Type == ActionDecision.EventType && cloudEvent.HasJsonData) retiming.OnDecided(cloudEvent.GetData<ActionDecision>());
        return Task.CompletedTask;
    }
}
