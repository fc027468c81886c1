using System.Text.Json;
using CityMesh.Access;
using CityMesh.Transport.Congestion;
using CityMesh.Transport.Network;
using CityMesh.Transport.Retiming;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Transport;

/// <summary>The transport API under <c>/transport</c>: reading for any caller, asking for proposals for operators.</summary>
public static class TransportEndpoints
{
    public static RouteGroupBuilder MapTransportApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/transport").WithTags("Transport").RequireAuthorization(Roles.Policy.Viewer);
        api.MapGet("/network", (TransportView view) => view.Current is { } n
            ? Results.Ok(new NetworkSummary(n.City, n.Roads.Edges.Count, n.Roads.Junctions.Count, n.SignalByJunction.Count, n.Readings.Count,
                n.Readings.Values.Max(r => r.At)))
            : NotLoaded());
        api.MapGet("/congestion", (CongestionMonitor monitor, TransportView view) =>
        {
            if (view.Current is not { } network) return NotLoaded();
            var now = monitor.Snapshot();
            return Results.Ok(new
            {
                roads = now.Roads.Select(r => r with { Road = network.RoadEntityId(r.Road) }),
                intersections = now.Intersections.Select(i => i with { Intersection = network.IntersectionEntityId(i.Intersection) }),
            });
        });
        api.MapPost("/retiming", RequestRetimingAsync).RequireAuthorization(Roles.Policy.Operator);
        return api;
    }

    /// <summary>
    /// <c>POST /transport/retiming</c> with <c>{"intersection": id}</c> or <c>{"corridor": [id, ...]}</c>: simulates the
    /// candidates now and answers with the proposal sent to governance (or why none was).
    /// </summary>
    private static async Task<IResult> RequestRetimingAsync(HttpContext http, RetimingService retiming, CancellationToken ct)
    {
        RetimingRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<RetimingRequest>(http.Request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (JsonException e)
        {
            // "$.corridor[1]" → "corridor[1]"; the body as a whole when the path is the root.
            var field = e.Path?.TrimStart('$').TrimStart('.') is { Length: > 0 } path ? path : "body";
            return Problem(400, field, $"is not valid JSON for a retiming request: {e.Message}");
        }
        if (request is null || (request.Intersection is null) == (request.Corridor is null))
            return Problem(400, "intersection", "give either 'intersection' (an Intersection entity id) or 'corridor' (a list of them), not both");
        var caller = Caller.From(http.User);
        var trigger = JsonSerializer.SerializeToElement(new { requestedBy = caller.Name, role = caller.Role }, JsonSerializerOptions.Web);
        try
        {
            var outcome = await retiming.ProposeAsync(request.Intersection is { } one ? [one] : request.Corridor!, trigger, ct);
            return Results.Ok(outcome);
        }
        catch (RetimingRequestException e)
        {
            var problem = Problem(e.Status, e.Field, e.Message);
            if (e.Status == 503) http.Response.Headers.RetryAfter = "5";
            return problem;
        }
        catch (RetimingException e)
        {
            return Problem(422, "intersection", e.Message);
        }
    }

    private static IResult NotLoaded() =>
        Results.Problem(statusCode: 503, title: "Not ready", detail: "the transport service has not read the road network from the twin yet");

    private static IResult Problem(int status, string field, string detail) =>
        Results.Problem(statusCode: status, detail: $"{field}: {detail}", extensions: new Dictionary<string, object?> { ["field"] = field });
}

public sealed record RetimingRequest(string? Intersection, IReadOnlyList<string>? Corridor);

public sealed record NetworkSummary(string City, int Roads, int Intersections, int Signals, int RoadsWithReadings, DateTimeOffset? NewestReading);
