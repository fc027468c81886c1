using System.Text.Json;
using System.Text.Json.Serialization;
using CityMesh.Contracts.Geo;

namespace CityMesh.Simulation.Water.Twin;

/// <summary>
/// One element of a water network as the twin holds it, before it is an NGSI-LD entity: its type (FIWARE's Water
/// Distribution Management EPANET models: Junction, Reservoir, Tank, Pipe, Pump, Valve, WaterNetwork), its local id,
/// where it is, its properties (a number with its UN/CEFACT unit, a text, or a structure) and its relationships (to
/// other elements by type and local id). The twin's seeding turns it into an entity, the CLI into NGSI-LD JSON, and a
/// reader of the twin back into this.
/// </summary>
public sealed record WaterEntity(
    string Type, string LocalId, Geometry? Location,
    IReadOnlyDictionary<string, WaterProperty> Properties,
    IReadOnlyDictionary<string, (string Type, string LocalId)> Relationships);

/// <summary>A property's value (a JSON number, string or structure) and its unit code where it has one.</summary>
public sealed record WaterProperty(JsonElement Value, string? Unit = null)
{
    public static WaterProperty Of(double value, string? unit = null) => new(JsonSerializer.SerializeToElement(value), unit);

    public static WaterProperty Of(string value) => new(JsonSerializer.SerializeToElement(value));

    public static WaterProperty Structure<T>(T value) => new(JsonSerializer.SerializeToElement(value, Json));

    /// <summary>Web names (camelCase), enums by name, so a structure reads as well as it parses.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Converters = { new JsonStringEnumConverter() } };

    public T As<T>() => Value.Deserialize<T>(Json) ?? throw new JsonException($"null where a {typeof(T).Name} was expected");
}
