using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Energy;
using CityMesh.Contracts.Safety;
using CityMesh.Contracts.Twin;
using CityMesh.Energy.Grid;
using CityMesh.Energy.Relief;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using Microsoft.Extensions.Logging;

namespace CityMesh.Energy.Chains;

/// <summary>
/// The flood's link into the grid (<c>safety.events</c>, declared in <c>EnergyModule</c>): for each substation a flood
/// forecast reaches (<see cref="FloodImpact"/>), its isolation is planned in the live grid's power flow
/// (<see cref="FloodIsolation"/>) and proposed to governance under the flood's incident, once per substation and
/// incident: a later forecast of the same flood that reaches it again is not proposed again. Other safety events pass by.
/// Until the grid has been solved once there is nothing to plan on, and the event is retried (then dead-lettered).
/// </summary>
public sealed class FloodedSubstations(LiveGrid grid, IEventBus bus, EnergyOptions options, string city, TimeProvider clock, ILogger<FloodedSubstations> logger) : IEventHandler
{
    public const string Subscriber = "energy-flood";

    private readonly HashSet<(string Scope, string Substation)> _proposed = [];

    /// <summary>Proposals made, by id, for the API and tests.</summary>
    public IReadOnlyList<string> Proposals { get { lock (_proposed) return [.. _proposals]; } }

    private readonly List<string> _proposals = [];

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        if (cloudEvent.Type != FloodImpact.Type || !cloudEvent.HasJsonData) return;
        var impact = cloudEvent.GetData<FloodImpact>();
        var sites = impact.Sites.Where(s => s.EntityType == EntityTypes.Substation).ToList();
        if (sites.Count == 0) return;
        var input = grid.Input ?? throw new InvalidOperationException($"the grid has not been solved yet, so the flood at {sites.Count} substation(s) cannot be planned for");
        var isolation = new FloodIsolation(options, city);
        foreach (var site in sites)
        {
            var local = CityMesh.Simulation.Twin.NgsiElements.LocalId(site.Entity, EntityTypes.Substation, city);
            var key = (impact.Incident ?? impact.Forecast, local);
            lock (_proposed)
                if (_proposed.Contains(key)) continue;
            if (isolation.Plan(input, local) is not { } plan)
            {
                lock (_proposed) _proposed.Add(key);
                logger.LogWarning("Flood forecast {Forecast} reaches {Substation}, which has no transformer in service in the grid: nothing to isolate", impact.Forecast, site.Entity);
                continue;
            }
            var proposal = isolation.Propose(plan, site, impact, clock.GetUtcNow());
            await bus.PublishAsync(Topics.ActionsProposed, CloudEvent.Create(GridViolation.Source, ActionProposal.EventType, proposal, subject: proposal.Target), ct);
            // Marked once published: a failed publish is retried with the event, the proposal's id making a repeat harmless.
            lock (_proposed)
            {
                _proposed.Add(key);
                _proposals.Add(proposal.Id);
            }
            logger.LogInformation("Proposed {Type} for {Substation} under incident {Incident}: {Summary}", proposal.Type, site.Entity, impact.Incident, proposal.Summary);
        }
    }
}
