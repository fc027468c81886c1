using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Safety;
using CityMesh.Messaging;
using Microsoft.Extensions.Logging;

namespace CityMesh.Safety.Incidents;

/// <summary>How safety proposes an action: on its incident's timeline first, then on <c>actions.proposed</c>.</summary>
public static class IncidentProposals
{
    /// <summary>
    /// Puts the proposal on its incident (which registers it, so its decisions find the incident) and then publishes it:
    /// governance may decide within guardrails before the publish returns.
    /// </summary>
    public static async Task ProposeAsync(IncidentBook incidents, IEventBus bus, ActionProposal proposal, ILogger logger, CancellationToken ct)
    {
        await incidents.ProposedAsync(proposal, ct);
        await bus.PublishAsync(Topics.ActionsProposed, CloudEvent.Create(FloodAlert.Source, ActionProposal.EventType, proposal, subject: proposal.Target), ct);
        logger.LogInformation("Proposed {Proposal}: {Summary}", proposal.Id, proposal.Summary);
    }
}
