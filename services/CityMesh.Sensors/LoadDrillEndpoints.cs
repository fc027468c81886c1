using CityMesh.Contracts.Twin;
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

    public static IEndpointRouteBuilder MapLoadDrill(this IEndpointRouteBuilder endpoints) => endpoints.MapDrill("load", StartAsync, End);

    private static async Task<IResult> StartAsync(HttpContext context, CancellationToken ct)
    {
        if (context.RequestServices.GetService<TelemetrySimulator>() is not { } simulator) return DrillEndpoints.SensorsOff("load to raise");
        var (body, malformed) = await DrillEndpoints.ReadAsync<LoadBody>(context.Request, optional: false, ct);
        if (malformed is not null) return malformed;
        if (body?.Target is not { Length: > 0 } target) return DrillEndpoints.Problem(400, "target", "is required: the id of a Substation, Feeder or BusbarSection");
        if (EntityIds.TypeOf(target) is not { } type || !Targets.Contains(type))
            return DrillEndpoints.Problem(400, "target", $"'{target}' is not the id of a Substation, Feeder or BusbarSection");
        var factor = body.Factor ?? 1.5;
        if (DrillEndpoints.AboveZeroAtMost("factor", factor, LoadDrill.MaxFactor) is { } outOfRange) return outOfRange;
        try
        {
            var drill = simulator.AddLoad(target, factor);
            return Results.Accepted(value: new { targets = drill.Factors });
        }
        catch (InvalidOperationException e)
        {
            return DrillEndpoints.Problem(StatusCodes.Status503ServiceUnavailable, "sensors", e.Message);
        }
    }

    private static IResult End(HttpContext context)
    {
        if (context.RequestServices.GetService<TelemetrySimulator>() is not { } simulator) return DrillEndpoints.SensorsOff(null);
        return simulator.EndLoadDrill() ? Results.NoContent() : DrillEndpoints.Problem(StatusCodes.Status409Conflict, "load", "no load drill is on");
    }
}
