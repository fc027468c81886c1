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
/// The flood's link into the grid (<c>safety.events</c>, declared in <c>EnergyModule</c>): the substations and
/// secondary substations a flood forecast reaches (<see cref="FloodImpact"/>) are isolated together, planned in the
/// live grid's power flow (<see cref="FloodIsolation"/>), and proposed to governance as one action under the flood's
/// incident. A later forecast of the same flood proposes again only when it reaches something not yet isolated, and
/// then plans for everything the flood has reached so far. Other safety events pass by. Until the grid has been solved
/// once there is nothing to plan on, and the event is retried (then dead-lettered).
/// </summary>
public sealed class FloodedSubstations(LiveGrid grid, IEventBus bus, EnergyOptions options, string city, TimeProvider clock, ILogger<FloodedSubstations> logger) : IEventHandler
{
    public const string Subscriber = "energy-flood";

    /// <summary>Per incident (or forecast, without one), the grid's flooded sites already proposed for isolation.</summary>
    private readonly Dictionary<string, Dictionary<string, FloodedAsset>> _isolated = new(StringComparer.Ordinal);

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        if (cloudEvent.Type != FloodImpact.Type || !cloudEvent.HasJsonData) return;
        var impact = cloudEvent.GetData<FloodImpact>();
        var sites = impact.Sites.Where(s => s.EntityType is EntityTypes.Substation or EntityTypes.BusbarSection).ToList();
        if (sites.Count == 0) return;
        var input = grid.Input ?? throw new InvalidOperationException($"the grid has not been solved yet, so the flood at {sites.Count} of its sites cannot be planned for");
        var scope = impact.Incident ?? impact.Forecast;
        Dictionary<string, FloodedAsset> all;
        lock (_isolated)
        {
            var before = _isolated.GetValueOrDefault(scope) ?? new Dictionary<string, FloodedAsset>(StringComparer.Ordinal);
            if (sites.All(s => before.ContainsKey(s.Entity))) return;
            all = new Dictionary<string, FloodedAsset>(before, StringComparer.Ordinal);
            foreach (var s in sites) all.TryAdd(s.Entity, s);
        }
        string Local(FloodedAsset s) => CityMesh.Simulation.Twin.NgsiElements.LocalId(s.Entity, s.EntityType, city);
        var isolation = new FloodIsolation(options, city);
        var plan = isolation.Plan(input,
            [.. all.Values.Where(s => s.EntityType == EntityTypes.Substation).Select(Local)],
            [.. all.Values.Where(s => s.EntityType == EntityTypes.BusbarSection).Select(Local)]);
        if (plan is null)
        {
            logger.LogWarning("Flood forecast {Forecast} reaches {Count} grid sites, none of them in service in the grid: nothing to isolate", impact.Forecast, sites.Count);
            lock (_isolated) _isolated[scope] = all;
            return;
        }
        var proposal = isolation.Propose(plan, [.. all.Values], impact, clock.GetUtcNow());
        await bus.PublishAsync(Topics.ActionsProposed, CloudEvent.Create(GridViolation.Source, ActionProposal.EventType, proposal, subject: proposal.Target), ct);
        // Marked once published: a failed publish is retried with the event, the proposal's id making a repeat harmless.
        lock (_isolated) _isolated[scope] = all;
        logger.LogInformation("Proposed {Type} under incident {Incident}: {Summary}", proposal.Type, impact.Incident, proposal.Summary);
    }
}
