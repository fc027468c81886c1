using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;
using CityMesh.Limits;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Query;

/// <summary>
/// What <c>GET /entities</c> asks. Every given filter must hold. Results are ordered by id (ordinal) so pages are
/// stable and both stores answer alike.
/// </summary>
public sealed record EntityQuery
{
    public const int MaxLimit = 1000;

    /// <summary>Any of these types; null or empty means any type.</summary>
    public IReadOnlyList<string>? Types { get; init; }

    /// <summary>Any of these ids.</summary>
    public IReadOnlyList<string>? Ids { get; init; }

    /// <summary>A regular expression the id must match (NGSI-LD idPattern).</summary>
    public string? IdPattern { get; init; }

    public EntityCategory? Category { get; init; }
    public QueryExpression? Q { get; init; }
    public GeoQuery? Geo { get; init; }

    /// <summary>Return only these attributes (projection); null returns all.</summary>
    public IReadOnlyList<string>? Attrs { get; init; }

    public int Limit { get; init; } = 20;
    public int Offset { get; init; }

    /// <summary>
    /// Only entities whose id sorts after this one (ordinal): keyset paging. The next page starts after the last id
    /// returned, so an entity created or deleted between pages cannot shift the rest by one, which would skip or repeat
    /// an entity with <see cref="Offset"/>. <see cref="EntityPage.TotalCount"/> still counts every match.
    /// </summary>
    public string? IdAfter { get; init; }

    /// <summary>
    /// What all regular-expression matching of this query may take (idPattern and q's <c>~=</c>), over every entity the
    /// store tests; beyond it the store throws <see cref="QueryPatternException"/>.
    /// </summary>
    public TimeSpan RegexTime { get; init; } = InputLimits.Default.RegexTimePerRequest;

    /// <summary>Whether the query matches any regular expression, and the parameter to name when it runs too long.</summary>
    public string? PatternParameter => IdPattern is not null ? "idPattern" : Q is not null && QueryExpression.HasPattern(Q) ? "q" : null;
}

public enum GeoRelation
{
    Near,
    Within,
    Intersects,

    /// <summary>NGSI-LD <c>equals</c> (named so as not to hide <see cref="object.Equals(object)"/>).</summary>
    Equal,
    Disjoint,
    Contains,
    Overlaps,
}

/// <summary>
/// A geo-query. <c>near</c> takes a Point and <see cref="MaxDistance"/> and/or <see cref="MinDistance"/> in metres;
/// <c>within</c> takes a Polygon or MultiPolygon; the others any geometry. Each relation reads "the entity's location
/// RELATION the given geometry": <c>contains</c> finds entities whose location holds the geometry.
/// </summary>
public sealed record GeoQuery(GeoRelation Relation, Geometry Geometry, double? MaxDistance = null, double? MinDistance = null);

/// <summary>One page of a query, with the count of all matches.</summary>
public sealed record EntityPage(IReadOnlyList<Entity> Items, int TotalCount);
