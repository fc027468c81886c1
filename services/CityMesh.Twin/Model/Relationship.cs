namespace CityMesh.Twin.Model;

/// <summary>A typed edge to another entity; the attribute name is the edge's type (e.g. refRoadSegment).</summary>
public sealed record Relationship(string Object, DateTimeOffset? ObservedAt = null);
