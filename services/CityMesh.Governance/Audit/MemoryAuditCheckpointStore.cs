namespace CityMesh.Governance.Audit;

/// <summary>The embedded mode's checkpoints: a list in memory beside <see cref="MemoryAuditLog"/>.</summary>
public sealed class MemoryAuditCheckpointStore : IAuditCheckpointStore
{
    private readonly SortedList<long, AuditCheckpoint> _checkpoints = [];
    private readonly HashSet<(string Witness, long Sequence)> _exported = [];
    private readonly Lock _lock = new();

    public Task<bool> AddAsync(AuditCheckpoint checkpoint, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_checkpoints.TryAdd(checkpoint.Sequence, checkpoint));
    }

    public Task<IReadOnlyList<AuditCheckpoint>> ReadAsync(CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<AuditCheckpoint>>([.. _checkpoints.Values]);
    }

    public Task<AuditCheckpoint?> LatestAsync(CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_checkpoints.Count == 0 ? null : _checkpoints.Values[^1]);
    }

    public Task<IReadOnlyList<AuditCheckpoint>> PendingAsync(string witness, int limit, CancellationToken ct = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<AuditCheckpoint>>([.. _checkpoints.Values.Where(c => !_exported.Contains((witness, c.Sequence))).Take(limit)]);
    }

    public Task MarkExportedAsync(string witness, long sequence, CancellationToken ct = default)
    {
        lock (_lock) _exported.Add((witness, sequence));
        return Task.CompletedTask;
    }
}
