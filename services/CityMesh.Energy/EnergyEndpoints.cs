using CityMesh.Access;
using CityMesh.Energy.Grid;
using CityMesh.Energy.Solar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Energy;

/// <summary>
/// The energy API (viewers): <c>GET /energy/grid</c> the live grid as last solved (feeders' and transformers' loading,
/// lowest voltage, losses, violations, shed buses); <c>GET /energy/feeders/{id}</c> one feeder; <c>GET
/// /energy/feeders/{id}/forecast</c> its load 1–24 h ahead beside the seasonal baseline (or "collecting" until two
/// weeks of hours are held); <c>GET /energy/outlook</c> the hours of the next day feeders are forecast over their
/// rating; <c>GET /energy/roofs</c> the roofs' solar potential in sum. 503 with where it stands until the first solve.
/// </summary>
public static class EnergyEndpoints
{
    public static IEndpointRouteBuilder MapEnergy(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/energy").WithTags("Energy").RequireAuthorization(Roles.Policy.Viewer);
        api.MapGet("/grid", (LiveGrid grid) => grid.Snapshot is { } snapshot ? Results.Ok(snapshot) : NotYet(grid));
        api.MapGet("/feeders/{id}", (string id, LiveGrid grid) =>
        {
            if (grid.Snapshot is not { } snapshot) return NotYet(grid);
            return snapshot.FeederStates.FirstOrDefault(f => f.Id == id || f.Id.EndsWith(":" + id, StringComparison.Ordinal)) is { } feeder
                ? Results.Ok(feeder)
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"id: the grid has no feeder '{id}'", extensions: new Dictionary<string, object?> { ["field"] = "id" });
        });
        api.MapGet("/feeders/{id}/forecast", (string id, LiveGrid grid, Forecast.FeederForecasts forecasts) =>
        {
            if (grid.Snapshot is not { } snapshot) return NotYet(grid);
            return snapshot.FeederStates.FirstOrDefault(f => f.Id == id || f.Id.EndsWith(":" + id, StringComparison.Ordinal)) is { } feeder
                ? Results.Ok(forecasts.For(feeder.Id))
                : Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"id: the grid has no feeder '{id}'", extensions: new Dictionary<string, object?> { ["field"] = "id" });
        });
        api.MapGet("/outlook", (LiveGrid grid, Forecast.FeederForecasts forecasts, EnergyOptions options) => grid.Snapshot is { } snapshot
            ? Results.Ok(new
            {
                limitPercent = options.OverloadPercent,
                overloads = forecasts.Overloads(snapshot.FeederStates.Select(f => (f.Id, f.RatedKva)), options.OverloadPercent),
                forecasting = snapshot.FeederStates.Count(f => forecasts.For(f.Id).Status == "forecast"),
                feeders = snapshot.FeederStates.Count,
            })
            : NotYet(grid));
        api.MapGet("/roofs", (RoofAssessment roofs) => roofs.Summary is { } summary
            ? Results.Ok(summary)
            : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The roofs have not been assessed yet", detail: roofs.Status));
        return endpoints;
    }

    private static IResult NotYet(LiveGrid grid) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The grid has not been solved yet",
            detail: $"energy reads the grid from the twin (Substation, BusbarSection, ACLineSegment, … entities) and solves it every {EnergyOptions.Section}:Interval; now: {grid.Status}");
}
