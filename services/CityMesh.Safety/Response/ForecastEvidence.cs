using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Safety.Forecast;

namespace CityMesh.Safety.Response;

/// <summary>The forecast as a proposal carries it: what triggered it, the inflow assumed, its KPIs, and where its map and report are.</summary>
internal static class ForecastEvidence
{
    public static JsonObject Of(FloodForecast forecast) => new()
    {
        ["id"] = forecast.Id,
        ["at"] = forecast.At,
        ["trigger"] = JsonSerializer.SerializeToNode(forecast.Trigger, JsonSerializerOptions.Web),
        ["hydrograph"] = JsonSerializer.SerializeToNode(forecast.Hydrograph, JsonSerializerOptions.Web),
        ["ground"] = forecast.Ground,
        ["kpis"] = JsonSerializer.SerializeToNode(forecast.Kpis, JsonSerializerOptions.Web),
        ["rainMillimetresPerHour"] = forecast.RainMillimetresPerHour,
        ["defencesInPlace"] = JsonSerializer.SerializeToNode(forecast.DefencesInPlace, JsonSerializerOptions.Web),
        ["defencesLeftOut"] = JsonSerializer.SerializeToNode(forecast.DefencesLeftOut, JsonSerializerOptions.Web),
        ["withAllDefences"] = forecast.WithAllDefences is { } all ? JsonSerializer.SerializeToNode(all, JsonSerializerOptions.Web) : null,
        ["mapUrl"] = forecast.MapUrl,
        ["reportUrl"] = forecast.ReportUrl,
    };

    /// <summary>
    /// What the city's idle defences would change, for a proposal's summary: "" when all were at work; else the roads
    /// cut and people affected had every stowed barrier been deployed and every pump on standby started.
    /// </summary>
    public static string DefencesNote(FloodForecast forecast) =>
        forecast.WithAllDefences is { } all
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"; with every flood barrier deployed and pump started: {all.GetValueOrDefault(CityMesh.Scenarios.Running.FloodRunner.RoadsCut):0} roads cut, {all.GetValueOrDefault(CityMesh.Scenarios.Running.FloodRunner.PeopleAffected):0} people affected")
            : "";

    /// <summary>The part of a CityMesh urn after its last colon: <c>urn:ngsi-ld:FloodGauge:jinan:fg2</c> → <c>fg2</c>.</summary>
    public static string Local(string id) => id[(id.LastIndexOf(':') + 1)..];
}
