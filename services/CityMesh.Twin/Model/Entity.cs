using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Geo;

namespace CityMesh.Twin.Model;

/// <summary>
/// One physical or legal city object: what it is, where it is, what it is like, how it is now and what it is
/// connected to. Attribute names are unique across <see cref="Properties"/> and <see cref="Relationships"/>, which
/// hold each attribute's default instance (no datasetId); instances with a datasetId are in
/// <see cref="PropertyDatasets"/> and <see cref="RelationshipDatasets"/>. An attribute is a property or a
/// relationship in all its instances.
/// </summary>
public sealed record Entity
{
    public required string Id { get; init; }
    public required string Type { get; init; }

    /// <summary>More types, for an entity that is of several (NGSI-LD <c>"type": [..]</c>); <see cref="Type"/> is the first.</summary>
    public IReadOnlyList<string> OtherTypes { get; init; } = [];

    /// <summary>NGSI-LD scopes (<c>/Madrid/Gardens</c>), as sent.</summary>
    public IReadOnlyList<string> Scope { get; init; } = [];

    /// <summary>The CAICT category CityMesh files the entity under, derived from its types (the first one known).</summary>
    public EntityCategory Category => CategoryOf(Type, OtherTypes);

    public Geometry? Location { get; init; }

    /// <summary>Reference to a 3D model or other appearance asset, if any.</summary>
    public string? AppearanceRef { get; init; }

    public IReadOnlyDictionary<string, Property> Properties { get; init; } = EmptyProperties;
    public IReadOnlyDictionary<string, Relationship> Relationships { get; init; } = EmptyRelationships;

    /// <summary>Property instances with a datasetId, by attribute name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Property>> PropertyDatasets { get; init; } = EmptyPropertyDatasets;

    /// <summary>Relationship instances with a datasetId, by attribute name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Relationship>> RelationshipDatasets { get; init; } = EmptyRelationshipDatasets;

    /// <summary>Every type: <see cref="Type"/>, then <see cref="OtherTypes"/>.</summary>
    public IEnumerable<string> Types => OtherTypes.Count == 0 ? [Type] : [Type, .. OtherTypes];

    public bool IsOfType(string type) => Type == type || (OtherTypes.Count > 0 && OtherTypes.Contains(type));

    /// <summary>The names of every attribute, default instance or not.</summary>
    public IEnumerable<string> AttributeNames =>
        Properties.Keys.Concat(Relationships.Keys).Concat(PropertyDatasets.Keys).Concat(RelationshipDatasets.Keys).Distinct(StringComparer.Ordinal);

    public static EntityCategory CategoryOf(string type, IReadOnlyList<string> otherTypes)
    {
        var category = EntityTypes.CategoryOf(type);
        for (var i = 0; category == EntityCategory.Other && i < otherTypes.Count; i++) category = EntityTypes.CategoryOf(otherTypes[i]);
        return category;
    }

    /// <summary>Set by the store.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Set by the store.</summary>
    public DateTimeOffset? ModifiedAt { get; init; }

    public static readonly IReadOnlyDictionary<string, Property> EmptyProperties = new Dictionary<string, Property>();
    public static readonly IReadOnlyDictionary<string, Relationship> EmptyRelationships = new Dictionary<string, Relationship>();
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Property>> EmptyPropertyDatasets = new Dictionary<string, IReadOnlyList<Property>>();
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<Relationship>> EmptyRelationshipDatasets = new Dictionary<string, IReadOnlyList<Relationship>>();

    /// <summary>
    /// Attribute names NGSI-LD or the model reserves. <c>category</c> and <c>status</c> are not among them: a Smart
    /// Data Model's own category or status is data.
    /// </summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "type", "@context", "location", "appearance", "createdAt", "modifiedAt", "observedAt", "scope",
        "datasetId", "instanceId", "deletedAt", "expiresAt", "unitCode", "value", "object", "lang",
    };
}
