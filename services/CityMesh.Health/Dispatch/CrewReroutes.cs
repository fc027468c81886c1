using System.Collections.Concurrent;
using CityMesh.Contracts.Actions;
using CityMesh.Contracts.Health;
using CityMesh.Health.Twin;
using CityMesh.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health.Dispatch;

/// <summary>
/// Routes crews round closed roads. Each dispatch writes the roads it planned onto the Vehicle (to the scene, then to the
/// hospital); when the twin shows a road ahead of a crew on a call closed (safety's flood closures, executed by
/// governance), the crew's way is planned again on the open roads: to the scene from where it is, and from the scene
/// (or from where it is, carrying the patient) to the fastest emergency department that can take the patient, which
/// may no longer be the one it was going to. The new way is proposed to governance as
/// <see cref="RerouteProposals.ActionType"/>, under the incident the road was closed for, so the reroute is on the
/// flood's timeline and audited like every other step of the chain.
/// <para>
/// The closure reaches health through the twin (its change feed, as it reaches transport's routing), never a call
/// between services. Transport may read it a moment after health does: a new way that still crosses a closed road is
/// not proposed, and the next view of the city plans it again.
/// </para>
/// </summary>
public sealed class CrewReroutes(HealthView view, IRouteTimes routes, IEventBus bus, HealthOptions options, TimeProvider clock,
    ILogger<CrewReroutes> logger) : BackgroundService
{
    /// <summary>Crews with a reroute waiting for governance, by ambulance: one at a time per crew.</summary>
    private readonly ConcurrentDictionary<string, string> _pending = new(StringComparer.Ordinal);

    /// <summary>Reroutes proposed (their ids): the same closures in a crew's way are not proposed twice, whatever the decision.</summary>
    private readonly ConcurrentDictionary<string, byte> _proposed = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var city = await view.NextAsync(ct);
            try
            {
                await RerouteAsync(city, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Crews not rerouted round closed roads; the next view of the city tries again");
            }
        }
    }

    /// <summary>Proposes a new way for every crew on a call with a closed road ahead; returns how many were proposed.</summary>
    public async Task<int> RerouteAsync(HealthSnapshot city, CancellationToken ct)
    {
        var closed = city.Roads.Where(r => r.Closed).ToDictionary(r => r.Id, r => r.Incident, StringComparer.Ordinal);
        if (closed.Count == 0) return 0;
        var now = clock.GetUtcNow();
        var proposed = 0;
        foreach (var crew in city.Ambulances.Values.OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            if (crew.Call is null || _pending.ContainsKey(crew.Id) || !city.Calls.TryGetValue(crew.Call, out var call) || call.Road is not { } scene) continue;
            if (crew.Status is not (AmbulanceStatus.Dispatched or AmbulanceStatus.AtScene or AmbulanceStatus.Transporting)) continue;
            var ahead = crew.Status == AmbulanceStatus.Dispatched ? crew.SceneRoute.Concat(crew.HospitalRoute) : Ahead(crew);
            string[] blocked = [.. ahead.Where(closed.ContainsKey).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
            if (blocked.Length == 0 || _proposed.ContainsKey(RerouteProposals.IdFor(crew.Id, call.Id, blocked))) continue;

            RouteTime? toScene = null;
            if (crew.Status == AmbulanceStatus.Dispatched)
            {
                toScene = await DispatchPlanner.FastestAsync(routes, city.OpenWays(crew.Road ?? scene), city.OpenWays(scene), now, ct);
                if (!toScene.Found)
                {
                    logger.LogWarning("{Crew} has closed roads ahead and no open way to {Call}: {Problem}", crew.Id, call.Id, toScene.Problem);
                    continue;
                }
            }
            var from = crew.Status == AmbulanceStatus.Transporting && crew.Road is { } road ? city.OpenWays(road) : city.OpenWays(scene);
            var choice = await DispatchPlanner.ChooseHospitalAsync(call.Need, from, city, routes, options.Dispatch, now, ct);
            if (choice.Chosen is null)
            {
                logger.LogWarning("{Crew} has closed roads ahead and {Problem}", crew.Id, DispatchPlanner.NoHospital(call.Need));
                continue;
            }
            // Transport's network may not have dropped the closed roads yet: the next view plans again.
            if (toScene?.Roads.Any(closed.ContainsKey) == true || choice.Route!.Roads.Any(closed.ContainsKey)) continue;

            var proposal = RerouteProposals.Create(crew, call, blocked, closed, toScene, choice, now, options.Dispatch.ProposalLifetime);
            _pending[crew.Id] = proposal.Id;
            try
            {
                await bus.PublishAsync(Topics.ActionsProposed, CloudEvent.Create(DispatchService.Source, ActionProposal.EventType, proposal, subject: proposal.Target), ct);
            }
            catch
            {
                _pending.TryRemove(crew.Id, out _);
                throw;
            }
            _proposed[proposal.Id] = 0;
            proposed++;
            logger.LogInformation("Proposed {Proposal}: {Summary}", proposal.Id, proposal.Summary);
        }
        return proposed;
    }

    /// <summary>The roads still ahead of a crew past the scene: its hospital roads from the one it last reported.</summary>
    private static IEnumerable<string> Ahead(AmbulanceState crew)
    {
        if (crew.Status != AmbulanceStatus.Transporting || crew.Road is null) return crew.HospitalRoute;
        var at = crew.HospitalRoute.ToList().IndexOf(crew.Road);
        return at < 0 ? crew.HospitalRoute : crew.HospitalRoute.Skip(at + 1);
    }

    /// <summary>Governance decided on a reroute (<see cref="DispatchDecisions"/>): the crew may be rerouted again once it is final.</summary>
    public void OnDecided(ActionDecision decision)
    {
        if (decision.Type != RerouteProposals.ActionType || decision.Status == ActionStatus.Approved) return;
        foreach (var (crew, action) in _pending.ToArray())
            if (action == decision.ActionId) _pending.TryRemove(crew, out _);
    }
}
