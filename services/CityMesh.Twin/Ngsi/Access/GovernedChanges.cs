using CityMesh.Twin.Model;
using CityMesh.Twin.Storage;

namespace CityMesh.Twin.Ngsi.Access;

/// <summary>
/// Which governed attributes a write would really change on an existing entity: a value sent that differs from the
/// one held, or, when the entity is replaced, one held that the new entity drops. Writing back the same plan (a city
/// seeded again, a gateway resending) changes nothing governance owns, so it is no reason to refuse the write.
/// </summary>
public static class GovernedChanges
{
    /// <param name="existing">The entity as held; null when the write creates it (creating is no change of what exists).</param>
    /// <param name="replace">The entity becomes exactly what is sent, so what it leaves out is removed.</param>
    /// <param name="datasetNames">Attributes the write sends instances with a datasetId of: always a change (governance
    /// decides on the default instance only).</param>
    public static IReadOnlyList<string> Of(Entity? existing, string type, IReadOnlyDictionary<string, Property> properties,
        IReadOnlyDictionary<string, Relationship> relationships, IEnumerable<string> datasetNames, bool replace)
    {
        if (existing is null || !TwinWriteRules.HasGoverned(type)) return [];
        var changed = new List<string>();
        foreach (var name in TwinWriteRules.GovernedOf(type))
        {
            if (datasetNames.Contains(name))
            {
                changed.Add(name);
                continue;
            }
            existing.Properties.TryGetValue(name, out var heldProperty);
            existing.Relationships.TryGetValue(name, out var heldRelationship);
            if (properties.TryGetValue(name, out var property))
            {
                if (heldProperty is null || heldProperty.Value != property.Value || heldProperty.UnitCode != property.UnitCode) changed.Add(name);
            }
            else if (relationships.TryGetValue(name, out var relationship))
            {
                if (heldRelationship is null || heldRelationship.Object != relationship.Object) changed.Add(name);
            }
            else if (replace && (heldProperty is not null || heldRelationship is not null))
            {
                changed.Add(name);
            }
        }
        // A governed value (an ambulance sent to a call) is a change when it is written anew.
        foreach (var name in TwinWriteRules.WithGovernedValues(type))
        {
            if (!properties.TryGetValue(name, out var property) || property.Value.Kind != TwinValueKind.Text) continue;
            if (!TwinWriteRules.IsGovernedValue(type, name, property.Value.Text)) continue;
            existing.Properties.TryGetValue(name, out var held);
            if (held is null || held.Value != property.Value) changed.Add(name);
        }
        return changed;
    }

    public static IReadOnlyList<string> Of(Entity? existing, Entity sent, bool replace) =>
        Of(existing, sent.Type, sent.Properties, sent.Relationships, sent.PropertyDatasets.Keys.Concat(sent.RelationshipDatasets.Keys), replace);

    public static IReadOnlyList<string> Of(Entity existing, AttributePatch patch) =>
        Of(existing, existing.Type, patch.Properties, patch.Relationships, patch.PropertyDatasets.Keys.Concat(patch.RelationshipDatasets.Keys), replace: false);
}
