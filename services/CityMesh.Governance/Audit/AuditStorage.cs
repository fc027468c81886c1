namespace CityMesh.Governance.Audit;

/// <summary>The log and its checkpoints, in the store the settings name: both in memory, or both in one PostgreSQL schema.</summary>
public sealed class AuditStorage(IAuditLog log, IAuditCheckpointStore checkpoints)
{
    public IAuditLog Log { get; } = log;

    public IAuditCheckpointStore Checkpoints { get; } = checkpoints;

    /// <exception cref="InvalidOperationException">A setting is wrong; the message names it.</exception>
    public static AuditStorage From(AuditLogOptions options, AuditKeyRing keys, TimeProvider clock)
    {
        if (options.Store == "memory") return new AuditStorage(new MemoryAuditLog(keys, clock), new MemoryAuditCheckpointStore());
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new InvalidOperationException($"{AuditLogOptions.Section}:ConnectionString is required when {AuditLogOptions.Section}:Store is 'postgres'");
        var log = new PostgresAuditLog(options.ConnectionString, keys, clock);
        return new AuditStorage(log, new PostgresAuditCheckpointStore(log.DataSource));
    }
}
