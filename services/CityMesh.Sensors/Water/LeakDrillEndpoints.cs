using CityMesh.Contracts.Twin;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Sensors.Water;

/// <summary>
/// POST /sensors/drills/leak (operators): a main of the simulated water network starts leaking from now (city time),
/// so the leak watch can be drilled end to end (district meters and loggers drift, the watch alerts, a crew's list is
/// proposed). Body: <c>{"pipe": "P-12", "share": 0.08}</c>, the pipe by the network's own id or its Pipe entity's id,
/// the share of the network's mean inflow (default 0.08). 202 with the leak; 400 naming the field; 409 when the
/// simulated sensors or water meters are off, or a leak is already open. <c>DELETE /sensors/drills/leak</c> mends it
/// from the next step (200 with the pipe; 409 when none is open).
/// </summary>
public static class LeakDrillEndpoints
{
    public sealed record LeakBody(string? Pipe, double? Share);

    public static IEndpointRouteBuilder MapLeakDrill(this IEndpointRouteBuilder endpoints) => endpoints.MapDrill("leak", StartAsync, Mend);

    private static async Task<IResult> StartAsync(HttpContext context, CancellationToken ct)
    {
        if (context.RequestServices.GetService<TelemetrySimulator>() is not { } simulator) return DrillEndpoints.SensorsOff("network to leak");
        var (body, malformed) = await DrillEndpoints.ReadAsync<LeakBody>(context.Request, optional: false, ct);
        if (malformed is not null) return malformed;
        if (body?.Pipe is not { Length: > 0 } pipe) return DrillEndpoints.Problem(400, "pipe", "is required: the main that leaks, by the network's id or its Pipe entity's id");
        var feed = simulator.Water;
        if (feed.Field is not { } field || simulator.CityTime is not { } now)
            return DrillEndpoints.Problem(StatusCodes.Status409Conflict, "sensors", $"the simulated water meters are not playing: {feed.Status}");
        // An entity id names the pipe as urn:ngsi-ld:Pipe:{city}:{network}-{pipe}.
        if (EntityIds.TypeOf(pipe) == EntityTypes.Pipe)
        {
            var local = pipe[(pipe.LastIndexOf(':') + 1)..];
            var prefix = field.Meters.Network + "-";
            if (!local.StartsWith(prefix, StringComparison.Ordinal)) return DrillEndpoints.Problem(400, "pipe", $"'{pipe}' is not a pipe of network '{field.Meters.Network}'");
            pipe = EntityIds.NetworkIdOf(local[prefix.Length..]);
        }
        try
        {
            feed.OpenLeak(pipe, body.Share ?? 0.08, now);
        }
        catch (ArgumentException e)
        {
            var name = e.ParamName ?? "pipe";
            return DrillEndpoints.Problem(400, name, e.Message.Split(" (Parameter")[0].Replace($"{name}: ", ""));
        }
        catch (InvalidOperationException e)
        {
            return DrillEndpoints.Problem(StatusCodes.Status409Conflict, "pipe", e.Message);
        }
        return Results.Accepted(value: new { network = field.Meters.Network, pipe, share = body.Share ?? 0.08, start = now, meanInflowLitresPerSecond = Math.Round(field.MeanInflowLitresPerSecond, 2) });
    }

    private static IResult Mend(HttpContext context)
    {
        if (context.RequestServices.GetService<TelemetrySimulator>() is not { } simulator) return DrillEndpoints.SensorsOff("leak to mend");
        try
        {
            return simulator.Water.MendLeak() is { } leak
                ? Results.Ok(new { mended = leak.Pipe, since = leak.Start, at = simulator.CityTime })
                : DrillEndpoints.Problem(StatusCodes.Status409Conflict, "pipe", "no leak is open");
        }
        catch (InvalidOperationException e)
        {
            return DrillEndpoints.Problem(StatusCodes.Status409Conflict, "sensors", e.Message);
        }
    }
}
