using System.Text.Json.Serialization;
using CityMesh.Contracts.Safety;
using CityMesh.Scenarios.Running;

namespace CityMesh.Safety.Forecast;

/// <summary>A road the forecast floods, with the time (city clock) water on it passes the closure depth.</summary>
public sealed record ForecastRoad(string Id, string Name, DateTimeOffset ClosesAt, double MaxDepth);

/// <summary>
/// One short flood forecast from the live state: what triggered it, the inflow it assumed, and what it predicts for
/// the twin's roads, buildings and sites. The depth map and the full report are files in its directory, served by
/// <c>GET /safety/forecasts/{id}/map.png</c> and <c>.../report.html</c>.
/// </summary>
/// <param name="Hydrograph">The river's inflow as (hour from <see cref="At"/>, m³/s).</param>
/// <param name="Kpis">The flood run's KPIs (flooded area, deepest water, roads cut, people affected...).</param>
public sealed record FloodForecast(string Id, DateTimeOffset At, FloodAlert Trigger, IReadOnlyList<HydrographPoint> Hydrograph, IReadOnlyList<ForecastRoad> RoadsCut,
    IReadOnlyList<FloodedSite> Sites, IReadOnlyList<FloodedBuilding> Buildings, double PeopleAffected, IReadOnlyDictionary<string, double> Kpis, string Ground,
    double WallSeconds)
{
    /// <summary>Where its files are, on this server (not published).</summary>
    [JsonIgnore]
    public string Directory { get; init; } = "";

    public string MapUrl => $"/safety/forecasts/{Id}/map.png";

    public string ReportUrl => $"/safety/forecasts/{Id}/report.html";
}

public sealed record HydrographPoint(double Hour, double CubicMetresPerSecond);
