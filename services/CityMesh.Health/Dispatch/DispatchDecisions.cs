using CityMesh.Contracts.Actions;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;

namespace CityMesh.Health.Dispatch;

/// <summary>Governance's decisions on health's proposals, dispatches, reroutes, diversions and surges (<c>actions.decided</c>, declared in <c>HealthModule</c>).</summary>
public sealed class DispatchDecisions(DispatchService dispatch, CrewReroutes reroutes, DiversionService diversion, Surge.SurgeService surge) : IEventHandler
{
    public const string Subscriber = "health-dispatch";

    public Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        // Other domains' decisions pass by: dispatch knows only its own proposals.
        if (cloudEvent.Type != ActionDecision.EventType || !cloudEvent.HasJsonData) return Task.CompletedTask;
        var decision = cloudEvent.GetData<ActionDecision>();
        dispatch.OnDecided(decision);
        reroutes.OnDecided(decision);
        diversion.OnDecided(decision);
        surge.OnDecided(decision);
        return Task.CompletedTask;
    }
}
