namespace CityMesh.Governance.Audit;

/// <summary>The embedded mode's audit log: the chain in memory, appends serialised by a lock. Gone when the process ends.</summary>
public sealed class MemoryAuditLog(AuditKeyRing keys, TimeProvider? clock = null) : IAuditLog
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly List<AuditRecord> _records = [];
    private readonly Lock _lock = new();

    public Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var record = AuditChain.Next(Head(), entry, _clock.GetUtcNow(), keys.Sealing);
            _records.Add(record);
            return Task.FromResult(record);
        }
    }

    public Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken ct = default)
    {
        AuditLogLimits.Check(afterSequence, limit);
        lock (_lock)
        {
            // Sequences are 1..Count without gaps, so the record after N sits at index N.
            var start = (int)Math.Min(Math.Max(afterSequence, 0), _records.Count);
            IReadOnlyList<AuditRecord> page = _records.GetRange(start, Math.Min(limit, _records.Count - start));
            return Task.FromResult(page);
        }
    }

    public Task<AuditHead?> HeadAsync(CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(Head());
    }

    private AuditHead? Head() => _records.Count == 0 ? null : new AuditHead(_records[^1].Sequence, _records[^1].Hash);
}
