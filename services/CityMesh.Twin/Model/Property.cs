namespace CityMesh.Twin.Model;

/// <summary>
/// An NGSI-LD Property (or one of its kinds: GeoProperty, LanguageProperty, JsonProperty, VocabProperty,
/// ListProperty). A property with <see cref="ObservedAt"/> is dynamic: its updates are ordered by that time and its
/// earlier values are kept in a bounded history. Without it, the property is static data.
/// </summary>
/// <param name="UnitCode">UN/CEFACT common code (e.g. KMH, CEL, KWT), as NGSI-LD uses.</param>
public sealed record Property(TwinValue Value, string? UnitCode = null, DateTimeOffset? ObservedAt = null)
{
    /// <summary>
    /// What the value is: a plain value, a GeoJSON geometry (GeoProperty), a language map, a JSON document, a
    /// vocabulary term or a list. All but plain values are kept as JSON (<see cref="TwinValueKind.Json"/> or text).
    /// </summary>
    public PropertyKind Kind { get; init; } = PropertyKind.Property;

    /// <summary>Which instance of a multi-attribute this is; null for the default instance.</summary>
    public string? DatasetId { get; init; }

    /// <summary>Properties and relationships of this property (NGSI-LD sub-attributes), if any.</summary>
    public SubAttributes? Sub { get; init; }
}

/// <summary>The NGSI-LD attribute types that hold a value (every one but Relationship).</summary>
public enum PropertyKind : byte
{
    Property,
    GeoProperty,
    LanguageProperty,
    JsonProperty,
    VocabProperty,
    ListProperty,
}
