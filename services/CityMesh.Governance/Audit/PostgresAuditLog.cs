using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Governance.Audit;

/// <summary>
/// The deployments' audit log: table <c>audit_log</c> in the connection's first search-path schema. An append locks
/// the table against other appends, reads the head, and inserts the next record in one transaction, so writers from
/// any number of processes form one gap-free chain and a crash mid-write leaves the chain as it was. Triggers refuse
/// UPDATE, DELETE and TRUNCATE, and an INSERT that does not extend the chain: the table is append-only in the database
/// itself, not just in this code (<see cref="PostgresAuditSchema"/>). Details are kept as their canonical JSON text
/// (type <c>json</c> keeps text verbatim; <c>jsonb</c> would reorder it). The table's owner or a superuser can disable
/// the triggers: run the service as another role where that matters; verification finds the tampering either way.
/// </summary>
public sealed class PostgresAuditLog : IAuditLog, IAsyncDisposable
{
    public const string Table = "audit_log";

    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;
    private readonly AuditKeyRing _keys;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _initializing = new(1, 1);
    private volatile bool _initialized;

    /// <summary>The kind of the record that seals a table's legacy (unkeyed) records when it is first opened keyed.</summary>
    public const string KeyedKind = "audit.keyed";

    /// <param name="keys">The newest seals appends; a reader-only use (a verifier) never needs one.</param>
    public PostgresAuditLog(string connectionString, AuditKeyRing keys, TimeProvider? clock = null)
        : this(NpgsqlDataSource.Create(connectionString), keys, clock, ownsDataSource: true)
    {
    }

    public PostgresAuditLog(NpgsqlDataSource dataSource, AuditKeyRing keys, TimeProvider? clock = null)
        : this(dataSource, keys, clock, ownsDataSource: false)
    {
    }

    private PostgresAuditLog(NpgsqlDataSource dataSource, AuditKeyRing keys, TimeProvider? clock, bool ownsDataSource)
    {
        _dataSource = dataSource;
        _ownsDataSource = ownsDataSource;
        _keys = keys;
        _clock = clock ?? TimeProvider.System;
    }

    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>
    /// Creates the tables and their triggers if missing, or upgrades a legacy table. Idempotent, and safe when several
    /// processes start together (they queue on an advisory lock). Appends call it; reads do not, so a verifier never
    /// creates a table. A table whose last record is legacy (unkeyed) gets a keyed <see cref="KeyedKind"/> record
    /// at once: its MAC covers the last legacy hash and so, through the chain, every legacy record, which can no longer be
    /// rewritten unnoticed; from then on the insert trigger refuses unkeyed records.
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
            await SealLegacyAsync(ct);
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
        return await AppendAfterHeadAsync((_, _) => entry, ct) ?? throw new InvalidOperationException("an append always writes");
    }

    private Task SealLegacyAsync(CancellationToken ct) => AppendAfterHeadAsync((head, keyed) => head is null || keyed
        ? null
        : new AuditEntry("system:audit", KeyedKind, Table, JsonSerializer.SerializeToElement(new
        {
            legacyRecords = head.Sequence,
            legacyHead = head.ToString(),
            encoding = AuditChain.Version,
        })), ct);

    /// <summary>
    /// Locks the table against other appends, reads the head, and inserts the record <paramref name="entryAfter"/> makes
    /// of it (given the head and whether it is keyed), or nothing when it makes none.
    /// </summary>
    private async Task<AuditRecord?> AppendAfterHeadAsync(Func<AuditHead?, bool, AuditEntry?> entryAfter, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // EXCLUSIVE lets readers in but queues every other append until this one commits or rolls back.
        await using (var lockTable = new NpgsqlCommand($"LOCK TABLE {Table} IN EXCLUSIVE MODE", connection, transaction))
            await lockTable.ExecuteNonQueryAsync(ct);

        AuditHead? head = null;
        var keyed = false;
        await using (var read = new NpgsqlCommand($"SELECT sequence, hash, key_id IS NOT NULL FROM {Table} ORDER BY sequence DESC LIMIT 1", connection, transaction))
        await using (var reader = await read.ExecuteReaderAsync(ct))
            if (await reader.ReadAsync(ct)) (head, keyed) = (new AuditHead(reader.GetInt64(0), reader.GetString(1)), reader.GetBoolean(2));

        if (entryAfter(head, keyed) is not { } entry) return null;
        var record = AuditChain.Next(head, entry, _clock.GetUtcNow(), _keys.Sealing);
        await using (var insert = new NpgsqlCommand(
            $"INSERT INTO {Table} (sequence, at, actor, kind, subject, details, previous_hash, hash, key_id) VALUES ($1, $2, $3, $4, $5, $6::json, $7, $8, $9)",
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
            insert.Parameters.Add(new NpgsqlParameter { Value = record.KeyId });
            await insert.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return record;
    }

    public async Task<IReadOnlyList<AuditRecord>> ReadAsync(long afterSequence, int limit, CancellationToken ct = default)
    {
        AuditLogLimits.Check(afterSequence, limit);
        await using var command = _dataSource.CreateCommand(
            $"SELECT sequence, at, actor, kind, subject, details::text, previous_hash, hash, key_id FROM {Table} WHERE sequence > $1 ORDER BY sequence LIMIT $2");
        command.Parameters.Add(new NpgsqlParameter { Value = afterSequence });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var records = new List<AuditRecord>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            using var details = JsonDocument.Parse(reader.GetString(5));
            records.Add(new AuditRecord(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), details.RootElement.Clone(), reader.GetString(6), reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8)));
        }
        return records;
    }

    public async Task<AuditHead?> HeadAsync(CancellationToken ct = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT sequence, hash FROM {Table} ORDER BY sequence DESC LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new AuditHead(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public async ValueTask DisposeAsync()
    {
        _initializing.Dispose();
        if (_ownsDataSource) await _dataSource.DisposeAsync();
    }
}
