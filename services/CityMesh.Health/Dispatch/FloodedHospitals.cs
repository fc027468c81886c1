using CityMesh.Contracts.Health;
using CityMesh.Contracts.Safety;
using CityMesh.Contracts.Twin;
using CityMesh.Health.Twin;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health.Dispatch;

/// <summary>
/// The flood's link into health (<c>safety.events</c>, declared in <c>HealthModule</c>): each hospital with an
/// emergency department that a flood forecast reaches (<see cref="FloodImpact"/>) is proposed for diversion under the
/// flood's incident, to the nearest emergency department by emergency travel time (transport's routes, which leave
/// closed roads out) that has general beds to spare and is not flooded too. One proposal per hospital waits at a time,
/// whatever raised it (<see cref="DiversionService.ProposeAsync"/>). Other safety events pass by. Until health has read
/// the twin the event is retried (then dead-lettered), not dropped.
/// </summary>
public sealed class FloodedHospitals(HealthView view, DiversionService diversions, IRouteTimes routes, HealthOptions options, TimeProvider clock,
    ILogger<FloodedHospitals> logger) : IEventHandler
{
    public const string Subscriber = "health-flood";

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken ct)
    {
        if (cloudEvent.Type != FloodImpact.Type || !cloudEvent.HasJsonData) return;
        var impact = cloudEvent.GetData<FloodImpact>();
        var sites = impact.Sites.Where(s => s.EntityType == EntityTypes.Hospital).ToList();
        if (sites.Count == 0) return;
        // Before health has read the twin it cannot tell which hospital is which: the event is retried (then dead-lettered).
        if (!view.Ready) throw new InvalidOperationException($"health has not read the twin's hospitals yet, so the flood at {sites.Count} of them cannot be diverted from");
        var city = view.Current;
        var flooded = sites.Select(s => s.Entity).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        foreach (var site in sites)
        {
            if (!city.Hospitals.TryGetValue(site.Entity, out var hospital) || !hospital.EmergencyDepartment || hospital.IsDiverting(now)) continue;
            var (to, considered) = await DiversionProposals.ChooseAsync(hospital, BedTypes.General, city, routes, options.Dispatch, now, ct, flooded);
            if (to is null)
            {
                logger.LogWarning("Flood forecast {Forecast} reaches {Hospital}, but no other emergency department can take its ambulances", impact.Forecast, hospital.Id);
                continue;
            }
            await diversions.ProposeAsync(DiversionProposals.ForFlood(hospital, impact, site, to, considered, now, options.Dispatch), ct);
        }
    }
}
