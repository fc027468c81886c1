namespace CityMesh.Twin.Model;

/// <summary>
/// The properties and relationships of an attribute (NGSI-LD's "properties of properties", e.g. a reading's
/// <c>source</c> or a relationship's <c>providedBy</c>). They nest: a sub-attribute may have its own.
/// </summary>
public sealed record SubAttributes(IReadOnlyDictionary<string, Property> Properties, IReadOnlyDictionary<string, Relationship> Relationships)
{
    public int Count => Properties.Count + Relationships.Count;
}
