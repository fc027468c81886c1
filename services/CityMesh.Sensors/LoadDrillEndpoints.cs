using System.Text.Json;
using CityMesh.Access;
using CityMesh.Contracts.Twin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Sensors;

/// <summary>
/// POST /sensors/drills/load (operators): a part of the simulated grid draws more from now, so the energy service's
/// overload response can be drilled end to end. Body <c>{"target": "urn:ngsi-ld:Feeder:jinan:s1-f2", "factor": 1.8}</c>
/// (a Substation, Feeder or BusbarSection); 202 with every target drilled; 400 naming the field; 409 when the simulated
/// sensors are off. DELETE ends every load drill (204; 409 when none is on).
/// </summary>
public static class LoadDrillEndpoints
{
    public sealed record LoadBody(string? Target, double? Factor);

    private static readonly HashSet<string> Targets = [EntityTypes.Substation, EntityTypes.Feeder, EntityTypes.BusbarSection];

    public static IEndpointRouteBuilder MapLoadDrill(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/sensors/drills/load", StartAsync).RequireAuthorization(Roles.Policy.Operator).WithTags("Sensors");
        endpoints.MapDelete("/sensors/drills/load", End).RequireAuthorization(Roles.Policy.Operator).WithTags("Sensors");
        return endpoints;
    }

    private static async Task<IResult> StartAsync(HttpContext context, CancellationToken ct)
    {
        if (context.RequestServices.GetService<TelemetrySimulator>() is not { } simulator)
            return Problem(StatusCodes.Status409Conflict, "sensors", $"the simulated sensors are off ({TelemetrySimulatorOptions.Section}:Enabled): there is no simulated load to raise");
        LoadBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<LoadBody>(context.Request.Body, JsonSerializerOptions.Web, ct);
        }
        catch (JsonException e)
        {
            var field = e.Path is null ? "" : e.Path.TrimStart('$').TrimStart('.');
            return Problem(400, field.Length > 0 ? field : "body", $"is not valid JSON: {e.Message}");
        }
        if (body?.Target is not { Length: > 0 } target) return Problem(400, "target", "is required: the id of a Substation, Feeder or BusbarSection");
        if (EntityIds.TypeOf(target) is not { } type || !Targets.Contains(type))
            return Problem(400, "target", $"'{target}' is not the id of a Substation, Feeder or BusbarSection");
        var factor = body.Factor ?? 1.5;
        if (!(factor > 0 && factor <= LoadDrill.MaxFactor)) return Problem(400, "factor", $"must be above 0 and at most {LoadDrill.MaxFactor}, not {factor}");
        try
        {
            var drill = simulator.AddLoad(target, factor);
            return Results.Accepted(value: new { targets = drill.Factors });
        }
        catch (InvalidOperationException e)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "sensors", e.Message);
        }
    }

    private static IResult End(HttpContext context)
    {
        if (context.RequestServices.GetService<TelemetrySimulator>() is not { } simulator)
            return Problem(StatusCodes.Status409Conflict, "sensors", $"the simulated sensors are off ({TelemetrySimulatorOptions.Section}:Enabled)");
        return simulator.EndLoadDrill() ? Results.NoContent() : Problem(StatusCodes.Status409Conflict, "load", "no load drill is on");
    }

    private static IResult Problem(int status, string field, string detail) =>
        Results.Problem(statusCode: status, detail: $"{field}: {detail}", extensions: new Dictionary<string, object?> { ["field"] = field });
}
