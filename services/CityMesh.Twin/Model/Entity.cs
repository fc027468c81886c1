using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Twin.Geo;

namespace CityMesh.Twin.Model;

/// <summary>
/// One physical or legal city object: what it is, where it is, what it is like, how it is now and what it is
/// connected to. Attribute names are unique across <see cref="Properties"/> and <see cref="Relationships"/>.
/// </summary>
public sealed record Entity
{
    public required string Id { get; init; }
    public required string Type { get; init; }
    public EntityCategory Category { get; init; } = EntityCategory.Other;
    public Geometry? Location { get; init; }

    /// <summary>Reference to a 3D model or other appearance asset, if any.</summary>
    public string? AppearanceRef { get; init; }

    public EntityStatus Status { get; init; } = EntityStatus.Operational;
    public IReadOnlyDictionary<string, Property> Properties { get; init; } = EmptyProperties;
    public IReadOnlyDictionary<string, Relationship> Relationships { get; init; } = EmptyRelationships;

    /// <summary>Set by the store.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>Set by the store.</summary>
    public DateTimeOffset? ModifiedAt { get; init; }

    public static readonly IReadOnlyDictionary<string, Property> EmptyProperties = new Dictionary<string, Property>();
    public static readonly IReadOnlyDictionary<string, Relationship> EmptyRelationships = new Dictionary<string, Relationship>();

    /// <summary>Attribute names the model reserves for its own fields.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "type", "@context", "location", "category", "status", "appearance", "createdAt", "modifiedAt",
        "observedAt", "scope",
    };
}
