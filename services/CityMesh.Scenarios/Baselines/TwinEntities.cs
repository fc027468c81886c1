using System.Text.Json;
using CityMesh.Twin.Model;

namespace CityMesh.Scenarios.Baselines;

/// <summary>
/// What a traffic baseline reads from the city's twin, as the twin's NGSI-LD API returns it (normalized form):
/// the road network (Intersection, TrafficSignal, RoadSegment) and the detectors on it (TrafficFlowObserved).
/// </summary>
public sealed record TwinEntities(
    string City,
    IReadOnlyList<JsonElement> Intersections,
    IReadOnlyList<JsonElement> Signals,
    IReadOnlyList<JsonElement> Roads,
    IReadOnlyList<JsonElement> Detectors)
{
    public static readonly IReadOnlyList<string> Types =
        [EntityTypes.Intersection, EntityTypes.TrafficSignal, EntityTypes.RoadSegment, EntityTypes.TrafficFlowObserved];
}

/// <summary>Reading attributes of one entity in NGSI-LD normalized form; a missing or mistyped one names the entity.</summary>
public readonly struct NgsiEntity(JsonElement entity)
{
    public string Id => entity.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "(no id)";

    /// <summary>A property's value, or null when the entity does not have it.</summary>
    public JsonElement? Value(string attribute) =>
        entity.TryGetProperty(attribute, out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("value", out var v) ? v : null;

    public JsonElement Required(string attribute) => Value(attribute) ?? throw Error(attribute, "is missing");

    public double Number(string attribute) =>
        Required(attribute) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : throw Error(attribute, "is not a number");

    public double? OptionalNumber(string attribute) =>
        Value(attribute) is not { } v ? null : v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Error(attribute, "is not a number");

    public bool Flag(string attribute) => Value(attribute) is { ValueKind: JsonValueKind.True };

    /// <summary>A relationship's target id.</summary>
    public string Object(string attribute) =>
        entity.TryGetProperty(attribute, out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.String
            ? o.GetString()!
            : throw Error(attribute, "is missing or not a relationship");

    public DateTimeOffset? ObservedAt(string attribute) =>
        entity.TryGetProperty(attribute, out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty("observedAt", out var t)
        && t.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(t.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var at)
            ? at
            : null;

    public TwinDataException Error(string attribute, string reason) => new(Id, attribute, reason);
}

/// <summary>The twin's data cannot make a simulation: names the entity and attribute at fault.</summary>
public sealed class TwinDataException(string entityId, string attribute, string reason)
    : Exception($"{entityId} {attribute}: {reason}")
{
    public string EntityId { get; } = entityId;
    public string Attribute { get; } = attribute;
}
