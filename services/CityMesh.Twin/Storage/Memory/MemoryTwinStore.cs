using System.Collections.Concurrent;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>
/// The embedded store. Entities live in a concurrent map; each is guarded by its own monitor, so telemetry for
/// different entities is applied in parallel and never waits for the indexes (<see cref="MemoryIndexes"/>), which
/// move only when an entity is created, deleted, re-typed, moved or re-linked. Lock order: record, then indexes.
/// </summary>
public sealed partial class MemoryTwinStore(int historyDepth = 64) : ITwinStore
{
    private readonly ConcurrentDictionary<string, EntityRecord> _entities = new(StringComparer.Ordinal);
    private readonly MemoryIndexes _indexes = new();
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly int _historyDepth = historyDepth >= 1 ? historyDepth : throw new ArgumentOutOfRangeException(nameof(historyDepth));

    public Task InitializeAsync(CancellationToken ct = default) => Task.CompletedTask;

    /// <summary>The entities are in this process: if it answers, so does the store.</summary>
    public Task PingAsync(CancellationToken ct = default) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _indexes.Dispose();
        return ValueTask.CompletedTask;
    }

    public Task<long> CountAsync(CancellationToken ct = default) => Task.FromResult((long)_entities.Count);

    public Task<IReadOnlyDictionary<string, long>> CountByTypeAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyDictionary<string, long>>(_entities.Values.SelectMany(r => r.OtherTypes.Count == 0 ? [r.Type] : r.OtherTypes.Prepend(r.Type)).CountBy(t => t, StringComparer.Ordinal)
            .ToDictionary(p => p.Key, p => (long)p.Value, StringComparer.Ordinal));

    public Task<WriteOutcome> CreateAsync(Entity entity, CancellationToken ct = default)
    {
        EntityValidator.Validate(entity);
        return Task.FromResult(Create(entity));
    }

    private WriteOutcome Create(Entity entity)
    {
        var record = new EntityRecord(entity.Id, Intern(entity.Type));
        lock (record)
        {
            if (!_entities.TryAdd(entity.Id, record)) return WriteOutcome.AlreadyExists;
            var now = DateTime.UtcNow.Ticks;
            record.CreatedTicks = now;
            Write(record, entity, UpsertMode.Replace, now);
            _indexes.Add(record, IndexPlacement.Of(record));
        }
        return WriteOutcome.Created;
    }

    public Task<Entity?> GetAsync(string id, CancellationToken ct = default)
    {
        if (!_entities.TryGetValue(id, out var record)) return Task.FromResult<Entity?>(null);
        lock (record) return Task.FromResult(record.Deleted ? null : record.ToEntity());
    }

    public Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        if (!_entities.TryGetValue(id, out var record)) return Task.FromResult(false);
        lock (record)
        {
            if (record.Deleted) return Task.FromResult(false);
            record.Deleted = true;
            _entities.TryRemove(new KeyValuePair<string, EntityRecord>(id, record));
            _indexes.Remove(record, IndexPlacement.Of(record));
        }
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<WriteOutcome>> UpsertAsync(IReadOnlyList<Entity> entities, UpsertMode mode, CancellationToken ct = default)
    {
        foreach (var entity in entities) EntityValidator.Validate(entity);
        var outcomes = new WriteOutcome[entities.Count];
        for (var i = 0; i < entities.Count; i++)
        {
            var entity = entities[i];
            while (true)
            {
                if (_entities.TryGetValue(entity.Id, out var record))
                {
                    lock (record)
                    {
                        if (record.Deleted) continue;
                        var was = IndexPlacement.Of(record);
                        Write(record, entity, mode, DateTime.UtcNow.Ticks);
                        _indexes.Move(record, was, IndexPlacement.Of(record));
                        outcomes[i] = mode == UpsertMode.Replace ? WriteOutcome.Replaced : WriteOutcome.Updated;
                        break;
                    }
                }
                if (Create(entity) == WriteOutcome.Created)
                {
                    outcomes[i] = WriteOutcome.Created;
                    break;
                }
            }
        }
        return Task.FromResult<IReadOnlyList<WriteOutcome>>(outcomes);
    }

    public Task<AttributeUpdateResult> UpdateAttributesAsync(string id, AttributePatch patch, CancellationToken ct = default)
    {
        AttributeRules.Validate(patch);
        if (!_entities.TryGetValue(id, out var record)) return Task.FromResult(AttributeUpdateResult.EntityNotFound);
        lock (record)
        {
            if (record.Deleted) return Task.FromResult(AttributeUpdateResult.EntityNotFound);
            var updated = new List<string>();
            var notUpdated = new List<NotUpdatedAttribute>();
            var was = IndexPlacement.Of(record);
            var now = DateTime.UtcNow.Ticks;
            foreach (var instance in AttributeInstance.Of(patch))
            {
                var name = instance.Name;
                var slot = record.Find(name, instance.DatasetId);
                if (slot is null)
                {
                    notUpdated.Add(new(name, instance.DatasetId is { } datasetId
                        ? $"the entity has no instance of the attribute with datasetId '{datasetId}'"
                        : "the entity has no such attribute"));
                }
                else if (slot.IsRelationship != instance.IsRelationship && record.Attributes.Count(s => s.Name == name) > 1)
                {
                    notUpdated.Add(new(name, AttributeRules.OtherKindReason(slot.IsRelationship)));
                }
                else if (instance.Relationship is { } relationship)
                {
                    WriteRelationship(Kind(record, slot, instance), relationship);
                    updated.Add(name);
                }
                else
                {
                    switch (WriteProperty(Kind(record, slot, instance), instance.Property!))
                    {
                        case ObservationOutcome.Applied: updated.Add(name); break;
                        case ObservationOutcome.HistoryOnly: notUpdated.Add(new(name, "older than the current value: kept in history only")); break;
                        default: notUpdated.Add(new(name, "the same observation is already held")); break;
                    }
                }
            }
            if (patch.Location is not null)
            {
                record.Location = patch.Location;
                updated.Add("location");
            }
            if (updated.Count > 0) record.ModifiedTicks = now;
            _indexes.Move(record, was, IndexPlacement.Of(record));
            return Task.FromResult(new AttributeUpdateResult(true, updated, notUpdated));
        }
    }

    /// <summary>
    /// The slot an update writes: the held one, or, where the update changes an attribute's kind (a property
    /// replaced by a relationship or back, as the spec's update replaces the attribute), a fresh slot in its place.
    /// </summary>
    private AttributeSlot Kind(EntityRecord record, AttributeSlot slot, AttributeInstance instance)
    {
        if (slot.IsRelationship == instance.IsRelationship) return slot;
        var replacement = new AttributeSlot(slot.Name, instance.IsRelationship, instance.DatasetId);
        record.Remove(slot);
        record.Add(replacement);
        return replacement;
    }

    /// <summary>A write through the API: with observedAt it is an observation, without it it overwrites.</summary>
    private ObservationOutcome WriteProperty(AttributeSlot slot, Property property)
    {
        slot.Shape = SlotShape.Of(property);
        if (property.ObservedAt is { } at)
        {
            var ticks = at.UtcTicks;
            return slot.History?.Contains(ticks, property.Value) == true
                ? ObservationOutcome.Duplicate
                : Observe(slot, property.Value, property.UnitCode, ticks);
        }
        slot.Value = property.Value;
        slot.UnitCode = property.UnitCode;
        slot.ObservedTicks = 0;
        return ObservationOutcome.Applied;
    }

    private static void WriteRelationship(AttributeSlot slot, Relationship relationship)
    {
        slot.Value = TwinValue.Of(relationship.Object);
        slot.ObservedTicks = relationship.ObservedAt?.UtcTicks ?? 0;
        slot.Shape = SlotShape.Of(relationship);
    }

    /// <summary>Writes an entity's fields and attributes into its record; the caller holds the record's lock.</summary>
    private void Write(EntityRecord record, Entity entity, UpsertMode mode, long now)
    {
        record.Type = Intern(entity.Type);
        record.OtherTypes = entity.OtherTypes.Count == 0 ? [] : [.. entity.OtherTypes.Select(Intern)];
        if (mode == UpsertMode.Replace || entity.Scope.Count > 0) record.Scope = entity.Scope;
        record.AppearanceRef = entity.AppearanceRef;
        if (mode == UpsertMode.Replace || entity.Location is not null) record.Location = entity.Location;

        var written = new HashSet<string>(StringComparer.Ordinal);
        var kept = new List<AttributeSlot>(entity.Properties.Count + entity.Relationships.Count);
        foreach (var instance in AttributeInstance.Of(entity))
        {
            written.Add(instance.Name);
            var slot = record.Find(instance.Name, instance.DatasetId);
            if (slot is null || slot.IsRelationship != instance.IsRelationship)
                slot = new AttributeSlot(Intern(instance.Name), instance.IsRelationship, instance.DatasetId);
            if (instance.Relationship is { } relationship) WriteRelationship(slot, relationship);
            else WriteProperty(slot, instance.Property!);
            kept.Add(slot);
        }
        if (mode == UpsertMode.Update)
        {
            // An update replaces each attribute it names, every instance of it, and keeps the others.
            foreach (var slot in record.Attributes)
            {
                if (!written.Contains(slot.Name)) kept.Add(slot);
            }
        }
        record.Attributes = [.. kept];
        record.ModifiedTicks = now;
    }

    /// <summary>Attribute and type names repeat across millions of entities: keep one copy of each.</summary>
    private string Intern(string name) => _names.GetOrAdd(name, name);

    public Task<EntityPage> QueryAsync(EntityQuery query, CancellationToken ct = default)
    {
        IEnumerable<EntityRecord> candidates = query.Ids is { Count: > 0 } ids
            ? ids.Distinct().Select(id => _entities.GetValueOrDefault(id)).OfType<EntityRecord>()
            : _indexes.Candidates(query) ?? (IEnumerable<EntityRecord>)_entities.Values;
        return Task.FromResult(MemoryQuery.Run(query, candidates));
    }

    public Task<IReadOnlyList<RelationshipEdge>> GetIncomingAsync(string targetId, CancellationToken ct = default) =>
        Task.FromResult(_indexes.Incoming(targetId));
}
