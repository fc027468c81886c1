using CityMesh.Access;
using CityMesh.Health.Twin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Health.Dispatch;

/// <summary>GET /health/ambulances: every ambulance as dispatch sees it (status, where, which call and hospital), and the stations.</summary>
public static class AmbulanceEndpoints
{
    public sealed record FleetNow(IReadOnlyList<AmbulanceNow> Ambulances, IReadOnlyList<StationNow> Stations);

    /// <param name="Location">WGS84, <c>{"lat", "lon"}</c>.</param>
    public sealed record AmbulanceNow(string Id, string Name, string Status, Place? Location, string? Road, string? Station, string? Call, string? Hospital,
        DateTimeOffset? ObservedAt);

    public sealed record StationNow(string Id, string Name, Place? Location, string? Road, string? Hospital);

    public sealed record Place(double Lat, double Lon);

    public static IEndpointRouteBuilder MapAmbulances(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/ambulances", Read).RequireAuthorization(Roles.Policy.Viewer).WithTags("Health");
        return endpoints;
    }

    private static IResult Read(HealthView view) => !view.Ready
        ? Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not ready", detail: "the twin has not been read yet; try again shortly")
        : Results.Ok(new FleetNow(
            [.. view.Current.Ambulances.Values.OrderBy(a => a.Id, StringComparer.Ordinal)
                .Select(a => new AmbulanceNow(a.Id, a.Name, a.Status, At(a.Location), a.Road, a.Station, a.Call, a.Hospital, a.ObservedAt))],
            [.. view.Current.Stations.Values.OrderBy(s => s.Id, StringComparer.Ordinal)
                .Select(s => new StationNow(s.Id, s.Name, At(s.Location), s.Road, s.Hospital))]));

    private static Place? At(Contracts.Geo.Position? p) => p is { } position ? new Place(position.Latitude, position.Longitude) : null;
}
