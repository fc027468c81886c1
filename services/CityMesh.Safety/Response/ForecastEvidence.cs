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
        ["mapUrl"] = forecast.MapUrl,
        ["reportUrl"] = forecast.ReportUrl,
    };

    /// <summary>The part of a CityMesh urn after its last colon: <c>urn:ngsi-ld:FloodGauge:jinan:fg2</c> → <c>fg2</c>.</summary>
    public static string Local(string id) => id[(id.LastIndexOf(':') + 1)..];
}
