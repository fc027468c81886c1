using CityMesh.Contracts.Actions;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using CityMesh.Safety.Incidents;

namespace CityMesh.Safety.Response;

/// <summary>
/// Governance's decisions on safety's proposals (<c>actions.decided</c>, declared in <c>SafetyModule</c>): each goes on
/// the timeline of the incident its proposal was about; an evacuation rejected, expired or failed gives its shelter
/// places back for the zones after it.
/// </summary>
public sealed class SafetyDecisions(FloodResponse response, IncidentBook incidents) : IEventHandler
{
    public const string Subscriber = "safety-response";

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        // Other domains' decisions pass by.
        if (cloudEvent.Type != ActionDecision.EventType || !cloudEvent.HasJsonData) return;
        var decision = cloudEvent.GetData<ActionDecision>();
        response.OnDecided(decision);
        await incidents.OnDecidedAsync(decision, ct);
    }
}
