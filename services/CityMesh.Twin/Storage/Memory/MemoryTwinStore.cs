using System.Collections.Concurrent;
using CityMesh.Twin.Geo;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>
/// The embedded store. Entities live in a concurrent map; each is guarded by its own monitor, so telemetry for
/// different entities is applied in parallel and never waits for the indexes. Type, category, relationship and
/// spatial indexes change only when an entity is created, deleted, re-typed, moved or re-linked, under one
/// reader-writer lock.
/// </summary>
public sealed class MemoryTwinStore(int historyDepth = 64) : ITwinStore
{
    private const int ParallelBatch = 16_384;

    private readonly ConcurrentDictionary<string, EntityRecord> _entities = new(StringComparer.Ordinal);
    private readonly ReaderWriterLockSlim _indexLock = new(LockRecursionPolicy.NoRecursion);
    private readonly Dictionary<string, HashSet<EntityRecord>> _byType = new(StringComparer.Ordinal);
    private readonly Dictionary<EntityCategory, HashSet<EntityRecord>> _byCategory = new();
    private readonly Dictionary<string, List<RelationshipEdge>> _incoming = new(StringComparer.Ordinal);
    private readonly SpatialGrid _grid = new();
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Lock _chainGate = new();
    private long _batchStamp;
    private readonly int _historyDepth = historyDepth >= 1 ? historyDepth : throw new ArgumentOutOfRangeException(nameof(historyDepth));

    public Task InitializeAsync(CancellationToken ct = default) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _indexLock.Dispose();
        return ValueTask.CompletedTask;
    }

    public Task<long> CountAsync(CancellationToken ct = default) => Task.FromResult((long)_entities.Count);

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
            Write(record, entity, UpsertMode.Replace, now, indexed: false);
            Index(record);
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
            Unindex(record, record.Type, record.Category, record.Location, Relationships(record));
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
                        Write(record, entity, mode, DateTime.UtcNow.Ticks, indexed: true);
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
        foreach (var (name, property) in patch.Properties) EntityValidator.ValidateProperty(name, property);
        foreach (var (name, relationship) in patch.Relationships)
        {
            EntityValidator.ValidateName(name);
            EntityValidator.ValidateRelationship(name, relationship);
        }
        if (!_entities.TryGetValue(id, out var record)) return Task.FromResult(AttributeUpdateResult.EntityNotFound);
        lock (record)
        {
            if (record.Deleted) return Task.FromResult(AttributeUpdateResult.EntityNotFound);
            var updated = new List<string>();
            var notUpdated = new List<NotUpdatedAttribute>();
            var oldLocation = record.Location;
            var oldRelationships = Relationships(record);
            var now = DateTime.UtcNow.Ticks;
            foreach (var (name, property) in patch.Properties)
            {
                var slot = record.Find(name);
                if (slot is null) notUpdated.Add(new(name, "the entity has no such attribute"));
                else if (slot.IsRelationship) notUpdated.Add(new(name, "is a relationship, not a property"));
                else
                {
                    switch (WriteProperty(slot, property))
                    {
                        case ObservationOutcome.Applied: updated.Add(name); break;
                        case ObservationOutcome.HistoryOnly: notUpdated.Add(new(name, "older than the current value: kept in history only")); break;
                        default: notUpdated.Add(new(name, "the same observation is already held")); break;
                    }
                }
            }
            foreach (var (name, relationship) in patch.Relationships)
            {
                var slot = record.Find(name);
                if (slot is null) notUpdated.Add(new(name, "the entity has no such attribute"));
                else if (!slot.IsRelationship) notUpdated.Add(new(name, "is a property, not a relationship"));
                else
                {
                    WriteRelationship(slot, relationship);
                    updated.Add(name);
                }
            }
            if (patch.Location is not null)
            {
                record.Location = patch.Location;
                updated.Add("location");
            }
            if (patch.Status is { } status)
            {
                record.Status = status;
                updated.Add("status");
            }
            if (updated.Count > 0) record.ModifiedTicks = now;
            Reindex(record, record.Type, record.Category, oldLocation, oldRelationships);
            return Task.FromResult(new AttributeUpdateResult(true, updated, notUpdated));
        }
    }

    public Task<ObservationBatchResult> ApplyAsync(IReadOnlyList<Observation> observations, CancellationToken ct = default)
    {
        var count = observations.Count;
        var outcomes = new ObservationOutcome[count];
        var now = DateTime.UtcNow.Ticks;

        // Find each observation's entity (in parallel for big batches: hashing ids is most of the work).
        var records = new EntityRecord?[count];
        void Resolve(int i)
        {
            var o = observations[i];
            if (Entity.ReservedNames.Contains(o.Attribute)) outcomes[i] = ObservationOutcome.InvalidAttribute;
            else if (_entities.TryGetValue(o.EntityId, out var record)) records[i] = record;
            else outcomes[i] = ObservationOutcome.UnknownEntity;
        }
        if (count >= ParallelBatch) Parallel.For(0, count, Resolve);
        else for (var i = 0; i < count; i++) Resolve(i);

        // Chain each entity's observations in batch order so its whole share is applied under one lock: a reader
        // sees all of a batch's writes to an entity or none. The chain's tail lives on the record (no per-batch
        // map), so chaining is serialised across concurrent batches; applying is not.
        var next = new int[count];
        var heads = new List<(EntityRecord Record, int First)>();
        lock (_chainGate)
        {
            var batch = ++_batchStamp;
            for (var i = 0; i < count; i++)
            {
                next[i] = -1;
                if (records[i] is not { } record) continue;
                if (record.ChainBatch == batch) next[record.ChainTail] = i;
                else
                {
                    record.ChainBatch = batch;
                    heads.Add((record, i));
                }
                record.ChainTail = i;
            }
        }

        void ApplyChain((EntityRecord Record, int First) head)
        {
            var record = head.Record;
            lock (record)
            {
                var changed = false;
                for (var i = head.First; i >= 0; i = next[i])
                {
                    outcomes[i] = record.Deleted ? ObservationOutcome.UnknownEntity : Apply(record, observations[i]);
                    changed |= outcomes[i] == ObservationOutcome.Applied;
                }
                if (changed) record.ModifiedTicks = now;
            }
        }

        if (count >= ParallelBatch) Parallel.ForEach(heads, ApplyChain); // across entities, use every core
        else foreach (var head in heads) ApplyChain(head);
        return Task.FromResult(new ObservationBatchResult(outcomes));
    }

    /// <summary>One observation on one entity; the caller holds the record's lock.</summary>
    private ObservationOutcome Apply(EntityRecord record, in Observation o)
    {
        var ticks = o.ObservedAt.UtcTicks;
        var slot = record.Find(o.Attribute);
        if (slot is null)
        {
            if (!IsValidObservation(o)) return ObservationOutcome.InvalidAttribute;
            slot = new AttributeSlot(Intern(o.Attribute), isRelationship: false);
            record.Add(slot);
        }
        else if (slot.IsRelationship) return ObservationOutcome.InvalidAttribute;
        else if (slot.History?.Contains(ticks, o.Value) == true) return ObservationOutcome.Duplicate;
        return Observe(slot, o.Value, o.UnitCode, ticks);
    }

    private static bool IsValidObservation(in Observation o)
    {
        try
        {
            EntityValidator.ValidateProperty(o.Attribute, new Property(o.Value, o.UnitCode));
            return true;
        }
        catch (InvalidEntityException)
        {
            return false;
        }
    }

    /// <summary>The ordering rule: the newest observation is current; older ones only join the history.</summary>
    private ObservationOutcome Observe(AttributeSlot slot, TwinValue value, string? unitCode, long ticks)
    {
        var history = slot.History ??= new PropertyHistory();
        history.Add(ticks, value, unitCode, _historyDepth);
        if (ticks < slot.ObservedTicks) return ObservationOutcome.HistoryOnly;
        slot.Value = value;
        slot.UnitCode = unitCode;
        slot.ObservedTicks = ticks;
        return ObservationOutcome.Applied;
    }

    /// <summary>A write through the API: with observedAt it is an observation, without it it overwrites.</summary>
    private ObservationOutcome WriteProperty(AttributeSlot slot, Property property)
    {
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
    }

    /// <summary>Writes an entity's fields and attributes into its record; the caller holds the record's lock.</summary>
    private void Write(EntityRecord record, Entity entity, UpsertMode mode, long now, bool indexed)
    {
        var oldType = record.Type;
        var oldCategory = record.Category;
        var oldLocation = record.Location;
        var oldRelationships = indexed ? Relationships(record) : [];

        record.Type = Intern(entity.Type);
        record.Category = entity.Category;
        record.Status = entity.Status;
        record.AppearanceRef = entity.AppearanceRef;
        if (mode == UpsertMode.Replace || entity.Location is not null) record.Location = entity.Location;

        var kept = new List<AttributeSlot>(entity.Properties.Count + entity.Relationships.Count);
        foreach (var (name, property) in entity.Properties)
        {
            var slot = record.Find(name);
            if (slot is null || slot.IsRelationship) slot = new AttributeSlot(Intern(name), isRelationship: false);
            WriteProperty(slot, property);
            kept.Add(slot);
        }
        foreach (var (name, relationship) in entity.Relationships)
        {
            var slot = record.Find(name);
            if (slot is null || !slot.IsRelationship) slot = new AttributeSlot(Intern(name), isRelationship: true);
            WriteRelationship(slot, relationship);
            kept.Add(slot);
        }
        if (mode == UpsertMode.Update)
        {
            foreach (var slot in record.Attributes)
            {
                if (!entity.Properties.ContainsKey(slot.Name) && !entity.Relationships.ContainsKey(slot.Name)) kept.Add(slot);
            }
        }
        record.Attributes = [.. kept];
        record.ModifiedTicks = now;
        if (indexed) Reindex(record, oldType, oldCategory, oldLocation, oldRelationships);
    }

    private static RelationshipEdge[] Relationships(EntityRecord record) =>
        [.. record.Attributes.Where(a => a.IsRelationship).Select(a => new RelationshipEdge(record.Id, a.Name, a.Value.Text!))];

    private void Reindex(EntityRecord record, string oldType, EntityCategory oldCategory, Geometry? oldLocation, RelationshipEdge[] oldEdges)
    {
        var newEdges = Relationships(record);
        if (oldType == record.Type && oldCategory == record.Category && ReferenceEquals(oldLocation, record.Location)
            && oldEdges.SequenceEqual(newEdges)) return;
        _indexLock.EnterWriteLock();
        try
        {
            UnindexLocked(record, oldType, oldCategory, oldLocation, oldEdges);
            IndexLocked(record, newEdges);
        }
        finally
        {
            _indexLock.ExitWriteLock();
        }
    }

    private void Index(EntityRecord record)
    {
        _indexLock.EnterWriteLock();
        try
        {
            IndexLocked(record, Relationships(record));
        }
        finally
        {
            _indexLock.ExitWriteLock();
        }
    }

    private void Unindex(EntityRecord record, string type, EntityCategory category, Geometry? location, RelationshipEdge[] edges)
    {
        _indexLock.EnterWriteLock();
        try
        {
            UnindexLocked(record, type, category, location, edges);
        }
        finally
        {
            _indexLock.ExitWriteLock();
        }
    }

    private void IndexLocked(EntityRecord record, RelationshipEdge[] edges)
    {
        Set(_byType, record.Type).Add(record);
        Set(_byCategory, record.Category).Add(record);
        if (record.Location is { } location) _grid.Add(record, location);
        foreach (var edge in edges)
        {
            if (!_incoming.TryGetValue(edge.TargetId, out var list)) _incoming[edge.TargetId] = list = [];
            list.Add(edge);
        }
    }

    private void UnindexLocked(EntityRecord record, string type, EntityCategory category, Geometry? location, RelationshipEdge[] edges)
    {
        if (_byType.TryGetValue(type, out var types) && types.Remove(record) && types.Count == 0) _byType.Remove(type);
        if (_byCategory.TryGetValue(category, out var categories)) categories.Remove(record);
        if (location is not null) _grid.Remove(record, location);
        foreach (var edge in edges)
        {
            if (!_incoming.TryGetValue(edge.TargetId, out var list)) continue;
            list.Remove(edge);
            if (list.Count == 0) _incoming.Remove(edge.TargetId);
        }
    }

    private static HashSet<EntityRecord> Set<TKey>(Dictionary<TKey, HashSet<EntityRecord>> index, TKey key) where TKey : notnull
    {
        if (!index.TryGetValue(key, out var set)) index[key] = set = new HashSet<EntityRecord>(ReferenceEqualityComparer.Instance);
        return set;
    }

    /// <summary>Attribute and type names repeat across millions of entities: keep one copy of each.</summary>
    private string Intern(string name) => _names.GetOrAdd(name, name);

    public Task<EntityPage> QueryAsync(EntityQuery query, CancellationToken ct = default) =>
        Task.FromResult(MemoryQuery.Run(query, Candidates(query)));

    /// <summary>The smallest index-backed set that can hold every match; the filter then checks each.</summary>
    private IReadOnlyCollection<(EntityRecord Record, Position? Point)> Candidates(EntityQuery query)
    {
        if (query.Ids is { Count: > 0 } ids)
        {
            return [.. ids.Distinct().Select(id => _entities.GetValueOrDefault(id)).OfType<EntityRecord>().Select(r => (r, (Position?)null))];
        }
        _indexLock.EnterReadLock();
        try
        {
            if (query.Geo is { } geo && GeoSearchBox(geo) is { } box)
            {
                var found = new List<(EntityRecord, Position?)>();
                _grid.Search(box, (record, point) => found.Add((record, point)));
                return found;
            }
            if (query.Types is { Count: > 0 } types)
            {
                return [.. types.Distinct().SelectMany(t => _byType.TryGetValue(t, out var set) ? set : []).Select(r => (r, (Position?)null))];
            }
            if (query.Category is { } category)
            {
                return [.. (_byCategory.TryGetValue(category, out var set) ? set : []).Select(r => (r, (Position?)null))];
            }
        }
        finally
        {
            _indexLock.ExitReadLock();
        }
        return [.. _entities.Values.Select(r => (r, (Position?)null))];
    }

    private static BoundingBox? GeoSearchBox(GeoQuery geo) => geo.Relation switch
    {
        GeoRelation.Near when geo.MaxDistance is { } max => geo.Geometry.Bounds.Expand(max),
        GeoRelation.Near => null,
        _ => geo.Geometry.Bounds,
    };

    public Task<TemporalEntity?> GetHistoryAsync(TemporalQuery query, CancellationToken ct = default)
    {
        if (!_entities.TryGetValue(query.EntityId, out var record)) return Task.FromResult<TemporalEntity?>(null);
        lock (record)
        {
            if (record.Deleted) return Task.FromResult<TemporalEntity?>(null);
            var attributes = new Dictionary<string, IReadOnlyList<Property>>();
            foreach (var slot in record.Attributes)
            {
                if (slot.History is null || (query.Attrs is not null && !query.Attrs.Contains(slot.Name))) continue;
                var series = new List<Property>();
                foreach (var e in slot.History.Entries)
                {
                    if (!InTime(query, e.Ticks)) continue;
                    series.Add(new Property(e.Value, e.UnitCode, new DateTimeOffset(e.Ticks, TimeSpan.Zero)));
                }
                if (query.LastN is { } n && series.Count > n) series.RemoveRange(0, series.Count - n);
                if (series.Count > 0) attributes[slot.Name] = series;
            }
            return Task.FromResult<TemporalEntity?>(new TemporalEntity(record.Id, record.Type, attributes));
        }
    }

    private static bool InTime(TemporalQuery q, long ticks) => q.Relation switch
    {
        TimeRelation.Before => ticks < q.TimeAt!.Value.UtcTicks,
        TimeRelation.After => ticks > q.TimeAt!.Value.UtcTicks,
        TimeRelation.Between => ticks >= q.TimeAt!.Value.UtcTicks && ticks < q.EndTimeAt!.Value.UtcTicks,
        _ => true,
    };

    public Task<IReadOnlyList<RelationshipEdge>> GetIncomingAsync(string targetId, CancellationToken ct = default)
    {
        _indexLock.EnterReadLock();
        try
        {
            IReadOnlyList<RelationshipEdge> edges = _incoming.TryGetValue(targetId, out var list)
                ? [.. list.OrderBy(e => e.SourceId, StringComparer.Ordinal).ThenBy(e => e.Name, StringComparer.Ordinal)]
                : [];
            return Task.FromResult(edges);
        }
        finally
        {
            _indexLock.ExitReadLock();
        }
    }
}
