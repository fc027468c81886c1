using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Sensors;

/// <summary>
/// POST /sensors/drills/storm (operators): the simulated flood gauges see a storm from now, so a city's flood response
/// can be drilled end to end (gauges over their alert lines, forecast, closures and evacuations proposed). Body, every
/// field optional: <c>{"peak": 1.5, "riseMinutes": 10, "holdMinutes": 120}</c> in city time. 202 with the storm; 400
/// naming the field; 409 when the simulated sensors are off (a city fed by real sensors is not drilled this way).
/// </summary>
public static class StormDrillEndpoints
{
    public sealed record StormBody(double? Peak, double? RiseMinutes, double? HoldMinutes);

    public static IEndpointRouteBuilder MapStormDrill(this IEndpointRouteBuilder endpoints) => endpoints.MapDrill("storm", StartAsync);

    private static async Task<IResult> StartAsync(HttpContext context, CancellationToken ct)
    {
        if (context.RequestServices.GetService<TelemetrySimulator>() is not { } simulator) return DrillEndpoints.SensorsOff("storm to start");
        var (body, malformed) = await DrillEndpoints.ReadAsync<StormBody>(context.Request, optional: true, ct);
        if (malformed is not null) return malformed;
        double peak = body?.Peak ?? 1.5, rise = body?.RiseMinutes ?? 10, hold = body?.HoldMinutes ?? 120;
        if (DrillEndpoints.AboveZeroAtMost("peak", peak, StormDrill.MaxPeak) is { } outOfRange) return outOfRange;
        if (!(rise >= 1 && rise <= 24 * 60)) return DrillEndpoints.Problem(400, "riseMinutes", $"must be from 1 to 1440, not {rise}");
        if (!(hold >= 0 && hold <= 7 * 24 * 60)) return DrillEndpoints.Problem(400, "holdMinutes", $"must be from 0 to 10080, not {hold}");
        try
        {
            var storm = simulator.StartStorm(peak, TimeSpan.FromMinutes(rise), TimeSpan.FromMinutes(hold));
            return Results.Accepted(value: new { storm.Start, storm.End, storm.Peak, riseMinutes = rise, holdMinutes = hold });
        }
        catch (InvalidOperationException e)
        {
            return DrillEndpoints.Problem(StatusCodes.Status503ServiceUnavailable, "sensors", e.Message);
        }
    }
}
