namespace CityMesh.Twin.Model;

/// <summary>
/// An NGSI-LD Property. A property with <see cref="ObservedAt"/> is dynamic: its updates are ordered by that time
/// and its earlier values are kept in a bounded history. Without it, the property is static data.
/// </summary>
/// <param name="UnitCode">UN/CEFACT common code (e.g. KMH, CEL, KWT), as NGSI-LD uses.</param>
public sealed record Property(TwinValue Value, string? UnitCode = null, DateTimeOffset? ObservedAt = null);
