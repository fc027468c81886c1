namespace CityMesh.Governance.Audit;

/// <summary>
/// The append-only, hash-chained audit log: PostgreSQL in deployments, memory in the embedded mode. Both pass the
/// same contract tests. Appends are serialised so the chain has one order even with several writers.
/// </summary>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="entry"/> after the current head and returns the stored record.</summary>
    Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken ct = default);

    /// <summary>Records with a sequence above <paramref name="afterSequence"/>, in order, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken ct = default);
}
