using CityMesh.Twin.Model;

namespace CityMesh.Twin.Storage;

/// <summary>
/// One instance of an attribute, property or relationship, with its name: how the stores walk an entity's (or a
/// patch's) attributes without caring which of the four dictionaries it came from.
/// </summary>
public readonly record struct AttributeInstance(string Name, Property? Property, Relationship? Relationship)
{
    public bool IsRelationship => Relationship is not null;

    public string? DatasetId => Property?.DatasetId ?? Relationship?.DatasetId;

    public static IEnumerable<AttributeInstance> Of(Entity entity) =>
        Of(entity.Properties, entity.Relationships, entity.PropertyDatasets, entity.RelationshipDatasets);

    public static IEnumerable<AttributeInstance> Of(AttributePatch patch) =>
        Of(patch.Properties, patch.Relationships, patch.PropertyDatasets, patch.RelationshipDatasets);

    private static IEnumerable<AttributeInstance> Of(IReadOnlyDictionary<string, Property> properties,
        IReadOnlyDictionary<string, Relationship> relationships, IReadOnlyDictionary<string, IReadOnlyList<Property>> propertyDatasets,
        IReadOnlyDictionary<string, IReadOnlyList<Relationship>> relationshipDatasets)
    {
        foreach (var (name, property) in properties) yield return new(name, property, null);
        foreach (var (name, relationship) in relationships) yield return new(name, null, relationship);
        foreach (var (name, list) in propertyDatasets)
        {
            foreach (var property in list) yield return new(name, property, null);
        }
        foreach (var (name, list) in relationshipDatasets)
        {
            foreach (var relationship in list) yield return new(name, null, relationship);
        }
    }
}
