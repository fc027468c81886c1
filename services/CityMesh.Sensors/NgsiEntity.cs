using System.Text.Json;
using CityMesh.Twin.Geo;

namespace CityMesh.Sensors;

/// <summary>
/// One entity as the twin read API sends it, NGSI-LD normalized: attributes are <c>{"type":"Property","value":...}</c>,
/// <c>{"type":"Relationship","object":...}</c> or, for <c>location</c>, a GeoProperty whose value is GeoJSON. Reads
/// answer null for anything absent or of another shape, so the roster falls back to typical values as it always has.
/// </summary>
public readonly record struct NgsiEntity(JsonElement Json)
{
    public string Id => Text("id") ?? "";

    public string Type => Text("type") ?? "";

    /// <summary>The entity's location, anchored to a point; null when it has none or it is not valid GeoJSON.</summary>
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

    public double? Number(string name) => Value(name) is { ValueKind: JsonValueKind.Number } n && n.TryGetDouble(out var v) ? v : null;

    public bool Flag(string name) => Value(name) is { ValueKind: JsonValueKind.True };

    /// <summary>The target of a relationship, when it names one.</summary>
    public string? Object(string name) =>
        Attribute(name) is { } a && a.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;

    /// <summary>A property's value, whatever its JSON kind (arrays and objects included).</summary>
    public JsonElement? Value(string name) => Attribute(name) is { } a && a.TryGetProperty("value", out var v) ? v : null;

    private JsonElement? Attribute(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Object ? a : null;

    private string? Text(string name) =>
        Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty(name, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
}
