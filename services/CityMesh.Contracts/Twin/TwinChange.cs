using System.Text.Json;
using System.Text.Json.Serialization;

namespace CityMesh.Contracts.Twin;

/// <summary>
/// One change the twin made: which entity changed how, with the new values of the attributes that changed (numbers,
/// text, booleans; structured values as JSON text). Changes travel in a <see cref="TwinChangeBatch"/>.
/// </summary>
public sealed record TwinChange(string Id, string Type, TwinChangeKind Change, IReadOnlyDictionary<string, object?> Attributes)
{
    /// <summary>How a change is written as JSON, on the bus and in the twin read API: web names, kinds in camelCase.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>For telemetry: the newest reading's time (the city's clock, which may run faster than the wall's).</summary>
    public DateTimeOffset? ObservedAt { get; init; }
}

public enum TwinChangeKind
{
    Created,
    Updated,
    Deleted,
}
