using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Actions;
using CityMesh.Safety.Forecast;

namespace CityMesh.Safety.Response;

/// <summary>
/// "Close 24 roads before the water reaches them": one proposal per forecast for every road it floods above the
/// closure depth that is not already closed or proposed in this flood. Executed, each road's <c>status</c> becomes
/// <c>closed</c> in the twin (FIWARE RoadSegment's status), which transport's routing and the traffic simulator read
/// as a road that cannot be used.
/// </summary>
public static class ClosureProposals
{
    public const string ActionType = "safety.road-closure";
    public const string Closed = "closed";
    public static readonly ModelInfo Model = new("flood-forecast-road-closure", "1");

    /// <param name="incident">The flood's incident: each closed road names it (<c>refIncident</c>), so whoever routes round the road can say why.</param>
    public static ActionProposal Create(FloodForecast forecast, IReadOnlyList<ForecastRoad> roads, DateTimeOffset now, SafetyOptions options, string? incident = null)
    {
        ArgumentOutOfRangeException.ThrowIfZero(roads.Count);
        var first = roads.MinBy(r => r.ClosesAt)!;
        var evidence = new JsonObject
        {
            ["forecast"] = ForecastEvidence.Of(forecast),
            ["closureDepthMetres"] = options.RoadClosureDepthMetres,
            ["roads"] = JsonSerializer.SerializeToNode(roads.OrderBy(r => r.ClosesAt).ThenBy(r => r.Id, StringComparer.Ordinal), JsonSerializerOptions.Web),
        };
        var trigger = forecast.Trigger;
        return new ActionProposal
        {
            Id = $"road-closure-{forecast.Id}",
            Type = ActionType,
            Domain = FloodResponse.Domain,
            Target = trigger.Gauge,
            Summary = string.Create(CultureInfo.InvariantCulture,
                $"Close {roads.Count} road{(roads.Count == 1 ? "" : "s")} before the flood: {ForecastEvidence.Local(trigger.Gauge)} at {trigger.WaterLevel:0.00} m (alert {trigger.AlertLevel:0.00} m); first cut {first.Name} at {first.ClosesAt:HH:mm}, deepest {roads.Max(r => r.MaxDepth):0.0} m{ForecastEvidence.DefencesNote(forecast)}"),
            Evidence = JsonSerializer.SerializeToElement(evidence),
            Model = Model,
            Measures = new Dictionary<string, double> { ["roadsClosed"] = roads.Count },
            Effect = [.. roads.Select(r => new TwinPatch(r.Id, JsonSerializer.SerializeToElement(Closure(forecast, r, incident))))],
            Incident = incident,
            ProposedAt = now,
            ExpiresAt = now + options.ProposalLifetime,
        };
    }

    private static JsonObject Closure(FloodForecast forecast, ForecastRoad road, string? incident)
    {
        var attributes = new JsonObject
        {
            ["status"] = NgsiAttributes.Property(Closed),
            ["statusDescription"] = NgsiAttributes.Property(string.Create(CultureInfo.InvariantCulture,
                $"closed for flooding: forecast {forecast.Id} puts {road.MaxDepth:0.00} m of water on it from {road.ClosesAt:yyyy-MM-dd HH:mm}")),
        };
        if (incident is not null) attributes["refIncident"] = NgsiAttributes.Relationship(incident);
        return attributes;
    }
}
