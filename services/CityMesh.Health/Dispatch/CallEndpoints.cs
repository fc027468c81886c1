using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Access;
using CityMesh.Contracts.Health;
using CityMesh.Contracts.Twin;
using CityMesh.Health.Twin;
using CityMesh.Twin.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Health.Dispatch;

/// <summary>
/// Emergency calls: <c>POST /health/calls</c> takes a call (the call-taker's system, operators) into the twin as an
/// EmergencyCall that dispatch then serves; <c>GET /health/calls</c> lists the calls and what dispatch is doing about each.
/// </summary>
public static class CallEndpoints
{
    public const string Priorities = "immediate, urgent or routine";

    public sealed record CallBody(CallPoint? Location, string? Priority, string? BedType, string? Description);

    public sealed record CallPoint(double? Lat, double? Lon);

    public sealed record CallNow(string Id, string Status, string Priority, string Need, DateTimeOffset? ReceivedAt, string? Road, string? Ambulance,
        string? Hospital, string? Proposal, string? Unplanned);

    public static IEndpointRouteBuilder MapCalls(this IEndpointRouteBuilder endpoints)
    {
        var calls = endpoints.MapGroup("/health/calls").WithTags("Health");
        calls.MapPost("", TakeAsync).RequireAuthorization(Roles.Policy.Operator);
        calls.MapGet("", List).RequireAuthorization(Roles.Policy.Viewer);
        return endpoints;
    }

    private static async Task<IResult> TakeAsync(HttpContext context, CallIntake intake, CancellationToken ct)
    {
        CallBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<CallBody>(context.Request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (JsonException e)
        {
            var field = e.Path is null ? "" : e.Path.TrimStart('$').TrimStart('.');
            return Problem(400, field.Length > 0 ? field : "body", $"is not valid JSON: {e.Message}");
        }
        var taken = await intake.TakeAsync(body, ct);
        return taken.Id is { } id
            ? Results.Created($"/ngsi-ld/v1/entities/{Uri.EscapeDataString(id)}", new { id, road = taken.Road })
            : Problem(taken.Status, taken.Field!, taken.Detail!);
    }

    private static IResult List(HealthView view, DispatchService dispatch) =>
        Results.Ok(view.Current.Calls.Values.OrderByDescending(c => c.ReceivedAt).Select(c =>
        {
            var (proposal, unplanned) = dispatch.StateOf(c.Id);
            return new CallNow(c.Id, c.Status, c.Priority, c.Need, c.ReceivedAt, c.Road, c.Ambulance, c.Hospital, proposal, unplanned);
        }).ToArray());

    private static IResult Problem(int status, string field, string detail) =>
        Results.Problem(statusCode: status, detail: $"{field}: {detail}", extensions: new Dictionary<string, object?> { ["field"] = field });
}

/// <summary>What became of a call: its id and road, or the HTTP status and the field at fault.</summary>
public sealed record CallTaken(string? Id, string? Road, int Status, string? Field, string? Detail)
{
    public static CallTaken Refused(int status, string field, string detail) => new(null, null, status, field, detail);
}

/// <summary>
/// Takes a call: checks it, places it on the nearest road and writes it to the twin. The one way in for every call,
/// whether a call-taker's system posts it or the simulated city raises it (<see cref="SimulatedCalls"/>).
/// </summary>
public sealed class CallIntake(HealthView view, CallLog log, TimeProvider clock)
{
    public async Task<CallTaken> TakeAsync(CallEndpoints.CallBody? body, CancellationToken ct)
    {
        if (body?.Location is not { Lat: { } lat, Lon: { } lon }) return CallTaken.Refused(400, "location", "is required: {\"lat\": ..., \"lon\": ...} in WGS84");
        if (lat is < -90 or > 90) return CallTaken.Refused(400, "location.lat", $"{lat} is not a latitude");
        if (lon is < -180 or > 180) return CallTaken.Refused(400, "location.lon", $"{lon} is not a longitude");
        var priority = body.Priority ?? "urgent";
        if (priority is not ("immediate" or "urgent" or "routine")) return CallTaken.Refused(400, "priority", $"'{priority}' is not {CallEndpoints.Priorities}");
        var need = body.BedType ?? BedTypes.General;
        if (!BedTypes.IsKnown(need)) return CallTaken.Refused(400, "bedType", $"'{need}' is not {string.Join(", ", BedTypes.All)}");
        if (!view.Ready) return CallTaken.Refused(503, "location", "the city's roads have not been read yet; try again shortly");
        var road = view.Current.NearestRoad(new Contracts.Geo.Position(lon, lat));
        if (road is null) return CallTaken.Refused(422, "location", "the city has no road to send an ambulance along");
        var (id, error) = await log.OpenAsync(lat, lon, priority, need, body.Description, road, clock.GetUtcNow(), ct);
        return error is null ? new CallTaken(id, road, 201, null, null) : CallTaken.Refused(502, "location", $"the call could not be written to the twin: {error}");
    }
}

/// <summary>Writes calls into the twin as service:health, the keeper of EmergencyCall entities.</summary>
public sealed class CallLog(TwinWriter twin, string city)
{
    public const string ClientName = "health-twin";

    public async Task<(string Id, string? Error)> OpenAsync(double lat, double lon, string priority, string need, string? description, string road,
        DateTimeOffset now, CancellationToken ct)
    {
        var id = EntityIds.Create(EntityTypes.EmergencyCall, city, $"c{now:yyyyMMddHHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        var entity = new JsonObject
        {
            ["id"] = id,
            ["type"] = EntityTypes.EmergencyCall,
            ["location"] = new JsonObject { ["type"] = "GeoProperty", ["value"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(lon, lat) } },
            ["priority"] = DispatchProposals.Property(priority),
            ["bedType"] = DispatchProposals.Property(need),
            ["status"] = DispatchProposals.Property("received"),
            ["receivedAt"] = DispatchProposals.Property(now.ToString("O", CultureInfo.InvariantCulture)),
            ["refRoadSegment"] = DispatchProposals.Relationship(road),
        };
        if (description is { Length: > 0 }) entity["description"] = DispatchProposals.Property(description);
        return (id, await twin.CreateAsync(JsonSerializer.SerializeToElement(entity), ct));
    }

    /// <returns>Null when the call's attributes were written; otherwise why not.</returns>
    public Task<string?> UpdateAsync(string callId, JsonElement attributes, CancellationToken ct) => twin.WriteAttributesAsync(callId, attributes, ct);
}
