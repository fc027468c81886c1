using System.Globalization;
using System.Text.Json;
using CityMesh.Contracts.Geo;

namespace CityMesh.Twin.Client;

/// <summary>
/// One entity as the twin read API sends it, NGSI-LD normalized: attributes are <c>{"type":"Property","value":...}</c>,
/// <c>{"type":"Relationship","object":...}</c> or, for <c>location</c>, a GeoProperty whose value is GeoJSON.
/// Two kinds of read: <see cref="Required"/>, <see cref="Number"/>, <see cref="OptionalNumber"/> and
/// <see cref="Object"/> throw a <see cref="TwinDataException"/> naming the entity and attribute, for a reader that
/// cannot go on without them (a simulation's network); the <c>…OrNull</c> reads and <see cref="Location"/> answer
/// null for anything absent or of another shape, for a reader that falls back to typical values.
/// </summary>
public readonly record struct NgsiEntity(JsonElement Json)
{
    public string Id => Text("id") ?? "(no id)";

    public string Type => Text("type") ?? "";

    /// <summary>A property's value, whatever its JSON kind (arrays and objects included); null when absent.</summary>
    public JsonElement? Value(string attribute) => Attribute(attribute) is { } a && a.TryGetProperty("value", out var v) ? v : null;

    public JsonElement Required(string attribute) => Value(attribute) ?? throw Error(attribute, "is missing");

    public double Number(string attribute) =>
        Required(attribute) is { ValueKind: JsonValueKind.Number } v ? v.GetDouble() : throw Error(attribute, "is not a number");

    /// <summary>Null when absent; an error when present but not a number.</summary>
    public double? OptionalNumber(string attribute) =>
        Value(attribute) is not { } v ? null : v.ValueKind == JsonValueKind.Number ? v.GetDouble() : throw Error(attribute, "is not a number");

    /// <summary>Null when absent or not a number.</summary>
    public double? NumberOrNull(string attribute) =>
        Value(attribute) is { ValueKind: JsonValueKind.Number } n && n.TryGetDouble(out var v) ? v : null;

    /// <summary>Null when absent or not a string.</summary>
    public string? TextOrNull(string attribute) => Value(attribute) is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;

    public bool Flag(string attribute) => Value(attribute) is { ValueKind: JsonValueKind.True };

    /// <summary>A relationship's target id.</summary>
    public string Object(string attribute) => ObjectOrNull(attribute) ?? throw Error(attribute, "is missing or not a relationship");

    public string? ObjectOrNull(string attribute) =>
        Attribute(attribute) is { } a && a.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;

    public DateTimeOffset? ObservedAt(string attribute) =>
        Attribute(attribute) is { } a && a.TryGetProperty("observedAt", out var t) && t.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(t.GetString(), CultureInfo.InvariantCulture, out var at)
            ? at
            : null;

    /// <summary>The entity's location; null when it has none or it is not valid GeoJSON.</summary>
    public Geometry? Location
    {
        get
        {
            if (Value("location") is not { ValueKind: JsonValueKind.Object } geo) return null;
            try
            {
                return GeoJson.Read(geo, "location");
            }
            catch (GeoJsonException)
            {
                return null;
            }
        }
    }

    public TwinDataException Error(string attribute, string reason) => new(Id, attribute, reason);

    private JsonElement? Attribute(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Object ? a : null;

    private string? Text(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
}
