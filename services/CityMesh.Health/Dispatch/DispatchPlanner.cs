using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Health;
using CityMesh.Health.Twin;

namespace CityMesh.Health.Dispatch;

/// <summary>
/// Plans a dispatch for a call. Each place (a crew's road, the scene's, a hospital's entrance) is reached or left by
/// either direction of its street, and the fastest pair is taken. Ambulances: the <see cref="DispatchOptions.Candidates"/> free ones nearest the scene as
/// the crow flies are routed to it (emergency class, signals pre-empted) and the fastest goes. Hospitals: every
/// emergency department is routed to from the scene; the patient goes to the fastest that takes ambulances (not
/// diverting) and has more than <see cref="DispatchOptions.ReserveBeds"/> free beds of the type needed. When that is
/// not the fastest of all, the plan says why (diversion). Without a free ambulance, a routable scene or a hospital
/// that can take the patient there is no plan, and the answer says which.
/// </summary>
public static class DispatchPlanner
{
    public sealed record Outcome(DispatchPlan? Plan, string? Refusal);

    public static async Task<Outcome> PlanAsync(CallState call, HealthSnapshot city, IRouteTimes routeTimes, DispatchOptions options, DateTimeOffset now,
        CancellationToken ct, IReadOnlySet<string>? exclude = null)
    {
        var scene = call.Road ?? (call.Location is { } p ? city.NearestRoad(p) : null);
        if (scene is null) return new(null, $"{call.Id} has neither a road nor a location on the network");

        var free = city.Ambulances.Values
            .Where(a => a.Status == AmbulanceStatus.Available && a.Road is not null && exclude?.Contains(a.Id) != true)
            .Select(a => (Ambulance: a, Crow: a.Location is { } from && call.Location is { } to ? GeoMath.HaversineMetres(from, to) : double.MaxValue))
            .OrderBy(a => a.Crow).ThenBy(a => a.Ambulance.Id, StringComparer.Ordinal)
            .Take(options.Candidates)
            .ToArray();
        if (free.Length == 0) return new(null, "no ambulance is available");
        var ambulances = new List<AmbulanceOption>(free.Length);
        var routes = new Dictionary<string, RouteTime>(StringComparer.Ordinal);
        foreach (var (ambulance, crow) in free)
        {
            var route = await FastestAsync(routeTimes, city.BothDirections(ambulance.Road!), city.OpenWays(scene), now, ct);
            routes[ambulance.Id] = route;
            ambulances.Add(route.Found
                ? new AmbulanceOption(ambulance.Id, Round(route.EtaSeconds), Round(route.DistanceMetres), Round(crow), null)
                : new AmbulanceOption(ambulance.Id, null, null, Round(crow), route.Problem));
        }
        var fastest = ambulances.Where(a => a.EtaSeconds is not null).MinBy(a => a.EtaSeconds);
        if (fastest is null) return new(null, $"no free ambulance has a route to {scene}: {ambulances[0].Problem}");

        var choice = await ChooseHospitalAsync(call.Need, city.OpenWays(scene), city, routeTimes, options, now, ct);
        if (choice.Chosen is not { } chosen) return new(null, NoHospital(call.Need));
        return new(new DispatchPlan(call.Id, call.Need, fastest.Ambulance, fastest.EtaSeconds!.Value, chosen.Hospital, chosen.EtaSeconds!.Value, choice.Diversion,
            ambulances, choice.Hospitals, routes[fastest.Ambulance].Roads, choice.Route!.Roads), null);
    }

    public static string NoHospital(string need) =>
        $"no emergency department can take a patient needing a {need} bed: every one is diverting, full or unreachable";

    /// <summary>
    /// The hospital a patient leaving by <paramref name="from"/> goes to: every emergency department is routed to, and
    /// the fastest that takes ambulances (not diverting) with more than the reserve of free beds of the type needed is
    /// chosen. When that is not the fastest of all, the choice says why (diversion).
    /// </summary>
    public static async Task<HospitalChoice> ChooseHospitalAsync(string need, IReadOnlyList<string> from, HealthSnapshot city, IRouteTimes routeTimes,
        DispatchOptions options, DateTimeOffset now, CancellationToken ct)
    {
        var hospitals = new List<HospitalOption>();
        var routes = new Dictionary<string, RouteTime>(StringComparer.Ordinal);
        foreach (var hospital in city.Hospitals.Values.Where(h => h.EmergencyDepartment).OrderBy(h => h.Id, StringComparer.Ordinal))
        {
            var freeBeds = hospital.BedsOf(need).Free;
            var diverting = hospital.IsDiverting(now);
            if (hospital.Road is null)
            {
                hospitals.Add(new HospitalOption(hospital.Id, null, freeBeds, diverting, false, "its entrance is on no road"));
                continue;
            }
            // Its street, or the streets at its ends when a flood has closed it: the way in from the nearest open one.
            var entrances = city.OpenWays(hospital.Road);
            if (entrances.Count == 0)
            {
                hospitals.Add(new HospitalOption(hospital.Id, null, freeBeds, diverting, false, "its street and every street at its ends are closed"));
                continue;
            }
            var route = await FastestAsync(routeTimes, from, entrances, now, ct);
            routes[hospital.Id] = route;
            var accepting = route.Found && !diverting && freeBeds > options.ReserveBeds;
            hospitals.Add(new HospitalOption(hospital.Id, route.Found ? Round(route.EtaSeconds) : null, freeBeds, diverting, accepting, route.Problem));
        }
        var chosen = hospitals.Where(h => h.Accepting).MinBy(h => h.EtaSeconds);
        if (chosen is null) return new HospitalChoice(hospitals, null, null, null);
        var nearest = hospitals.Where(h => h.EtaSeconds is not null).MinBy(h => h.EtaSeconds)!;
        string? diversion = nearest.Hospital == chosen.Hospital ? null
            : nearest.Diverting ? $"{DispatchProposals.Local(nearest.Hospital)}, nearest by {Minutes(nearest.EtaSeconds)}, is diverting ambulances"
            : $"{DispatchProposals.Local(nearest.Hospital)}, nearest by {Minutes(nearest.EtaSeconds)}, has {nearest.FreeBeds} free {need} beds (reserve {options.ReserveBeds})";
        return new HospitalChoice(hospitals, chosen, routes[chosen.Hospital], diversion);
    }

    /// <summary>The fastest route from any of the roads to any of the others; the first problem when none has one.</summary>
    internal static async Task<RouteTime> FastestAsync(IRouteTimes routes, IReadOnlyList<string> from, IReadOnlyList<string> to, DateTimeOffset now, CancellationToken ct)
    {
        RouteTime? best = null, failed = null;
        foreach (var start in from)
            foreach (var end in to)
            {
                var route = await routes.TimeAsync(start, end, now, ct);
                if (!route.Found) failed ??= route;
                else if (best is null || route.EtaSeconds < best.EtaSeconds) best = route;
            }
        return best ?? failed!;
    }

    private static double Round(double value) => Math.Round(value, 1);

    private static string Minutes(double? seconds) => $"{seconds / 60:0.0} min";
}
