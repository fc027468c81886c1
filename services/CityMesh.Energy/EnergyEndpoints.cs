using CityMesh.Access;
using CityMesh.Energy.Forecast;
using CityMesh.Energy.Grid;
using CityMesh.Energy.Meters;
using CityMesh.Energy.Solar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CityMesh.Energy;

/// <summary>
/// The energy API (viewers): <c>GET /energy/grid</c> the live grid as last solved (feeders' and transformers' loading,
/// lowest voltage, losses, violations, shed buses); <c>GET /energy/feeders/{id}</c> one feeder; <c>GET
/// /energy/feeders/{id}/forecast</c> and <c>/energy/substations/{id}/forecast</c> its load 1–24 h ahead beside the
/// seasonal baseline (or "collecting" until two weeks of hours are held); <c>GET /energy/outlook</c> the next day solved
/// hour by hour at the forecast loads, with the violations it shows; <c>GET /energy/meters</c> the meter watch and the
/// faults it found; <c>GET /energy/roofs</c> the roofs' solar potential in sum. 503 with where it stands until the
/// first solve.
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
            return snapshot.FeederStates.FirstOrDefault(f => Names(f.Id, id)) is { } feeder ? Results.Ok(feeder) : NotFound("feeder", id);
        });
        api.MapGet("/feeders/{id}/forecast", (string id, LiveGrid grid, LoadForecasts forecasts) =>
        {
            if (grid.Snapshot is not { } snapshot) return NotYet(grid);
            return snapshot.FeederStates.FirstOrDefault(f => Names(f.Id, id)) is { } feeder
                ? Results.Ok(forecasts.For(feeder.Id))
                : NotFound("feeder", id);
        });
        api.MapGet("/substations/{id}/forecast", (string id, LiveGrid grid, LoadForecasts forecasts) =>
        {
            if (grid.Snapshot is not { } snapshot) return NotYet(grid);
            return snapshot.SubstationStates.FirstOrDefault(s => Names(s.Id, id)) is { } substation
                ? Results.Ok(forecasts.For(substation.Id))
                : NotFound("substation", id);
        });
        api.MapGet("/outlook", (LiveGrid grid) => grid.Outlook is { } outlook
            ? Results.Ok(outlook)
            : grid.Snapshot is null ? NotYet(grid) : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No outlook yet",
                detail: "the grid has been solved but its meters have not yet given the load forecasts an hour to look from"));
        api.MapGet("/meters", (MeterWatch meters) => Results.Ok(meters.State));
        api.MapGet("/roofs", (RoofAssessment roofs) => roofs.Summary is { } summary
            ? Results.Ok(summary)
            : Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The roofs have not been assessed yet", detail: roofs.Status));
        return endpoints;
    }

    /// <summary>Whether <paramref name="id"/> names the entity: its whole id or its local part.</summary>
    private static bool Names(string entity, string id) => entity == id || entity.EndsWith(":" + id, StringComparison.Ordinal);

    private static IResult NotFound(string what, string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: $"id: the grid has no {what} '{id}'", extensions: new Dictionary<string, object?> { ["field"] = "id" });

    private static IResult NotYet(LiveGrid grid) =>
        Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The grid has not been solved yet",
            detail: $"energy reads the grid from the twin (Substation, BusbarSection, ACLineSegment, … entities) and solves it every {EnergyOptions.Section}:Interval; now: {grid.Status}");
}
