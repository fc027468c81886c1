using System.Text.Json;
using CityMesh.Twin.Changes;
using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Twin.Subscriptions;

/// <summary>
/// Subscriptions in the twin's database (migration 4), in the same schema as the store they follow, so a tenant's
/// are in its schema. The notifier's position moves in the same transaction as the notifications it enqueues, and
/// pending notifications are rows until delivered or given up: a restart loses none. Claims take a transaction-level
/// advisory lock, so two replicas never claim the same notification.
/// </summary>
public sealed class PostgresSubscriptionStore(NpgsqlDataSource dataSource) : ISubscriptionStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web);

    private const string StatusColumns = "times_sent, times_failed, last_notification, last_success, last_failure, consecutive_errors, last_failure_reason";

    public async Task<bool> CreateAsync(Subscription subscription, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var inserted = await ExecuteAsync(connection, tx, "INSERT INTO ngsi_subscription (id, body) VALUES ($1, $2::jsonb) ON CONFLICT (id) DO NOTHING", ct,
            subscription.Id, JsonSerializer.Serialize(subscription, Json));
        if (inserted == 0) return false;
        await BumpVersionAsync(connection, tx, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<StoredSubscription?> GetAsync(string id, CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand($"SELECT body::text, {StatusColumns} FROM ngsi_subscription WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    public async Task<(IReadOnlyList<StoredSubscription> Items, int Total)> ListAsync(int offset, int limit, CancellationToken ct = default)
    {
        var items = new List<StoredSubscription>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using (var command = new NpgsqlCommand($"SELECT body::text, {StatusColumns} FROM ngsi_subscription ORDER BY id OFFSET $1 LIMIT $2", connection, tx))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = offset });
            command.Parameters.Add(new NpgsqlParameter { Value = limit });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) items.Add(Read(reader));
        }
        await using var count = new NpgsqlCommand("SELECT count(*) FROM ngsi_subscription", connection, tx);
        var total = (long)(await count.ExecuteScalarAsync(ct))!;
        await tx.CommitAsync(ct);
        return (items, (int)total);
    }

    public async Task<bool> ReplaceAsync(Subscription subscription, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await ExecuteAsync(connection, tx, "UPDATE ngsi_subscription SET body = $2::jsonb WHERE id = $1", ct,
                subscription.Id, JsonSerializer.Serialize(subscription, Json)) == 0)
            return false;
        await BumpVersionAsync(connection, tx, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await ExecuteAsync(connection, tx, "DELETE FROM ngsi_subscription WHERE id = $1", ct, id) == 0) return false;
        await BumpVersionAsync(connection, tx, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<long> VersionAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT version FROM ngsi_subscription_state");
        return (long)(await command.ExecuteScalarAsync(ct) ?? throw NotPrepared());
    }

    public async Task<ChangePosition?> CursorAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT cursor FROM ngsi_subscription_state");
        var cursor = await command.ExecuteScalarAsync(ct) ?? throw NotPrepared();
        return cursor is string text ? ChangePosition.Parse(text) : null;
    }

    public async Task<bool> AdvanceAsync(ChangePosition? from, ChangePosition to, IReadOnlyList<NewNotification> notifications, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await ExecuteAsync(connection, tx, "UPDATE ngsi_subscription_state SET cursor = $2 WHERE cursor IS NOT DISTINCT FROM $1", ct,
                (object?)from?.ToString() ?? DBNull.Value, to.ToString()) == 0)
            return false;
        await AddAsync(connection, tx, notifications, ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task EnqueueAsync(IReadOnlyList<NewNotification> notifications, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await AddAsync(connection, tx, notifications, ct);
        await tx.CommitAsync(ct);
    }

    private static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<NewNotification> notifications, CancellationToken ct)
    {
        var plain = new List<NewNotification>(notifications.Count);
        foreach (var n in notifications)
        {
            if (!n.Merge || n.EntityIds is null)
            {
                plain.Add(n);
                continue;
            }
            // Throttled: join the subscription's last notification if it has not been attempted or claimed yet.
            var merged = await ExecuteAsync(connection, tx, """
                UPDATE ngsi_notification SET entity_ids = (SELECT jsonb_agg(DISTINCT x) FROM jsonb_array_elements(entity_ids || $2::jsonb) x)
                WHERE id = (SELECT max(id) FROM ngsi_notification WHERE subscription_id = $1)
                  AND attempts = 0 AND claimed_until IS NULL AND entity_ids IS NOT NULL
                """, ct, n.SubscriptionId, JsonSerializer.Serialize(n.EntityIds));
            if (merged == 0) plain.Add(n);
        }
        if (plain.Count == 0) return;
        // Due no earlier than what the subscription already has waiting, so a retry holds back those behind it.
        await using var insert = new NpgsqlCommand("""
            INSERT INTO ngsi_notification (subscription_id, entity_ids, due_at)
            SELECT t.s, t.e, greatest(t.d, (SELECT max(due_at) FROM ngsi_notification n WHERE n.subscription_id = t.s))
            FROM unnest($1::text[], $2::jsonb[], $3::timestamptz[]) WITH ORDINALITY AS t(s, e, d, i)
            WHERE EXISTS (SELECT 1 FROM ngsi_subscription WHERE id = t.s)
            ORDER BY t.i
            """, connection, tx);
        insert.Parameters.Add(new NpgsqlParameter { Value = plain.Select(n => n.SubscriptionId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter
        {
            Value = plain.Select(n => n.EntityIds is null ? null : JsonSerializer.Serialize(n.EntityIds)).ToArray(),
            NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb,
        });
        insert.Parameters.Add(new NpgsqlParameter { Value = plain.Select(n => n.DueAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await insert.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<PendingNotification>> ClaimDueAsync(DateTimeOffset now, int max, int perSubscription, TimeSpan lease, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, tx, "SELECT pg_advisory_xact_lock(hashtext('citymesh.subscriptions.claim:' || current_schema()))", ct);
        // A subscription whose first notification waits (not due, or claimed) holds the rest back: in order.
        await using var command = new NpgsqlCommand("""
            WITH ordered AS (
                SELECT id,
                       bool_or(due_at > $1 OR coalesce(claimed_until > $1, false)) OVER (PARTITION BY subscription_id ORDER BY id) AS blocked,
                       row_number() OVER (PARTITION BY subscription_id ORDER BY id) AS nth
                FROM ngsi_notification
            ), picked AS (SELECT id FROM ordered WHERE NOT blocked AND nth <= $4 ORDER BY id LIMIT $2)
            UPDATE ngsi_notification n SET claimed_until = $1 + $3 FROM picked WHERE n.id = picked.id
            RETURNING n.id, n.subscription_id, n.entity_ids::text, n.due_at, n.attempts
            """, connection, tx);
        command.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = max });
        command.Parameters.Add(new NpgsqlParameter { Value = lease });
        command.Parameters.Add(new NpgsqlParameter { Value = (long)perSubscription });
        var claimed = new List<PendingNotification>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var ids = reader.IsDBNull(2) ? null : JsonSerializer.Deserialize<string[]>(reader.GetString(2));
                claimed.Add(new PendingNotification(reader.GetInt64(0), reader.GetString(1), ids, reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt32(4)));
            }
        }
        await tx.CommitAsync(ct);
        claimed.Sort((a, b) => a.Id.CompareTo(b.Id));
        return claimed;
    }

    public async Task ReleaseAsync(IReadOnlyList<PendingNotification> notifications, DateTimeOffset? notBefore = null, CancellationToken ct = default)
    {
        if (notifications.Count == 0) return;
        await using var command = dataSource.CreateCommand(
            "UPDATE ngsi_notification SET claimed_until = NULL, due_at = greatest(due_at, coalesce($2, due_at)) WHERE id = ANY($1)");
        command.Parameters.Add(new NpgsqlParameter { Value = notifications.Select(n => n.Id).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = notBefore is { } at ? at.UtcDateTime : DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken ct = default)
    {
        await using var command = dataSource.CreateCommand("SELECT min(greatest(due_at, coalesce(claimed_until, due_at))) FROM ngsi_notification");
        return await command.ExecuteScalarAsync(ct) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }

    public async Task CompleteAsync(PendingNotification notification, DeliveryAttempt? attempt, DateTimeOffset? retryAt, CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (attempt is not null)
        {
            DeliveryStatus? status = null;
            await using (var read = new NpgsqlCommand($"SELECT NULL, {StatusColumns} FROM ngsi_subscription WHERE id = $1 FOR UPDATE", connection, tx))
            {
                read.Parameters.Add(new NpgsqlParameter { Value = notification.SubscriptionId });
                await using var reader = await read.ExecuteReaderAsync(ct);
                if (await reader.ReadAsync(ct)) status = ReadStatus(reader);
            }
            if (status is not null) await WriteStatusAsync(connection, tx, notification.SubscriptionId, status.After(attempt), ct);
        }
        if (retryAt is not { } at)
        {
            await ExecuteAsync(connection, tx, "DELETE FROM ngsi_notification WHERE id = $1", ct, notification.Id);
        }
        else
        {
            var due = at.UtcDateTime;
            await ExecuteAsync(connection, tx, "UPDATE ngsi_notification SET due_at = $2, attempts = attempts + 1, claimed_until = NULL WHERE id = $1", ct, notification.Id, due);
            // The ones behind it wait for it, so a subscription's notifications arrive in order.
            await ExecuteAsync(connection, tx, "UPDATE ngsi_notification SET due_at = greatest(due_at, $3) WHERE subscription_id = $1 AND id > $2", ct,
                notification.SubscriptionId, notification.Id, due);
        }
        await tx.CommitAsync(ct);
    }

    private static Task WriteStatusAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string id, DeliveryStatus s, CancellationToken ct) =>
        ExecuteAsync(connection, tx, """
            UPDATE ngsi_subscription SET times_sent = $2, times_failed = $3, last_notification = $4, last_success = $5, last_failure = $6,
                consecutive_errors = $7, last_failure_reason = $8
            WHERE id = $1
            """, ct, id, s.TimesSent, s.TimesFailed, Time(s.LastNotification), Time(s.LastSuccess), Time(s.LastFailure), s.ConsecutiveErrors,
            (object?)s.LastFailureReason ?? DBNull.Value);

    private static object Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime : DBNull.Value;

    private static StoredSubscription Read(NpgsqlDataReader reader) =>
        new(JsonSerializer.Deserialize<Subscription>(reader.GetString(0), Json)!, ReadStatus(reader));

    /// <summary>The status columns, from the second on (<see cref="StatusColumns"/>).</summary>
    private static DeliveryStatus ReadStatus(NpgsqlDataReader reader)
    {
        DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
        return new DeliveryStatus
        {
            TimesSent = reader.GetInt64(1),
            TimesFailed = reader.GetInt64(2),
            LastNotification = At(3),
            LastSuccess = At(4),
            LastFailure = At(5),
            ConsecutiveErrors = reader.GetInt32(6),
            LastFailureReason = reader.IsDBNull(7) ? null : reader.GetString(7),
        };
    }

    private static Task BumpVersionAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct) =>
        ExecuteAsync(connection, tx, "UPDATE ngsi_subscription_state SET version = version + 1", ct);

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct, params object?[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var value in values) command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static InvalidOperationException NotPrepared() =>
        new("the subscription tables are empty or missing: the twin's store was not initialised (migration 4)");
}
