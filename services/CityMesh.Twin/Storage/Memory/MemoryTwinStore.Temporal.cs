using CityMesh.Twin.Model;
using CityMesh.Twin.Query;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>The temporal API's reads: each dynamic property's kept observations, filtered in time and by lastN.</summary>
public sealed partial class MemoryTwinStore
{
    public Task<TemporalEntity?> GetHistoryAsync(TemporalQuery query, CancellationToken ct = default) =>
        Task.FromResult(ReadHistory(query, (record, selected) =>
        {
            var attributes = new Dictionary<string, IReadOnlyList<Property>>(StringComparer.Ordinal);
            foreach (var (name, entries) in selected)
            {
                var series = new Property[entries.Length];
                for (var i = 0; i < entries.Length; i++)
                    series[i] = new Property(entries[i].Value, entries[i].UnitCode, new DateTimeOffset(entries[i].Ticks, TimeSpan.Zero));
                attributes[name] = series;
            }
            return new TemporalEntity(record.Id, record.Type, attributes);
        }));

    public Task<AggregatedEntity?> AggregateHistoryAsync(TemporalQuery query, TemporalAggregation aggregation, CancellationToken ct = default) =>
        Task.FromResult(ReadHistory(query, (record, selected) =>
        {
            var attributes = new Dictionary<string, AggregatedAttribute>(StringComparer.Ordinal);
            foreach (var (name, entries) in selected) attributes[name] = HistoryAggregator.Aggregate(query, aggregation, entries);
            return new AggregatedEntity(record.Id, record.Type, attributes);
        }));

    /// <summary>
    /// Hands <paramref name="shape"/> each attribute's selected entries (oldest first, none empty) under the record's
    /// lock; null when there is no entity. Only default instances have history the API serves (as PostgreSQL keeps it).
    /// </summary>
    private T? ReadHistory<T>(TemporalQuery query, Func<EntityRecord, List<(string Name, HistoryEntry[] Entries)>, T> shape) where T : class
    {
        if (!_entities.TryGetValue(query.EntityId, out var record)) return null;
        lock (record)
        {
            if (record.Deleted) return null;
            var selected = new List<(string, HistoryEntry[])>();
            foreach (var slot in record.Attributes)
            {
                if (slot.History is null || slot.DatasetId is not null || (query.Attrs is not null && !query.Attrs.Contains(slot.Name))) continue;
                var entries = slot.History.Entries;
                var from = 0;
                var to = entries.Length;
                while (from < to && !InTime(query, entries[from].Ticks)) from++;
                while (to > from && !InTime(query, entries[to - 1].Ticks)) to--;
                if (query.LastN is { } n && to - from > n) from = to - n;
                if (to > from) selected.Add((slot.Name, entries[from..to].ToArray()));
            }
            return shape(record, selected);
        }
    }

    /// <summary>Every relation selects one contiguous run of the (time-ordered) history.</summary>
    private static bool InTime(TemporalQuery q, long ticks) => q.Relation switch
    {
        TimeRelation.Before => ticks < q.TimeAt!.Value.UtcTicks,
        TimeRelation.After => ticks > q.TimeAt!.Value.UtcTicks,
        TimeRelation.Between => ticks >= q.TimeAt!.Value.UtcTicks && ticks < q.EndTimeAt!.Value.UtcTicks,
        _ => true,
    };
}

/// <summary>The temporal API's edits of history.</summary>
public sealed partial class MemoryTwinStore
{
    public Task<HistoryEdit> ReplaceInstanceAsync(string entityId, string attribute, DateTimeOffset observedAt, TwinValue value, string? unitCode,
        CancellationToken ct = default)
    {
        EntityValidator.ValidateProperty(attribute, new Property(value, unitCode));
        return Task.FromResult(EditInstance(entityId, attribute, observedAt, (record, slot, index) =>
        {
            slot.History!.Replace(index, value, unitCode);
            if (slot.ObservedTicks != observedAt.UtcTicks) return;
            slot.Value = value;
            slot.UnitCode = unitCode;
        }));
    }

    public Task<HistoryEdit> DeleteInstanceAsync(string entityId, string attribute, DateTimeOffset observedAt, CancellationToken ct = default) =>
        Task.FromResult(EditInstance(entityId, attribute, observedAt, (record, slot, index) =>
        {
            var history = slot.History!;
            history.RemoveAt(index);
            if (slot.ObservedTicks != observedAt.UtcTicks) return;
            if (history.Count == 0)
            {
                RemoveAttribute(record, attribute);
                return;
            }
            var newest = history.Entries[^1];
            slot.Value = newest.Value;
            slot.UnitCode = newest.UnitCode;
            slot.ObservedTicks = newest.Ticks;
        }));

    /// <summary>Runs an edit of a property's history entry under the record's lock; the entity's modifiedAt moves.</summary>
    private HistoryEdit EditInstance(string entityId, string attribute, DateTimeOffset observedAt, Action<EntityRecord, AttributeSlot, int> edit) =>
        Edit(entityId, record =>
        {
            var slot = record.Find(attribute);
            if (slot is null || slot.IsRelationship || slot.History is null) return HistoryEdit.NoAttribute;
            var index = slot.History.IndexOf(observedAt.UtcTicks);
            if (index < 0) return HistoryEdit.NoInstance;
            edit(record, slot, index);
            return HistoryEdit.Done;
        });

    private HistoryEdit Edit(string entityId, Func<EntityRecord, HistoryEdit> edit)
    {
        if (!_entities.TryGetValue(entityId, out var record)) return HistoryEdit.NoEntity;
        lock (record)
        {
            if (record.Deleted) return HistoryEdit.NoEntity;
            var outcome = edit(record);
            if (outcome == HistoryEdit.Done) record.ModifiedTicks = DateTime.UtcNow.Ticks;
            return outcome;
        }
    }

    /// <summary>Every instance of the attribute goes; a relationship's edges leave the indexes. The caller holds the lock.</summary>
    private void RemoveAttribute(EntityRecord record, string attribute)
    {
        var was = IndexPlacement.Of(record);
        record.Attributes = [.. record.Attributes.Where(s => s.Name != attribute)];
        _indexes.Move(record, was, IndexPlacement.Of(record));
    }
}
