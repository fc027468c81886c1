namespace CityMesh.Twin.Storage;

/// <summary>What the twin holds, by type and attribute: NGSI-LD's <c>/types</c> and <c>/attributes</c>.</summary>
public partial interface ITwinStore
{
    /// <summary>
    /// Every entity type held (or only <paramref name="type"/>), each with its entity count and its attributes: each
    /// name and kind with the number of entities of the type that have it (in any instance). An entity of several
    /// types counts under each. Types and names in ordinal order; a type with no entities is not held.
    /// </summary>
    Task<IReadOnlyList<TypeSummary>> DescribeTypesAsync(string? type = null, CancellationToken ct = default);
}

/// <summary>One entity type held: how many entities have it and which attributes they carry.</summary>
public sealed record TypeSummary(string Type, long EntityCount, IReadOnlyList<AttributeSummary> Attributes);

/// <summary>An attribute of a type's entities: its name, its kind and how many of the entities have it so.</summary>
public sealed record AttributeSummary(string Name, AttributeKind Kind, long EntityCount);

/// <summary>The NGSI-LD attribute types, ordered as answers list them; the names are NGSI-LD's.</summary>
public enum AttributeKind
{
    Property,
    Relationship,
    GeoProperty,
    LanguageProperty,
    JsonProperty,
    VocabProperty,
    ListProperty,
}

public static class AttributeKinds
{
    /// <summary>The kind of one attribute instance.</summary>
    public static AttributeKind Of(Model.Property? property) => property is null ? AttributeKind.Relationship : Of(property.Kind);

    public static AttributeKind Of(Model.PropertyKind kind) => kind switch
    {
        Model.PropertyKind.GeoProperty => AttributeKind.GeoProperty,
        Model.PropertyKind.LanguageProperty => AttributeKind.LanguageProperty,
        Model.PropertyKind.JsonProperty => AttributeKind.JsonProperty,
        Model.PropertyKind.VocabProperty => AttributeKind.VocabProperty,
        Model.PropertyKind.ListProperty => AttributeKind.ListProperty,
        _ => AttributeKind.Property,
    };
}
