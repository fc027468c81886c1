using CityMesh.Access;
using CityMesh.Safety.Alerts;
using CityMesh.Safety.Forecast;
using CityMesh.Safety.Gauges;
using CityMesh.Safety.Response;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Safety;

/// <summary>
/// The safety service's HTTP API, for viewers: the gauges against their lines, the alerts standing, the flood
/// forecasts with their depth maps and reports, and the water network's live hydraulics.
/// </summary>
public static class SafetyEndpoints
{
    public sealed record GaugeNow(string Id, string Name, double? Level, DateTimeOffset? ObservedAt, double AlertLevel, double CriticalLevel, double? TrendPerHour,
        string? Alert, double? Longitude, double? Latitude, string? Road);

    /// <param name="ShareSheltered">Of the flooded area's people, the share (%) its simulated evacuation shelters; null until it ran.</param>
    public sealed record ForecastSummary(string Id, DateTimeOffset At, string Gauge, double WaterLevel, int RoadsCut, int BuildingsFlooded, double PeopleAffected,
        int SheltersFlooded, int HospitalsFlooded, double PeakInflow, string MapUrl, string ReportUrl, double RainMillimetresPerHour = 0,
        double? ShareSheltered = null, string? EvacuationReportUrl = null);

    public static IEndpointRouteBuilder MapSafetyApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/safety").WithTags("Safety").RequireAuthorization(Roles.Policy.Viewer);
        api.MapGet("/gauges", Gauges);
        api.MapGet("/terrain", TerrainAsync);
        api.MapGet("/terrain.png", async (FloodForecaster forecaster, CancellationToken ct) =>
        {
            try { return Results.File((await forecaster.TerrainAsync(ct)).Png, "image/png"); }
            catch (Scenarios.Running.ScenarioInputException e) { return NoGround(e); }
        });
        api.MapGet("/alerts", (FloodAlertMonitor monitor) => Results.Ok(monitor.Active()));
        api.MapGet("/water", (Water.WaterHydraulics water) => water.State is { } state
            ? Results.Ok(state)
            : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The water network's hydraulics have not run yet",
                detail: $"safety reads the network from the twin (WaterNetwork, Junction, Pipe, … entities) and solves it every CityMesh:Safety:WaterInterval; now: {water.Status}"));
        api.MapGet("/forecasts", Forecasts);
        // Operators: forecast again now, from the gauge most over its line (after moving defences, or when the city
        // changed under the flood); 409 with no gauge over its line.
        api.MapPost("/forecasts", (FloodResponse response) => response.ForecastNow() is { } started
            ? Results.Accepted(value: new { gauge = started.Alert.Gauge, level = started.Alert.Level, waterLevel = started.Alert.WaterLevel, queued = started.Queued })
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to forecast from", detail: "no flood gauge is over its alert line"))
            .RequireAuthorization(Roles.Policy.Operator);
        api.MapGet("/forecasts/{id}", (string id, ForecastLog log) => log.Find(id) is { } f ? Results.Ok(f) : NotFound(id));
        api.MapGet("/forecasts/{id}/map.png", (string id, ForecastLog log) => File(log, id, Path.Combine(Scenarios.Running.TrafficVariant.BaselineName, Scenarios.Running.FloodRunner.MapFile), "image/png"));
        api.MapGet("/forecasts/{id}/report.html", (string id, ForecastLog log) => File(log, id, "report.html", "text/html; charset=utf-8"));
        api.MapGet("/forecasts/{id}/evacuation.html", (string id, ForecastLog log) =>
            File(log, id, Path.Combine(Forecast.FloodForecaster.EvacuationFolder, "report.html"), "text/html; charset=utf-8"));
        return endpoints;
    }

    /// <summary>The ground the forecasts run on (what `citymesh up` has): its size, its elevations, and where its picture is.</summary>
    private static async Task<IResult> TerrainAsync(FloodForecaster forecaster, CancellationToken ct)
    {
        try
        {
            var t = await forecaster.TerrainAsync(ct);
            return Results.Ok(new { t.Description, t.Columns, t.Rows, t.CellSize, t.MinElevation, t.MaxElevation, t.WallCells, pngUrl = "/safety/terrain.png" });
        }
        catch (Scenarios.Running.ScenarioInputException e)
        {
            return NoGround(e);
        }
    }

    private static IResult NoGround(Scenarios.Running.ScenarioInputException e) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: $"the ground cannot be built: {e.Message}",
            extensions: new Dictionary<string, object?> { ["field"] = e.Field });

    private static IResult Gauges(SafetyView view, FloodAlertMonitor monitor, GaugeHistory history)
    {
        if (!view.Ready) return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "safety has not read the twin yet");
        var alerts = monitor.Active().ToDictionary(a => a.Gauge, a => a.Level, StringComparer.Ordinal);
        return Results.Ok(view.Current.Gauges.Values.OrderBy(g => g.Id, StringComparer.Ordinal).Select(g => new GaugeNow(g.Id, g.Name, g.Level, g.ObservedAt,
            g.AlertLevel, g.CriticalLevel, history.TrendPerHour(g.Id) is { } t ? Math.Round(t, 4) : null, alerts.GetValueOrDefault(g.Id),
            g.Location?.Longitude, g.Location?.Latitude, g.Road)).ToArray());
    }

    private static IResult Forecasts(ForecastLog log, FloodResponse response) => Results.Ok(new
    {
        forecasting = response.Forecasting,
        lastProblem = response.LastProblem,
        forecasts = log.Recent.Select(f => new ForecastSummary(f.Id, f.At, f.Trigger.Gauge, f.Trigger.WaterLevel, f.RoadsCut.Count, f.Buildings.Count, f.PeopleAffected,
            f.Sites.Count(s => s.Type == Contracts.Twin.EntityTypes.Shelter), f.Sites.Count(s => s.Type == Contracts.Twin.EntityTypes.Hospital),
            f.Hydrograph.Max(p => p.CubicMetresPerSecond), f.MapUrl, f.ReportUrl, f.RainMillimetresPerHour,
            f.Evacuation?.GetValueOrDefault(Scenarios.Running.EvacuationRunner.ShareSheltered), f.EvacuationReportUrl)).ToArray(),
    });

    private static IResult File(ForecastLog log, string id, string relative, string contentType)
    {
        if (log.Find(id) is not { } forecast) return NotFound(id);
        string path = Path.Combine(forecast.Directory, relative);
        return System.IO.File.Exists(path) ? Results.File(path, contentType) : Results.Problem(statusCode: 404, detail: $"forecast {id} has no {relative}");
    }

    private static IResult NotFound(string id) => Results.Problem(statusCode: 404, detail: $"no forecast '{id}' (the service keeps the most recent ones)");
}
