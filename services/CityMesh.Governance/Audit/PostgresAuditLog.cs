using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Governance.Audit;

/// <summary>
/// The deployments' audit log: table <c>audit_log</c> in the connection's first search-path schema. An append locks
/// the table against other appends, reads the head, and inserts the next record in one transaction, so writers from
/// any number of processes form one gap-free chain and a crash mid-write leaves the chain as it was. A trigger refuses
/// UPDATE, DELETE and TRUNCATE: the table is append-only in the database itself, not just in this code. Details are
/// kept as their canonical JSON text (type <c>json</c> keeps text verbatim; <c>jsonb</c> would reorder it).
/// The table's owner or a superuser can disable the trigger: run the service as another role where that matters;
/// verification finds the tampering either way.
/// </summary>
public sealed class PostgresAuditLog : IAuditLog, IAsyncDisposable
{
    public const string Table = "audit_log";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private volatile bool _initialized;

    public PostgresAuditLog(string connectionString, TimeProvider? clock = null)
        : this(NpgsqlDataSource.Create(connectionString), clock, ownsDataSource: true)
    {
    }

    public PostgresAuditLog(NpgsqlDataSource dataSource, TimeProvider? clock = null)
        : this(dataSource, clock, ownsDataSource: false)
    {
    }

    private PostgresAuditLog(NpgsqlDataSource dataSource, TimeProvider? clock, bool ownsDataSource)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>
    /// Creates the table and its append-only trigger if missing. Idempotent, and safe when several processes start
    /// together (they queue on an advisory lock). Appends call it; reads do not, so a verifier never creates a table.
    /// </summary>
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (_initialized) return;
        await _initializing.WaitAsync(ct);
        try
        {
            if (_initialized) return;
            await using var connection = await _dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var command = new NpgsqlCommand(PostgresAuditSchema.Create, connection, transaction)) await command.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
            _initialized = true;
        }
        finally
        {
            _initializing.Release();
        }
    }

    public async Task<AuditRecord> AppendAsync(AuditEntry entry, CancellationToken ct = default)
    {
        await InitializeAsync(ct);
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // EXCLUSIVE lets readers in but queues every other append until this one commits or rolls back.
        await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {Table} IN EXCLUSIVE MODE", connection, transaction))
            await lockTable.ExecuteNonQueryAsync(ct);

        AuditHead? head = null;
        await using (var read = new NpgsqlCommand($"SELECT sequence, hash FROM {Table} ORDER BY sequence DESC LIMIT 1", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(ct))
            if (await reader.ReadAsync(ct)) head = new AuditHead(reader.GetInt64(0), reader.GetString(1));

        var record = AuditChain.Next(head, entry, _clock.GetUtcNow());
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO {Table} (sequence, at, actor, kind, subject, details, previous_hash, hash) VALUES ($1, $2, $3, $4, $5, $6::json, $7, $8)",
            connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = record.Sequence });
            insert.Parameters.Add(new NpgsqlParameter { Value = record.At, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            insert.Parameters.Add(new NpgsqlParameter { Value = record.Actor });
            insert.Parameters.Add(new NpgsqlParameter { Value = record.Kind });
            insert.Parameters.Add(new NpgsqlParameter { Value = record.Subject });
            insert.Parameters.Add(new NpgsqlParameter { Value = CanonicalJson.Serialize(record.Details), NpgsqlDbType = NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = record.PreviousHash });
            insert.Parameters.Add(new NpgsqlParameter { Value = record.Hash });
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return record;
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken ct = default)
    {
        AuditLogLimits.Check(afterSequence, limit);
        await using var command = _dataSource.CreateCommand(
            $"SELECT sequence, at, actor, kind, subject, details::text, previous_hash, hash FROM {Table} WHERE sequence > $1 ORDER BY sequence LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = afterSequence });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            using var details = JsonDocument.Parse(reader.GetString(5));
            records.Add(new AuditRecord(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), details.RootElement.Clone(), reader.GetString(6), reader.GetString(7)));
        }
        return records;
    }

    public async ValueTask DisposeAsync()
    {
        _initializing.Dispose();
        if (_ownsDataSource) await _dataSource.DisposeAsync();
    }
}
