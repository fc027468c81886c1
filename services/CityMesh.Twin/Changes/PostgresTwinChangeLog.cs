using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Twin.Changes;

/// <summary>
/// The change log beside the PostgreSQL store, in its tables (<c>twin_change</c>, migration 2), so every replica of the
/// twin appends to and serves the same log and a watcher may resume on any of them. An append takes a transaction-level
/// advisory lock before it draws positions, so positions commit in order: a reader that has seen position N never
/// later finds a change below N appear. Changes older than <see cref="Retention"/> are trimmed (at most once a minute,
/// by whichever replica appends); readers learn of new changes by polling every <see cref="PollInterval"/>.
/// </summary>
public sealed class PostgresTwinChangeLog(NpgsqlDataSource dataSource, TimeSpan retention, TimeSpan pollInterval) : ITwinChangeLog
{
    private const long AppendLock = 0x436974794d657368; // "CityMesh": one lock for every replica appending
    private static readonly TimeSpan TrimEvery = TimeSpan.FromMinutes(1);

    private long _nextTrim = Environment.TickCount64;

    public TimeSpan Retention { get; } = retention;
    public TimeSpan PollInterval { get; } = pollInterval;

    public async Task<ChangePosition> HeadAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT epoch, greatest(trimmed_to, coalesce((SELECT max(position) FROM twin_change), 0)) FROM twin_change_log");
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) throw NotPrepared();
        return new ChangePosition(reader.GetString(0), reader.GetInt64(1));
    }

    public async Task AppendAsync(IReadOnlyList<ChangeText> changes, CancellationToken ct = default)
    {
        if (changes.Count == 0) return;
        var json = new string[changes.Count];
        for (var i = 0; i < json.Length; i++) json[i] = changes[i].Text;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await using (var lockLog = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, tx))
        {
            lockLog.Parameters.Add(new NpgsqlParameter { Value = AppendLock });
            await lockLog.ExecuteNonQueryAsync(ct);
        }
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO twin_change (position, change)
            SELECT nextval('twin_change_position'), c FROM unnest($1::jsonb[]) WITH ORDINALITY AS t(c, i) ORDER BY i
            """, connection, tx))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = json, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
            await insert.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        if (Environment.TickCount64 >= Interlocked.Read(ref _nextTrim)) await TrimAsync(connection, ct);
    }

    public async Task<IReadOnlyList<LoggedChange>> ReadAfterAsync(ChangePosition after, int max, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for the check and the read: a trim between them could otherwise pass unseen.
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await CheckAsync(connection, tx, after, ct);
        var changes = new List<LoggedChange>();
        await using (var command = new NpgsqlCommand(
            "SELECT position, coalesce(change->>'id', ''), coalesce(change->>'type', ''), change::text FROM twin_change WHERE position > $1 ORDER BY position LIMIT $2",
            connection, tx))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = after.Sequence });
            command.Parameters.Add(new NpgsqlParameter { Value = max });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
                changes.Add(new LoggedChange(after with { Sequence = reader.GetInt64(0) }, reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        await tx.CommitAsync(ct);
        return changes;
    }

    public async Task WaitAsync(ChangePosition after, CancellationToken ct = default)
    {
        var head = await HeadAsync(ct);
        if (head.Epoch != after.Epoch || head.Sequence != after.Sequence) return; // new changes, or gone: the read says which
        await Task.Delay(PollInterval, ct);
    }

    private async Task CheckAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ChangePosition after, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT epoch, trimmed_to, greatest(trimmed_to, coalesce((SELECT max(position) FROM twin_change), 0)) FROM twin_change_log", connection, tx);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) throw NotPrepared();
        var (epoch, trimmedTo, head) = (reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2));
        if (after.Epoch != epoch) throw new ChangePositionGoneException(after, "it is of another change log (the twin's database was replaced or reset)");
        if (after.Sequence > head) throw new ChangePositionGoneException(after, $"the log ends at {head}");
        if (after.Sequence < trimmedTo) throw new ChangePositionGoneException(after, $"changes up to {trimmedTo} were trimmed (kept for {Retention}, CityMesh:Twin:ChangeLogRetention)");
    }

    private async Task TrimAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        Interlocked.Exchange(ref _nextTrim, Environment.TickCount64 + (long)TrimEvery.TotalMilliseconds);
        await using var command = new NpgsqlCommand(
            """
            WITH gone AS (DELETE FROM twin_change WHERE recorded_at < now() - $1 RETURNING position)
            UPDATE twin_change_log SET trimmed_to = greatest(trimmed_to, (SELECT max(position) FROM gone))
            WHERE EXISTS (SELECT 1 FROM gone);
            """, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = Retention });
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Trims now, whatever the time since the last trim (tests).</summary>
    internal async Task TrimNowAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await TrimAsync(connection, ct);
    }

    private static InvalidOperationException NotPrepared() =>
        new("the twin's change log table is empty or missing: the store was not initialised (migration 2)");
}
