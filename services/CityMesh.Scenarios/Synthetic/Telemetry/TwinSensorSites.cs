using System.Text.Json;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Running;
using CityMesh.Simulation.Synthetic.Telemetry;
using CityMesh.Twin.Client;

namespace CityMesh.Scenarios.Synthetic.Telemetry;

/// <summary>
/// The sensors of a running twin as synthesis sites, read through the twin read API (<see cref="Baselines.TwinInput"/>):
/// one query per entity type of the wanted kinds (TrafficFlowObserved, AirQualityObserved, Substation,
/// WaterMain), optionally restricted to one city's ids. A site sits at the entity's point or the middle vertex of its
/// line (or polygon's outer ring); entities without a location are left out (their noise could not be placed). A detector's
/// road (refRoadSegment) becomes its group. Transient failures are tried again by the client; what still fails is a
/// <see cref="ScenarioInputException"/> on <see cref="Field"/> saying which twin answered what.
/// </summary>
public sealed class TwinSensorSites(TwinReaderClient reader, Uri twin)
{
    public const string Field = "spec.telemetry.sites";

    /// <param name="city">The city segment of entity ids ("jinan"); null reads every city the twin holds.</param>
    public async Task<IReadOnlyList<SensorSite>> ReadAsync(IReadOnlyList<string> kinds, string? city, CancellationToken ct)
    {
        var input = new TwinInput(reader, twin, Field);
        var sites = new List<SensorSite>();
        foreach (var kind in kinds)
            foreach (var entity in await input.ReadAllAsync(SensorKinds.EntityTypeOf(kind), city, ct))
                if (Site(entity, kind) is { } site) sites.Add(site);
        return sites;
    }

    private static SensorSite? Site(JsonElement entity, string kind)
    {
        if (!entity.TryGetProperty("id", out var id) || id.GetString() is not { Length: > 0 } name) return null;
        if (!entity.TryGetProperty("location", out var location)) return null;
        // Normalized form wraps the GeoJSON in a GeoProperty's value; keyValues gives it bare.
        var geometry = location.TryGetProperty("value", out var value) ? value : location;
        if (!geometry.TryGetProperty("coordinates", out var coordinates) || Anchor(coordinates) is not var (lon, lat)) return null;
        string? group = null;
        if (entity.TryGetProperty("refRoadSegment", out var road))
            group = road.ValueKind == JsonValueKind.String ? road.GetString() : road.TryGetProperty("object", out var target) ? target.GetString() : null;
        return new SensorSite(name, kind, lat, lon, group);
    }

    /// <summary>A point's position, or the middle one of a line or ring (GeoJSON order: longitude, latitude).</summary>
    private static (double Lon, double Lat)? Anchor(JsonElement coordinates)
    {
        while (coordinates.ValueKind == JsonValueKind.Array && coordinates.GetArrayLength() > 0 && coordinates[0].ValueKind == JsonValueKind.Array)
        {
            var inner = coordinates[0];
            coordinates = inner[0].ValueKind == JsonValueKind.Array ? inner : coordinates[coordinates.GetArrayLength() / 2];
        }
        if (coordinates.ValueKind != JsonValueKind.Array || coordinates.GetArrayLength() < 2
            || !coordinates[0].TryGetDouble(out var lon) || !coordinates[1].TryGetDouble(out var lat)) return null;
        return (lon, lat);
    }
}
