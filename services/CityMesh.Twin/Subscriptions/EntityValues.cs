using CityMesh.Twin.Model;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// An entity's attribute values as q reads them (a property's value, a relationship's target id), for evaluating a
/// subscription's q on an entity outside a store. The one place that knows the entity model's shape for matching.
/// </summary>
internal static class EntityValues
{
    public static TwinValue? Resolve(Entity entity, string name) =>
        entity.Properties.TryGetValue(name, out var property) ? property.Value
        : entity.Relationships.TryGetValue(name, out var relationship) ? TwinValue.Of(relationship.Object)
        : null;
}
