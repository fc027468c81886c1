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
