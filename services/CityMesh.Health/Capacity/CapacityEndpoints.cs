using CityMesh.Access;
using CityMesh.Contracts.Health;
using CityMesh.Health.Twin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Health.Capacity;

/// <summary>GET /health/capacity: every hospital's beds by type, its emergency department and diversion, and the alerts standing.</summary>
public static class CapacityEndpoints
{
    public static IEndpointRouteBuilder MapCapacity(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/capacity", Read).RequireAuthorization(Roles.Policy.Viewer).WithTags("Health");
        return endpoints;
    }

    private static IResult Read(HealthView view, CapacityMonitor monitor, TimeProvider clock)
    {
        if (!view.Ready)
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: "the twin has not been read yet; try again shortly");
        var snapshot = view.Current;
        // Diversions are actions, timed by the wall clock as every action is (proposed, expires, until).
        var now = clock.GetUtcNow();
        var alerts = monitor.Active().ToLookup(a => a.Hospital, StringComparer.Ordinal);
        var hospitals = snapshot.Hospitals.Values.OrderBy(h => h.Id, StringComparer.Ordinal).Select(h => new HospitalCapacity(
            h.Id, h.Name,
            BedTypes.All.Where(h.Beds.ContainsKey).ToDictionary(t => t, t => new BedsNow(h.BedsOf(t).Capacity, h.BedsOf(t).Occupied, h.BedsOf(t).Free,
                h.BedsOf(t).Occupancy is { } o ? Math.Round(o, 4) : null)),
            h.Total.Occupancy is { } total ? Math.Round(total, 4) : null,
            h.Ed, h.Admissions, h.IsDiverting(now), h.IsDiverting(now) ? h.DivertTo : null, h.IsDiverting(now) ? h.DivertUntil : null,
            h.ObservedAt, [.. alerts[h.Id]]));
        return Results.Ok(new CapacityNow(snapshot.CityTime ?? now, [.. hospitals]));
    }

    public sealed record CapacityNow(DateTimeOffset At, IReadOnlyList<HospitalCapacity> Hospitals);

    public sealed record HospitalCapacity(string Id, string Name, IReadOnlyDictionary<string, BedsNow> Beds, double? Occupancy, EdState? EmergencyDepartment,
        int? Admissions, bool Diverting, string? DivertTo, DateTimeOffset? DivertUntil, DateTimeOffset? ObservedAt, IReadOnlyList<CapacityAlert> Alerts);

    public sealed record BedsNow(int Capacity, int Occupied, int Free, double? Occupancy);
}
