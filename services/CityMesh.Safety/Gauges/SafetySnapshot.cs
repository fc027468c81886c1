using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Client;

namespace CityMesh.Safety.Gauges;

/// <summary>A flood gauge as the twin holds it: its last water level against its alert and critical lines, m.</summary>
public sealed record GaugeState(string Id, string Name, Position? Location, double? Level, DateTimeOffset? ObservedAt, double AlertLevel, double CriticalLevel, string? Road);

/// <summary>An emergency shelter and how many people it takes.</summary>
public sealed record ShelterState(string Id, string Name, Position? Location, double Capacity);

/// <summary>What safety sees of the twin: the city's flood gauges and shelters.</summary>
public sealed record SafetySnapshot(IReadOnlyDictionary<string, GaugeState> Gauges, IReadOnlyDictionary<string, ShelterState> Shelters)
{
    public static readonly IReadOnlyList<string> Types = [EntityTypes.FloodGauge, EntityTypes.Shelter];

    public static readonly SafetySnapshot Empty = new(new Dictionary<string, GaugeState>(), new Dictionary<string, ShelterState>());

    /// <summary>The view of NGSI-LD normalized entities; other types are ignored. A gauge without an alert line gets none (it never alerts).</summary>
    public static SafetySnapshot From(IEnumerable<JsonElement> entities)
    {
        var gauges = new Dictionary<string, GaugeState>(StringComparer.Ordinal);
        var shelters = new Dictionary<string, ShelterState>(StringComparer.Ordinal);
        foreach (var entity in entities.Select(e => new NgsiEntity(e)))
        {
            if (entity.Type == EntityTypes.FloodGauge)
            {
                var alert = entity.NumberOrNull("alertLevel") ?? double.PositiveInfinity;
                gauges[entity.Id] = new GaugeState(entity.Id, entity.TextOrNull("name") ?? entity.Id, entity.Location?.Anchor, entity.NumberOrNull(Level),
                    entity.ObservedAt(Level), alert, entity.NumberOrNull("criticalLevel") ?? alert, entity.ObjectOrNull("refRoadSegment"));
            }
            else if (entity.Type == EntityTypes.Shelter)
                shelters[entity.Id] = new ShelterState(entity.Id, entity.TextOrNull("name") ?? entity.Id, entity.Location?.Anchor, entity.NumberOrNull("capacity") ?? 0);
        }
        return new SafetySnapshot(gauges, shelters);
    }

    /// <summary>The attribute a FloodGauge reports its water level in, m.</summary>
    public const string Level = "waterLevel";
}
