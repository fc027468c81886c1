using System.Buffers;
using CityMesh.Twin.Model;

namespace CityMesh.Twin.Storage.Memory;

/// <summary>The telemetry path: many observations a call, each entity's share applied under its own lock.</summary>
public sealed partial class MemoryTwinStore
{
    /// <summary>Batches at least this large are spread over every core.</summary>
    private const int ParallelBatch = 16_384;

    private readonly Lock _chainGate = new();
    private long _batchStamp;

    public Task<ObservationBatchResult> ApplyAsync(IReadOnlyList<Observation> observations, CancellationToken ct = default)
    {
        var count = observations.Count;
        var outcomes = new ObservationOutcome[count];
        var now = DateTime.UtcNow.Ticks;

        // Find each observation's entity (in parallel for big batches: hashing ids is most of the work). The working
        // arrays are pooled: a batch's would otherwise be large objects, reclaimed only by full collections.
        var records = ArrayPool<EntityRecord?>.Shared.Rent(count);
        var next = ArrayPool<int>.Shared.Rent(count);
        var heads = ArrayPool<(EntityRecord Record, int First)>.Shared.Rent(count);
        try
        {
            ApplyBatch(observations, outcomes, records, next, heads, now);
        }
        finally
        {
            ArrayPool<EntityRecord?>.Shared.Return(records, clearArray: true);
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<(EntityRecord Record, int First)>.Shared.Return(heads, clearArray: true);
        }
        return Task.FromResult(new ObservationBatchResult(outcomes));
    }

    private void ApplyBatch(IReadOnlyList<Observation> observations, ObservationOutcome[] outcomes, EntityRecord?[] records, int[] next,
        (EntityRecord Record, int First)[] heads, long now)
    {
        var count = observations.Count;
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
        var headCount = 0;
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
                    heads[headCount++] = (record, i);
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

        if (count >= ParallelBatch) Parallel.For(0, headCount, h => ApplyChain(heads[h])); // across entities, use every core
        else for (var h = 0; h < headCount; h++) ApplyChain(heads[h]);
    }

    /// <summary>One observation on one entity; the caller holds the record's lock.</summary>
    private ObservationOutcome Apply(EntityRecord record, in Observation o)
    {
        var ticks = o.ObservedAt.UtcTicks;
        var slot = record.Find(o.Attribute);
        if (slot is null)
        {
            if (!IsValidObservation(o) || record.IsRelationship(o.Attribute) == true) return ObservationOutcome.InvalidAttribute;
            slot = new AttributeSlot(Intern(o.Attribute), isRelationship: false);
            record.Add(slot);
        }
        // The slot's name was checked when it was made; the value is new with every observation.
        else if (!EntityValidator.IsValidValue(o.Value, o.UnitCode)) return ObservationOutcome.InvalidAttribute;
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
}
