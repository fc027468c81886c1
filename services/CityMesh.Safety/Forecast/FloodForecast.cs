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

    /// <summary>The rain the forecast assumed for the first half of its horizon, mm/h (the rain gauges' mean when it ran; 0 when dry).</summary>
    public double RainMillimetresPerHour { get; init; }

    /// <summary>The barriers deployed and pumps running that the forecast had in place (their local ids).</summary>
    public IReadOnlyList<string> DefencesInPlace { get; init; } = [];

    /// <summary>The KPIs had every stowed barrier been deployed and every pump on standby started; null when all were at work.</summary>
    public IReadOnlyDictionary<string, double>? WithAllDefences { get; init; }

    /// <summary>Barriers and pumps the twin holds that the forecast could not use, each with why.</summary>
    public IReadOnlyList<string> DefencesLeftOut { get; init; } = [];

    /// <summary>The idle barriers and pumps (entity ids) the <see cref="WithAllDefences"/> variant put to work.</summary>
    public IReadOnlyList<string> IdleDefences { get; init; } = [];

    /// <summary>
    /// The evacuation of the forecast's flooded homes to the city's shelters, simulated (the `evacuation` scenario's
    /// KPIs: people in the zone, share sheltered, clearance, people unsheltered or not reached...); null until it ran,
    /// or when no home floods.
    /// </summary>
    public IReadOnlyDictionary<string, double>? Evacuation { get; init; }

    public string? EvacuationReportUrl => Evacuation is null ? null : $"/safety/forecasts/{Id}/evacuation.html";

    /// <summary>The flood scenario the forecast ran (the evacuation's flood is the same), on this server only.</summary>
    [JsonIgnore]
    public CityMesh.Scenarios.Model.TwinScenario? Scenario { get; init; }

    public string MapUrl => $"/safety/forecasts/{Id}/map.png";

    public string ReportUrl => $"/safety/forecasts/{Id}/report.html";
}

public sealed record HydrographPoint(double Hour, double CubicMetresPerSecond);
