namespace CityMesh.Governance.Audit;

/// <summary>
/// The append-only, MAC-chained audit log: PostgreSQL in deployments, memory in the embedded mode. Both pass the
/// same contract tests. Appends are serialised so the chain has one order even with several writers.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="entry"/> after the current head, sealed with the newest key, and returns the stored record.</summary>
    Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>Records with a sequence above <paramref name="afterSequence"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken ct = default);

    /// <summary>The last record's sequence and hash; null for an empty log.</summary>
    Task<AuditHead?> HeadAsync(CancellationToken ct = default);
}
