using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Governance.Audit;

/// <summary>
/// Checkpoints in table <c>audit_checkpoint</c> (append-only like the log) and which witness holds which in
/// <c>audit_checkpoint_export</c>, beside the log in the same schema; <see cref="PostgresAuditLog.InitializeAsync"/>
/// creates both. Several processes may checkpoint the same head: the first insert wins, the others are ignored.
/// </summary>
public sealed class PostgresAuditCheckpointStore(NpgsqlDataSource dataSource) : IAuditCheckpointStore
{
    private const string Columns = "sequence, hash, at, count, signer, signature";

    public async Task<bool> AddAsync(AuditCheckpoint checkpoint, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {PostgresAuditSchema.Checkpoints} ({Columns}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (sequence) DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Sequence });
        command.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Hash });
        command.Parameters.Add(new NpgsqlParameter { Value = checkpoint.At, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Count });
        command.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Signer });
        command.Parameters.Add(new NpgsqlParameter { Value = checkpoint.Signature });
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public Task<IReadOnlyList<AuditCheckpoint>> ReadAsync(CancellationToken ct = default) =>
        QueryAsync($"SELECT {Columns} FROM {PostgresAuditSchema.Checkpoints} ORDER BY sequence", ct);

    public async Task<AuditCheckpoint?> LatestAsync(CancellationToken ct = default) =>
        (await QueryAsync($"SELECT {Columns} FROM {PostgresAuditSchema.Checkpoints} ORDER BY sequence DESC LIMIT 1", ct)).SingleOrDefault();

    public Task<IReadOnlyList<AuditCheckpoint>> PendingAsync(string witness, int limit, CancellationToken ct = default) =>
        QueryAsync($"""
            SELECT {Columns} FROM {PostgresAuditSchema.Checkpoints} c
            WHERE NOT EXISTS (SELECT 1 FROM {PostgresAuditSchema.Exports} e WHERE e.witness = $1 AND e.sequence = c.sequence)
            ORDER BY sequence LIMIT $2
            """, ct, witness, limit);

    public async Task MarkExportedAsync(string witness, long sequence, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {PostgresAuditSchema.Exports} (witness, sequence) VALUES ($1, $2) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new NpgsqlParameter { Value = witness });
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task<IReadOnlyList<AuditCheckpoint>> QueryAsync(string sql, CancellationToken ct, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in parameters) command.Parameters.Add(new NpgsqlParameter { Value = value });
        var checkpoints = new List<AuditCheckpoint>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            checkpoints.Add(new AuditCheckpoint(reader.GetInt64(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetInt64(3), reader.GetString(4), reader.GetString(5)));
        return checkpoints;
    }
}
