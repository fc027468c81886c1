using CityMesh.Twin.Model;
using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Twin.Storage.Postgres;

/// <summary>
/// The telemetry hot path, set-based: a batch is copied (binary COPY) into a session temp table, then a fixed
/// handful of statements classify every observation, write the newest value per property, add the kept ones to
/// history and trim it, whatever the batch's size. The result equals applying the observations one by one in
/// order: an observation is a duplicate when the value held at its instant (set earlier in the batch, else kept in
/// history) equals it; otherwise it becomes current when it is not older than the current value nor than any
/// earlier non-duplicate in the batch, and goes to history only when it is.
/// </summary>
internal sealed class ObservationWriter(int historyDepth)
{
    private const string Stage = "twin_observation_stage";

    private const int Applied = (int)ObservationOutcome.Applied;
    private const int HistoryOnly = (int)ObservationOutcome.HistoryOnly;
    private const int Duplicate = (int)ObservationOutcome.Duplicate;
    private const int UnknownEntity = (int)ObservationOutcome.UnknownEntity;
    private const int InvalidAttribute = (int)ObservationOutcome.InvalidAttribute;

    /// <summary>
    /// Rows a property may hold beyond the depth before it is trimmed: trimming every property on every batch would
    /// cost more than the telemetry itself. Readers only ever see the newest <c>historyDepth</c>.
    /// </summary>
    private readonly int _trimThreshold = historyDepth + Math.Max(8, historyDepth / 2);

    private static readonly string CreateStage = $"""
        CREATE TEMP TABLE IF NOT EXISTS {Stage} (
            ord         integer NOT NULL,
            entity_id   text COLLATE "C" NOT NULL,
            name        text COLLATE "C" NOT NULL,
            value_kind  smallint NOT NULL,
            num         double precision,
            txt         text COLLATE "C",
            unit_code   text,
            observed_at timestamptz NOT NULL,
            outcome     smallint
        ) ON COMMIT DELETE ROWS
        """;

    private static readonly string Copy =
        $"COPY {Stage} (ord, entity_id, name, value_kind, num, txt, unit_code, observed_at) FROM STDIN (FORMAT BINARY)";

    /// <summary>Every writer locks entity rows in id order before it reads them, so writers never deadlock.</summary>
    private static readonly string Lock = $"""
        SELECT count(*) FROM (
            SELECT 1 FROM entity WHERE id IN (SELECT entity_id FROM {Stage}) ORDER BY id FOR NO KEY UPDATE
        ) locked
        """;

    /// <summary>Unknown entity, relationship, or duplicate of the value held at the same instant ($1: depth).</summary>
    private static readonly string ClassifyRejected = $"""
        UPDATE {Stage} s SET outcome = c.outcome
        FROM (
            SELECT o.ord,
                CASE
                    WHEN e.id IS NULL THEN {UnknownEntity}
                    WHEN a.is_relationship THEN {InvalidAttribute}
                    WHEN CASE WHEN o.prev_kind IS NOT NULL
                              THEN o.prev_kind = o.value_kind AND o.prev_num IS NOT DISTINCT FROM o.num AND o.prev_txt IS NOT DISTINCT FROM o.txt
                              ELSE EXISTS (
                                  SELECT 1 FROM attribute_history h
                                  WHERE h.entity_id = o.entity_id AND h.name = o.name AND h.observed_at = o.observed_at
                                    AND h.value_kind = o.value_kind AND h.num IS NOT DISTINCT FROM o.num AND h.txt IS NOT DISTINCT FROM o.txt
                                    -- held only while among the newest depth (older rows wait for the next trim)
                                    AND (SELECT count(*) FROM (
                                            SELECT 1 FROM attribute_history n
                                            WHERE n.entity_id = h.entity_id AND n.name = h.name AND n.observed_at > h.observed_at
                                            LIMIT $1) newer) < $1)
                         END THEN {Duplicate}
                END AS outcome
            FROM (
                SELECT st.ord, st.entity_id, st.name, st.observed_at, st.value_kind, st.num, st.txt,
                    lag(st.value_kind) OVER instant AS prev_kind,
                    lag(st.num) OVER instant AS prev_num,
                    lag(st.txt) OVER instant AS prev_txt
                FROM {Stage} st
                WINDOW instant AS (PARTITION BY st.entity_id, st.name, st.observed_at ORDER BY st.ord)
            ) o
            LEFT JOIN entity e ON e.id = o.entity_id
            LEFT JOIN entity_attribute a ON a.entity_id = o.entity_id AND a.name = o.name
        ) c
        WHERE s.ord = c.ord AND c.outcome IS NOT NULL
        """;

    /// <summary>The rest: current when not older than the current value and every earlier kept one in the batch.</summary>
    private static readonly string ClassifyKept = $"""
        UPDATE {Stage} s
        SET outcome = CASE WHEN o.observed_at >= coalesce(greatest(a.observed_at, o.prev_max), '-infinity') THEN {Applied} ELSE {HistoryOnly} END
        FROM (
            SELECT st.ord, st.entity_id, st.name, st.observed_at,
                max(st.observed_at) OVER (PARTITION BY st.entity_id, st.name ORDER BY st.ord
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_max
            FROM {Stage} st
            WHERE st.outcome IS NULL
        ) o
        LEFT JOIN entity_attribute a ON a.entity_id = o.entity_id AND a.name = o.name
        WHERE s.ord = o.ord
        """;

    /// <summary>Per property: how many instants it keeps, and which observation (the last applied) is now current.</summary>
    private static readonly string Touched = $"""
        touched AS (
            SELECT entity_id, name, count(DISTINCT observed_at) AS kept, max(ord) FILTER (WHERE outcome = {Applied}) AS winner
            FROM {Stage} WHERE outcome IN ({Applied}, {HistoryOnly})
            GROUP BY entity_id, name
        )
        """;

    private static readonly string UpdateCurrent = $"""
        WITH {Touched}
        UPDATE entity_attribute a SET
            value_kind = coalesce(w.value_kind, a.value_kind),
            num = CASE WHEN w.ord IS NULL THEN a.num ELSE w.num END,
            txt = CASE WHEN w.ord IS NULL THEN a.txt ELSE w.txt END,
            unit_code = CASE WHEN w.ord IS NULL THEN a.unit_code ELSE w.unit_code END,
            observed_at = CASE WHEN w.ord IS NULL THEN a.observed_at ELSE w.observed_at END,
            history_rows = a.history_rows + t.kept
        FROM touched t LEFT JOIN {Stage} w ON w.ord = t.winner
        WHERE a.entity_id = t.entity_id AND a.name = t.name
        """;

    private static readonly string InsertNew = $"""
        WITH {Touched}
        INSERT INTO entity_attribute (entity_id, name, is_relationship, value_kind, num, txt, unit_code, observed_at, history_rows)
        SELECT w.entity_id, w.name, false, w.value_kind, w.num, w.txt, w.unit_code, w.observed_at, t.kept
        FROM touched t JOIN {Stage} w ON w.ord = t.winner
        WHERE NOT EXISTS (SELECT 1 FROM entity_attribute a WHERE a.entity_id = t.entity_id AND a.name = t.name)
        """;

    private static readonly string TouchEntities =
        $"UPDATE entity SET modified_at = now() WHERE id IN (SELECT entity_id FROM {Stage} WHERE outcome = {Applied})";

    /// <summary>One value per instant: the batch's last kept write at an instant wins, and corrects a held one.</summary>
    private static readonly string InsertHistory = $"""
        INSERT INTO attribute_history (entity_id, name, observed_at, value_kind, num, txt, unit_code)
        SELECT DISTINCT ON (entity_id, name, observed_at) entity_id, name, observed_at, value_kind, num, txt, unit_code
        FROM {Stage} WHERE outcome IN ({Applied}, {HistoryOnly})
        ORDER BY entity_id, name, observed_at, ord DESC
        ON CONFLICT (entity_id, name, observed_at) DO UPDATE
        SET value_kind = EXCLUDED.value_kind, num = EXCLUDED.num, txt = EXCLUDED.txt, unit_code = EXCLUDED.unit_code
        """;

    /// <summary>Trims the touched properties whose row bound passed the threshold ($1) back to the depth ($2).</summary>
    private static readonly string Trim = $"""
        WITH over AS (
            SELECT a.entity_id, a.name FROM entity_attribute a
            WHERE a.history_rows > $1
              AND (a.entity_id, a.name) IN (SELECT entity_id, name FROM {Stage} WHERE outcome IN ({Applied}, {HistoryOnly}))
        ), cut AS (
            SELECT o.entity_id, o.name, k.observed_at FROM over o
            CROSS JOIN LATERAL (
                SELECT h.observed_at FROM attribute_history h
                WHERE h.entity_id = o.entity_id AND h.name = o.name
                ORDER BY h.observed_at DESC OFFSET $2 LIMIT 1) k
        ), trimmed AS (
            DELETE FROM attribute_history h USING cut c
            WHERE h.entity_id = c.entity_id AND h.name = c.name AND h.observed_at <= c.observed_at
        )
        UPDATE entity_attribute a SET history_rows = $2 FROM over o WHERE a.entity_id = o.entity_id AND a.name = o.name
        """;

    private static readonly string Outcomes = $"SELECT ord, outcome FROM {Stage} WHERE outcome <> {Applied}";

    public async Task<ObservationOutcome[]> ApplyAsync(NpgsqlConnection connection, IReadOnlyList<Observation> observations, CancellationToken ct)
    {
        var outcomes = new ObservationOutcome[observations.Count];
        var settable = new bool[observations.Count];
        var any = false;
        for (var i = 0; i < observations.Count; i++)
        {
            settable[i] = CanSet(observations[i]);
            if (!settable[i]) outcomes[i] = ObservationOutcome.InvalidAttribute;
            any |= settable[i];
        }
        if (!any) return outcomes;

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var create = new NpgsqlCommand(CreateStage, connection, transaction)) await create.ExecuteNonQueryAsync(ct);
        await CopyAsync(connection, observations, settable, ct);

        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(Lock),
                new NpgsqlBatchCommand(ClassifyRejected) { Parameters = { new() { Value = historyDepth } } },
                new NpgsqlBatchCommand(ClassifyKept),
                new NpgsqlBatchCommand(UpdateCurrent),
                new NpgsqlBatchCommand(InsertNew),
                new NpgsqlBatchCommand(TouchEntities),
                new NpgsqlBatchCommand(InsertHistory),
                new NpgsqlBatchCommand(Trim) { Parameters = { new() { Value = _trimThreshold }, new() { Value = historyDepth } } },
                new NpgsqlBatchCommand(Outcomes),
            },
        };
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            do
            {
                if (reader.FieldCount != 2) continue; // the lock's count
                while (await reader.ReadAsync(ct)) outcomes[reader.GetInt32(0)] = (ObservationOutcome)reader.GetInt16(1);
            }
            while (await reader.NextResultAsync(ct));
        }
        await transaction.CommitAsync(ct);
        return outcomes;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<Observation> observations, bool[] settable, CancellationToken ct)
    {
        await using var writer = await connection.BeginBinaryImportAsync(Copy, ct);
        for (var i = 0; i < observations.Count; i++)
        {
            if (!settable[i]) continue;
            var o = observations[i];
            await writer.StartRowAsync(ct);
            await writer.WriteAsync(i, NpgsqlDbType.Integer, ct);
            await writer.WriteAsync(o.EntityId, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(o.Attribute, NpgsqlDbType.Text, ct);
            await writer.WriteAsync(ValueColumns.KindOf(o.Value), NpgsqlDbType.Smallint, ct);
            if (ValueColumns.NumOf(o.Value) is { } num) await writer.WriteAsync(num, NpgsqlDbType.Double, ct);
            else await writer.WriteNullAsync(ct);
            if (ValueColumns.TxtOf(o.Value) is { } txt) await writer.WriteAsync(txt, NpgsqlDbType.Text, ct);
            else await writer.WriteNullAsync(ct);
            if (o.UnitCode is { } unit) await writer.WriteAsync(unit, NpgsqlDbType.Text, ct);
            else await writer.WriteNullAsync(ct);
            await writer.WriteAsync(ValueColumns.ToMicroseconds(o.ObservedAt), NpgsqlDbType.TimestampTz, ct);
        }
        await writer.CompleteAsync(ct);
    }

    /// <summary>What no entity could accept: a reserved or malformed name, a non-finite number, a bad unit code.</summary>
    private static bool CanSet(in Observation o)
    {
        if (Entity.ReservedNames.Contains(o.Attribute)) return false;
        try
        {
            EntityValidator.ValidateProperty(o.Attribute, new Property(o.Value, o.UnitCode));
            return true;
        }
        catch (InvalidEntityException)
        {
            return false;
        }
    }
}
