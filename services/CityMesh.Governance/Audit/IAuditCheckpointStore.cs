namespace CityMesh.Governance.Audit;

/// <summary>
/// Where signed checkpoints are kept beside the log (a table in PostgreSQL, a list in memory), and which of them each
/// witness has received, so an export that failed is retried after a restart too.
/// </summary>
public interface IAuditCheckpointStore
{
    /// <summary>Stores <paramref name="checkpoint"/>; false when one at its sequence is already stored (another process made it).</summary>
    Task<bool> AddAsync(AuditCheckpoint checkpoint, CancellationToken ct = default);

    /// <summary>Every checkpoint, in sequence order.</summary>
    Task<IReadOnlyList<AuditCheckpoint>> ReadAsync(CancellationToken ct = default);

    /// <summary>The latest checkpoint; null when none.</summary>
    Task<AuditCheckpoint?> LatestAsync(CancellationToken ct = default);

    /// <summary>Checkpoints <paramref name="witness"/> has not received, in sequence order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditCheckpoint>> PendingAsync(string witness, int limit, CancellationToken ct = default);

    /// <summary>Notes that <paramref name="witness"/> holds the checkpoint at <paramref name="sequence"/>.</summary>
    Task MarkExportedAsync(string witness, long sequence, CancellationToken ct = default);
}
