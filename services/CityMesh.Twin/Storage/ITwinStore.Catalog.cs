namespace CityMesh.Twin.Storage;

/// <summary>What the twin holds, by type and attribute: NGSI-LD's <c>/types</c> and <c>/attributes</c>.</summary>
public partial interface ITwinStore
{
    /// <summary>
    /// Every entity type held (or only <paramref name="type"/>), each with its entity count and its attributes: each
    /// name and kind with the number of entities of the type that have it. Types and names in ordinal order; a type
    /// with no entities is not held.
    /// </summary>
    Task<IReadOnlyList<TypeSummary>> DescribeTypesAsync(string? type = null, CancellationToken ct = default);
}

/// <summary>One entity type held: how many entities have it and which attributes they carry.</summary>
public sealed record TypeSummary(string Type, long EntityCount, IReadOnlyList<AttributeSummary> Attributes);

/// <summary>An attribute of a type's entities: its name, its kind and how many of the entities have it so.</summary>
public sealed record AttributeSummary(string Name, AttributeKind Kind, long EntityCount);

/// <summary>The NGSI-LD attribute types CityMesh keeps, ordered as answers list them.</summary>
public enum AttributeKind
{
    Property,
    Relationship,
    GeoProperty,
}
