using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Twin.Storage.Postgres;

/// <summary>The temporal API's reads: attribute_history filtered in time and by lastN, as instances or aggregated in SQL.</summary>
public sealed partial class PostgresTwinStore
{
    public Task<TemporalEntity?> GetHistoryAsync(TemporalQuery query, CancellationToken ct = default)
    {
        var p = new SqlParameters();
        var series = p.Command($"""
            SELECT x.name, x.observed_at, x.value_kind, x.num, x.txt, x.unit_code FROM ({SelectedHistory(query, p)}) x
            ORDER BY x.name, x.observed_at
            """);
        return ReadHistoryAsync(query.EntityId, series, async (type, reader) =>
        {
            var attributes = new Dictionary<string, IReadOnlyList<Property>>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                if (!attributes.TryGetValue(name, out var list)) attributes[name] = list = new List<Property>();
                ((List<Property>)list).Add(new Property(
                    ValueColumns.Read(reader.GetInt16(2), EntityRows.NullableDouble(reader, 3), EntityRows.NullableString(reader, 4)),
                    EntityRows.NullableString(reader, 5),
                    reader.GetFieldValue<DateTimeOffset>(1)));
            }
            return new TemporalEntity(query.EntityId, type, attributes);
        }, ct);
    }

    /// <summary>
    /// One row per attribute and period that holds instances. Periods are counted in whole microseconds from the
    /// origin (timeAt, or the attribute's oldest selected instance); numeric aggregates take numbers only (value_kind 0).
    /// </summary>
    public Task<AggregatedEntity?> AggregateHistoryAsync(TemporalQuery query, TemporalAggregation aggregation, CancellationToken ct = default)
    {
        var p = new SqlParameters();
        var selected = SelectedHistory(query, p);
        var origin = query.Relation is TimeRelation.After or TimeRelation.Between
            ? p.Add(ValueColumns.ToMicroseconds(query.TimeAt!.Value), NpgsqlDbType.TimestampTz)
            : "min(s.observed_at) OVER (PARTITION BY s.name)";
        var bucket = aggregation.Period is { } period
            ? $"floor((extract(epoch FROM s.observed_at) - extract(epoch FROM {origin})) * 1000000 / {p.Add(period.Ticks / 10, NpgsqlDbType.Bigint)})::bigint"
            : "0::bigint";
        const string numbers = "FILTER (WHERE b.value_kind = 0)";
        var aggregates = p.Command($"""
            SELECT b.name, b.bucket, min(min(b.observed_at)) OVER w, max(max(b.observed_at)) OVER w,
                   count(*), count(DISTINCT (b.value_kind, b.num, b.txt)),
                   sum(b.num) {numbers}, avg(b.num) {numbers}, min(b.num) {numbers}, max(b.num) {numbers},
                   stddev_pop(b.num) {numbers}, sum(b.num * b.num) {numbers}
            FROM (SELECT s.*, {bucket} AS bucket FROM ({selected}) s) b
            GROUP BY b.name, b.bucket
            WINDOW w AS (PARTITION BY b.name)
            ORDER BY b.name, b.bucket
            """);
        return ReadHistoryAsync(query.EntityId, aggregates, async (type, reader) =>
        {
            var attributes = new Dictionary<string, AggregatedAttribute>(StringComparer.Ordinal);
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                if (!attributes.TryGetValue(name, out var attribute))
                {
                    attributes[name] = attribute = new AggregatedAttribute(reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3), new List<AggregateValues>());
                }
                ((List<AggregateValues>)attribute.Periods).Add(new AggregateValues(reader.GetInt64(1), reader.GetInt64(4), reader.GetInt64(5),
                    EntityRows.NullableDouble(reader, 6), EntityRows.NullableDouble(reader, 7), EntityRows.NullableDouble(reader, 8),
                    EntityRows.NullableDouble(reader, 9), EntityRows.NullableDouble(reader, 10), EntityRows.NullableDouble(reader, 11)));
            }
            return new AggregatedEntity(query.EntityId, type, attributes);
        }, ct);
    }

    /// <summary>
    /// The kept history rows a temporal query selects (name, observed_at, value_kind, num, txt, unit_code). age ranks
    /// all of a property's rows (only the newest depth are kept, whatever trimming left behind); recent ranks what the
    /// time filter let through, for lastN.
    /// </summary>
    private string SelectedHistory(TemporalQuery query, SqlParameters p)
    {
        var id = p.Text(query.EntityId);
        var conditions = new List<string> { $"k.age <= {p.Add(_historyDepth, NpgsqlDbType.Integer)}" };
        if (query.Relation is { } relation)
        {
            var at = p.Add(ValueColumns.ToMicroseconds(query.TimeAt ?? throw new ArgumentException("timeAt is required with a time relation", nameof(query))), NpgsqlDbType.TimestampTz);
            conditions.Add(relation switch
            {
                TimeRelation.Before => $"k.observed_at < {at}",
                TimeRelation.After => $"k.observed_at > {at}",
                _ => $"k.observed_at >= {at} AND k.observed_at < {p.Add(ValueColumns.ToMicroseconds(query.EndTimeAt ?? throw new ArgumentException("endTimeAt is required with between", nameof(query))), NpgsqlDbType.TimestampTz)}",
            });
        }
        var attrs = query.Attrs is null ? "" : $"AND h.name = ANY({p.TextArray(query.Attrs)})";
        var lastN = query.LastN is { } n ? $"WHERE r.recent <= {p.Add(n, NpgsqlDbType.Integer)}" : "";
        return $"""
            SELECT r.name, r.observed_at, r.value_kind, r.num, r.txt, r.unit_code FROM (
                SELECT k.*, row_number() OVER (PARTITION BY k.name ORDER BY k.observed_at DESC) AS recent FROM (
                    SELECT h.*, row_number() OVER (PARTITION BY h.name ORDER BY h.observed_at DESC) AS age
                    FROM attribute_history h WHERE h.entity_id = {id} {attrs}
                ) k WHERE {string.Join(" AND ", conditions)}
            ) r {lastN}
            """;
    }

    /// <summary>Runs <paramref name="rows"/> after looking the entity's type up; null when there is no entity.</summary>
    private Task<T?> ReadHistoryAsync<T>(string entityId, NpgsqlBatchCommand rows, Func<string, NpgsqlDataReader, Task<T>> read, CancellationToken ct)
        where T : class => WithConnectionAsync<T?>(async connection =>
        {
            var type = new NpgsqlBatchCommand("SELECT type FROM entity WHERE id = $1") { Parameters = { new() { Value = entityId } } };
            await using var batch = new NpgsqlBatch(connection) { BatchCommands = { type, rows } };
            await using var reader = await batch.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct)) return null;
            var entityType = reader.GetString(0);
            await reader.NextResultAsync(ct);
            return await read(entityType, reader);
        }, ct);
}

/// <summary>
/// The temporal API's edits of history. Each locks the entity row first, as every writer does, then works on the
/// attribute's row (its current value and history bookkeeping) and its attribute_history rows.
/// </summary>
public sealed partial class PostgresTwinStore
{
    public Task<HistoryEdit> ReplaceInstanceAsync(string entityId, string attribute, DateTimeOffset observedAt, TwinValue value, string? unitCode,
        CancellationToken ct = default)
    {
        EntityValidator.ValidateProperty(attribute, new Property(value, unitCode));
        var at = ValueColumns.ToMicroseconds(observedAt);
        return EditInstanceAsync(entityId, attribute, at, async (connection, transaction, current) =>
        {
            object[] values = [entityId, attribute, at, ValueColumns.KindOf(value), (object?)ValueColumns.NumOf(value) ?? DBNull.Value,
                (object?)ValueColumns.TxtOf(value) ?? DBNull.Value, (object?)unitCode ?? DBNull.Value];
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    Statement("UPDATE attribute_history SET value_kind = $4, num = $5::float8, txt = $6::text, unit_code = $7::text WHERE entity_id = $1 AND name = $2 AND observed_at = $3", values),
                },
            };
            // The current value lives in the attribute's row as well (whose columns win over its shape document).
            if (current == at)
            {
                batch.BatchCommands.Add(Statement(
                    "UPDATE entity_attribute SET value_kind = $3, num = $4::float8, txt = $5::text, unit_code = $6::text, modified_at = now() WHERE entity_id = $1 AND name = $2",
                    [.. values.Where((_, i) => i != 2)]));
            }
            await batch.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    public Task<HistoryEdit> DeleteInstanceAsync(string entityId, string attribute, DateTimeOffset observedAt, CancellationToken ct = default)
    {
        var at = ValueColumns.ToMicroseconds(observedAt);
        return EditInstanceAsync(entityId, attribute, at, async (connection, transaction, current) =>
        {
            // The row's bookkeeping follows: one history row fewer, and the newest instant left. When the current value
            // went, the newest remaining instant becomes current; when nothing remains, the attribute goes.
            await using var batch = new NpgsqlBatch(connection, transaction)
            {
                BatchCommands =
                {
                    Statement("DELETE FROM attribute_history WHERE entity_id = $1 AND name = $2 AND observed_at = $3", entityId, attribute, at),
                    Statement("""
                        WITH newest AS (
                            SELECT observed_at, value_kind, num, txt, unit_code FROM attribute_history
                            WHERE entity_id = $1 AND name = $2 ORDER BY observed_at DESC LIMIT 1
                        )
                        UPDATE entity_attribute a SET
                            history_rows = greatest(a.history_rows - 1, 0),
                            history_newest = n.observed_at,
                            value_kind = CASE WHEN $3 THEN n.value_kind ELSE a.value_kind END,
                            num = CASE WHEN $3 THEN n.num ELSE a.num END,
                            txt = CASE WHEN $3 THEN n.txt ELSE a.txt END,
                            unit_code = CASE WHEN $3 THEN n.unit_code ELSE a.unit_code END,
                            observed_at = CASE WHEN $3 THEN n.observed_at ELSE a.observed_at END,
                            modified_at = now()
                        FROM newest n
                        WHERE a.entity_id = $1 AND a.name = $2
                        """, entityId, attribute, current == at),
                    Statement("""
                        DELETE FROM entity_attribute a WHERE a.entity_id = $1 AND a.name = $2
                            AND NOT EXISTS (SELECT 1 FROM attribute_history h WHERE h.entity_id = $1 AND h.name = $2)
                        """, entityId, attribute),
                },
            };
            await batch.ExecuteNonQueryAsync(ct);
        }, ct);
    }

    /// <summary>
    /// Finds the property's row and the history instant, then runs <paramref name="edit"/> with the property's current
    /// observedAt. Only the newest HistoryDepth instants are the property's history; older rows awaiting trimming are not.
    /// </summary>
    private Task<HistoryEdit> EditInstanceAsync(string entityId, string attribute, DateTime at,
        Func<NpgsqlConnection, NpgsqlTransaction, DateTime?, Task> edit, CancellationToken ct) =>
        EditAsync(entityId, async (connection, transaction) =>
        {
            await using var command = new NpgsqlCommand("""
                SELECT a.observed_at,
                       (SELECT count(*) FROM attribute_history h WHERE h.entity_id = $1 AND h.name = $2 AND h.observed_at >= $3),
                       EXISTS (SELECT 1 FROM attribute_history h WHERE h.entity_id = $1 AND h.name = $2 AND h.observed_at = $3)
                FROM entity_attribute a
                WHERE a.entity_id = $1 AND a.name = $2 AND NOT a.is_relationship AND a.history_rows > 0
                """, connection, transaction)
            {
                Parameters = { new() { Value = entityId }, new() { Value = attribute }, new() { Value = at, NpgsqlDbType = NpgsqlDbType.TimestampTz } },
            };
            DateTime? current;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                if (!await reader.ReadAsync(ct)) return HistoryEdit.NoAttribute;
                if (!reader.GetBoolean(2) || reader.GetInt64(1) > _historyDepth) return HistoryEdit.NoInstance;
                current = reader.IsDBNull(0) ? null : reader.GetDateTime(0);
            }
            await edit(connection, transaction, current);
            return HistoryEdit.Done;
        }, ct);

    /// <summary>Locks the entity row, runs the edit, and commits what it did when it is done (touching the entity's modifiedAt).</summary>
    private Task<HistoryEdit> EditAsync(string entityId, Func<NpgsqlConnection, NpgsqlTransaction, Task<HistoryEdit>> edit, CancellationToken ct) =>
        WithConnectionAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using (var lockEntity = new NpgsqlCommand("SELECT 1 FROM entity WHERE id = $1 FOR UPDATE", connection, transaction)
            {
                Parameters = { new() { Value = entityId } },
            })
            {
                if (await lockEntity.ExecuteScalarAsync(ct) is null) return HistoryEdit.NoEntity;
            }
            var outcome = await edit(connection, transaction);
            if (outcome != HistoryEdit.Done) return outcome; // the transaction rolls back on dispose
            await using (var touch = new NpgsqlCommand("UPDATE entity SET modified_at = now() WHERE id = $1", connection, transaction)
            {
                Parameters = { new() { Value = entityId } },
            })
            {
                await touch.ExecuteNonQueryAsync(ct);
            }
            await transaction.CommitAsync(ct);
            return outcome;
        }, ct);

    /// <summary>A statement with positional parameters; times go as timestamptz.</summary>
    private static NpgsqlBatchCommand Statement(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
            command.Parameters.Add(value is DateTime ? new NpgsqlParameter { Value = value, NpgsqlDbType = NpgsqlDbType.TimestampTz } : new NpgsqlParameter { Value = value });
        return command;
    }
}
