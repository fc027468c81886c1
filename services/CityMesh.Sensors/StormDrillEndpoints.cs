using System.Text.Json;
using CityMesh.Access;
using Microsoft.AspNetCore.Builder;
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

    public static IEndpointRouteBuilder MapStormDrill(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/sensors/drills/storm", StartAsync).RequireAuthorization(Roles.Policy.Operator).WithTags("Sensors");
        return endpoints;
    }

    private static async Task<IResult> StartAsync(HttpContext context, CancellationToken ct)
    {
        var simulator = context.RequestServices.GetService<TelemetrySimulator>();
        if (simulator is null)
            return Problem(StatusCodes.Status409Conflict, "sensors", $"the simulated sensors are off ({TelemetrySimulatorOptions.Section}:Enabled): there is no simulated storm to start");
        StormBody body = new(null, null, null);
        if (context.Request.ContentLength is not 0)
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync<StormBody>(context.Request.Body, JsonSerializerOptions.Web, ct) ?? body;
            }
            catch (JsonException e)
            {
                var field = e.Path is null ? "" : e.Path.TrimStart('$').TrimStart('.');
                return Problem(400, field.Length > 0 ? field : "body", $"is not valid JSON: {e.Message}");
            }
        }
        double peak = body.Peak ?? 1.5, rise = body.RiseMinutes ?? 10, hold = body.HoldMinutes ?? 120;
        if (!(peak > 0 && peak <= StormDrill.MaxPeak)) return Problem(400, "peak", $"must be above 0 and at most {StormDrill.MaxPeak}, not {peak}");
        if (!(rise >= 1 && rise <= 24 * 60)) return Problem(400, "riseMinutes", $"must be from 1 to 1440, not {rise}");
        if (!(hold >= 0 && hold <= 7 * 24 * 60)) return Problem(400, "holdMinutes", $"must be from 0 to 10080, not {hold}");
        try
        {
            var storm = simulator.StartStorm(peak, TimeSpan.FromMinutes(rise), TimeSpan.FromMinutes(hold));
            return Results.Accepted(value: new { storm.Start, storm.End, storm.Peak, riseMinutes = rise, holdMinutes = hold });
        }
        catch (InvalidOperationException e)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "sensors", e.Message);
        }
    }

    private static IResult Problem(int status, string field, string detail) =>
        Results.Problem(statusCode: status, detail: $"{field}: {detail}", extensions: new Dictionary<string, object?> { ["field"] = field });
}
