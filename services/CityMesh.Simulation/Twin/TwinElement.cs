using System.Text.Json;
using System.Text.Json.Serialization;
using CityMesh.Contracts.Geo;

namespace CityMesh.Simulation.Twin;

/// <summary>
/// One element of a network the simulations model, as the twin holds it, before it is an NGSI-LD entity: a water
/// network's (FIWARE's Water Distribution Management EPANET models: Junction, Pipe, Pump...) or the grid's (CIM's
/// BusbarSection, ACLineSegment, PowerTransformer...). Its type, its local id, where it is, its properties (a number
/// with its UN/CEFACT unit, a text, or a structure) and its relationships (to other elements by type and local id).
/// The twin's seeding turns it into an entity, the CLI into NGSI-LD JSON (<see cref="TwinElementJson"/>), and a
/// reader of the twin back into this (<see cref="NgsiElements"/>).
/// </summary>
public sealed record TwinElement(
    string Type, string LocalId, Geometry? Location,
    IReadOnlyDictionary<string, ElementProperty> Properties,
    IReadOnlyDictionary<string, (string Type, string LocalId)> Relationships);

/// <summary>A property's value (a JSON number, string or structure) and its unit code where it has one.</summary>
public sealed record ElementProperty(JsonElement Value, string? Unit = null)
{
    public static ElementProperty Of(double value, string? unit = null) => new(JsonSerializer.SerializeToElement(value), unit);

    public static ElementProperty Of(string value) => new(JsonSerializer.SerializeToElement(value));

    public static ElementProperty Structure<T>(T value) => new(JsonSerializer.SerializeToElement(value, Json));

    /// <summary>Web names (camelCase), enums by name, so a structure reads as well as it parses.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { Converters = { new JsonStringEnumConverter() } };

    public T As<T>() => Value.Deserialize<T>(Json) ?? throw new JsonException($"null where a {typeof(T).Name} was expected");
}
