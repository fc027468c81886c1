namespace CityMesh.Twin.Model;

/// <summary>
/// A typed edge to another entity; the attribute name is the edge's type (e.g. refRoadSegment). A relationship may
/// point at several entities at once (<see cref="Objects"/>); <see cref="Object"/> is then the first of them.
/// </summary>
public sealed record Relationship(string Object, DateTimeOffset? ObservedAt = null)
{
    /// <summary>Every target when there are several (NGSI-LD <c>"object": [..]</c>); null for one.</summary>
    public IReadOnlyList<string>? Objects { get; init; }

    /// <summary>Which instance of a multi-attribute this is; null for the default instance.</summary>
    public string? DatasetId { get; init; }

    /// <summary>Properties and relationships of this relationship (NGSI-LD sub-attributes), if any.</summary>
    public SubAttributes? Sub { get; init; }

    /// <summary>Every target, one or several.</summary>
    public IReadOnlyList<string> Targets => Objects ?? [Object];
}
