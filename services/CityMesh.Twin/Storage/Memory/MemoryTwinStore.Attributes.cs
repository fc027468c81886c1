using CityMesh.Twin.Model;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>Appending attributes to an entity and deleting them (NGSI-LD POST and DELETE on /entities/{id}/attrs).</summary>
public sealed partial class MemoryTwinStore
{
    public Task<AttributeUpdateResult> AppendAttributesAsync(string id, AttributePatch patch, bool overwrite, CancellationToken ct = default)
    {
        AttributeRules.Validate(patch);
        if (!_entities.TryGetValue(id, out var record)) return Task.FromResult(AttributeUpdateResult.EntityNotFound);
        lock (record)
        {
            if (record.Deleted) return Task.FromResult(AttributeUpdateResult.EntityNotFound);
            var updated = new List<string>();
            var notUpdated = new List<NotUpdatedAttribute>();
            var was = IndexPlacement.Of(record);
            foreach (var instance in AttributeInstance.Of(patch))
            {
                var name = instance.Name;
                if (record.IsRelationship(name) is { } isRelationship && isRelationship != instance.IsRelationship)
                {
                    // An attribute is a property or a relationship in all its instances: appending the other kind
                    // replaces every instance (overwrite) or is refused.
                    if (!overwrite)
                    {
                        notUpdated.Add(new(name, "exists (noOverwrite)"));
                        continue;
                    }
                    record.Attributes = [.. record.Attributes.Where(s => s.Name != name)];
                }
                var slot = record.Find(name, instance.DatasetId);
                if (slot is not null && !overwrite)
                {
                    notUpdated.Add(new(name, "exists (noOverwrite)"));
                    continue;
                }
                if (slot is null)
                {
                    slot = new AttributeSlot(Intern(name), instance.IsRelationship, instance.DatasetId);
                    record.Add(slot);
                }
                if (instance.Relationship is { } relationship) WriteRelationship(slot, relationship);
                else WriteProperty(slot, instance.Property!);
                if (!updated.Contains(name)) updated.Add(name);
            }
            if (patch.Location is { } location)
            {
                if (record.Location is not null && !overwrite) notUpdated.Add(new("location", "exists (noOverwrite)"));
                else
                {
                    record.Location = location;
                    updated.Add("location");
                }
            }
            if (updated.Count > 0) record.ModifiedTicks = DateTime.UtcNow.Ticks;
            _indexes.Move(record, was, IndexPlacement.Of(record));
            return Task.FromResult(new AttributeUpdateResult(true, updated, notUpdated));
        }
    }

    public Task<AttributeDeletion> DeleteAttributeAsync(string id, string name, string? datasetId, bool allInstances, CancellationToken ct = default)
    {
        if (!_entities.TryGetValue(id, out var record)) return Task.FromResult(AttributeDeletion.EntityNotFound);
        lock (record)
        {
            if (record.Deleted) return Task.FromResult(AttributeDeletion.EntityNotFound);
            var was = IndexPlacement.Of(record);
            if (name == "location")
            {
                if (record.Location is null) return Task.FromResult(AttributeDeletion.AttributeNotFound);
                record.Location = null;
            }
            else
            {
                var kept = record.Attributes.Where(s => s.Name != name || (!allInstances && s.DatasetId != datasetId)).ToArray();
                if (kept.Length == record.Attributes.Length) return Task.FromResult(AttributeDeletion.AttributeNotFound);
                record.Attributes = kept;
            }
            record.ModifiedTicks = DateTime.UtcNow.Ticks;
            _indexes.Move(record, was, IndexPlacement.Of(record));
            return Task.FromResult(AttributeDeletion.Deleted);
        }
    }
}
