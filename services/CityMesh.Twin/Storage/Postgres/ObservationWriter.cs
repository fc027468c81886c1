using CityMesh.Twin.Model;
using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Twin.Storage.Postgres;

/// <summary>
/// The telemetry hot path, set-based: a batch is copied (binary COPY, in key order) into a session temp table, its
/// entities are locked, then a fixed handful of statements classify every observation, write the newest value per
/// property, add the kept ones to history and trim it, whatever the batch's size. The result equals applying the observations one by one in
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
    private readonly long _trimThreshold = historyDepth + Math.Max(8, historyDepth / 2);

    /// <summary>
    /// Per batch: the plans are known (a few thousand index probes), so no JIT, and no hash joins that would read
    /// whole tables to probe them; sorts of a large batch stay in memory.
    /// </summary>
    private const string Settings = """
        SELECT set_config('jit', 'off', true), set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true),
               set_config('work_mem', '64MB', true)
        """;

    private const string Touched = "twin_observation_touched";

    private static readonly string CreateStage = $"""
        CREATE TEMP TABLE IF NOT EXISTS {Stage} (
            ord            integer PRIMARY KEY,
            entity_id      text COLLATE "C" NOT NULL,
            name           text COLLATE "C" NOT NULL,
            value_kind     smallint NOT NULL,
            num            double precision,
            txt            text COLLATE "C",
            unit_code      text,
            observed_at    timestamptz NOT NULL,
            -- written by the classification, read by the later statements instead of probing the tables again
            outcome        smallint,
            attribute_held boolean,
            attribute_tid  tid,
            history_rows   integer,
            instant_held   boolean,
            new_instant    boolean
        ) ON COMMIT DELETE ROWS
        """;

    private static readonly string CreateTouched = $"""
        CREATE TEMP TABLE IF NOT EXISTS {Touched} (
            entity_id    text COLLATE "C" NOT NULL,
            name         text COLLATE "C" NOT NULL,
            held         boolean NOT NULL,
            tid          tid,
            trim         boolean NOT NULL,
            history_rows integer NOT NULL,
            newest       timestamptz NOT NULL,
            winner       integer
        ) ON COMMIT DELETE ROWS
        """;

    private static readonly string Copy =
        $"COPY {Stage} (ord, entity_id, name, value_kind, num, txt, unit_code, observed_at) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// Every writer locks entity rows in id order before it reads them, so writers never deadlock. Probing in id
    /// order, too, keeps each probe on the index pages the last one read.
    /// </summary>
    private static readonly string Lock = $"""
        SELECT count(*) FROM (
            SELECT 1 FROM (SELECT DISTINCT entity_id FROM {Stage} ORDER BY entity_id) s
            JOIN entity e ON e.id = s.entity_id
            ORDER BY e.id FOR NO KEY UPDATE OF e
        ) locked
        """;

    /// <summary>
    /// One pass. A duplicate equals the value held at its instant: set by an earlier observation of the batch, else
    /// kept in history among the newest depth ($1). The rest become current when not older than the current value
    /// and every earlier non-duplicate of the batch; otherwise they go to history only. History is looked up only
    /// for instants not newer than its newest, so in-order telemetry costs one index probe per observation.
    /// </summary>
    private static readonly string Classify = $"""
        UPDATE {Stage} s SET outcome = c.outcome, attribute_held = c.attribute_held, attribute_tid = c.attribute_tid,
            history_rows = c.history_rows,
            instant_held = c.instant_held, new_instant = c.first_at_instant AND NOT c.instant_held
        FROM (
            SELECT d.ord, d.attribute_held, d.attribute_tid, d.history_rows, d.instant_held, d.first_at_instant,
                CASE
                    WHEN d.unknown THEN {UnknownEntity}
                    WHEN d.relationship THEN {InvalidAttribute}
                    WHEN d.duplicate THEN {Duplicate}
                    WHEN d.observed_at >= coalesce(greatest(d.current_at,
                             max(CASE WHEN NOT d.duplicate THEN d.observed_at END)
                                 OVER (PARTITION BY d.entity_id, d.name ORDER BY d.ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)),
                             '-infinity') THEN {Applied}
                    ELSE {HistoryOnly}
                END AS outcome
            FROM (
                SELECT o.ord, o.entity_id, o.name, o.observed_at,
                    -- an attribute row proves its entity exists
                    CASE WHEN a.entity_id IS NOT NULL THEN false
                         ELSE NOT EXISTS (SELECT 1 FROM entity e WHERE e.id = o.entity_id) END AS unknown,
                    coalesce(a.is_relationship, false) AS relationship,
                    a.observed_at AS current_at,
                    a.entity_id IS NOT NULL AS attribute_held,
                    a.ctid AS attribute_tid,
                    coalesce(a.history_rows, 0) AS history_rows,
                    o.prev_kind IS NULL AS first_at_instant,
                    h.observed_at IS NOT NULL AS instant_held,
                    CASE WHEN o.prev_kind IS NOT NULL
                         THEN o.prev_kind = o.value_kind AND o.prev_num IS NOT DISTINCT FROM o.num AND o.prev_txt IS NOT DISTINCT FROM o.txt
                         ELSE h.value_kind = o.value_kind AND h.num IS NOT DISTINCT FROM o.num AND h.txt IS NOT DISTINCT FROM o.txt
                              AND (SELECT count(*) FROM (
                                      SELECT 1 FROM attribute_history n
                                      WHERE n.entity_id = o.entity_id AND n.name = o.name AND n.observed_at > o.observed_at
                                      LIMIT $1) newer) < $1
                    END IS TRUE AS duplicate
                FROM (
                    SELECT st.ord, st.entity_id, st.name, st.observed_at, st.value_kind, st.num, st.txt,
                        lag(st.value_kind) OVER instant AS prev_kind,
                        lag(st.num) OVER instant AS prev_num,
                        lag(st.txt) OVER instant AS prev_txt
                    FROM {Stage} st
                    WINDOW instant AS (PARTITION BY st.entity_id, st.name, st.observed_at ORDER BY st.ord)
                ) o
                LEFT JOIN entity_attribute a ON a.entity_id = o.entity_id AND a.name = o.name
                LEFT JOIN LATERAL (
                    -- OFFSET 0 keeps this a subquery, so the test on the outer row skips the probe instead of
                    -- filtering its result
                    SELECT k.observed_at, k.value_kind, k.num, k.txt FROM attribute_history k
                    WHERE o.observed_at <= a.history_newest
                      AND k.entity_id = o.entity_id AND k.name = o.name AND k.observed_at = o.observed_at
                    OFFSET 0
                ) h ON true
            ) d
        ) c
        WHERE s.ord = c.ord
        """;

    /// <summary>
    /// Per kept property, once: whether its row exists, its history rows after this batch ($2 threshold: past it,
    /// the property is trimmed back to the depth, $3), its newest instant, and the observation now current (the
    /// last applied one), if any.
    /// </summary>
    private static readonly string Summarize = $"""
        INSERT INTO {Touched} (entity_id, name, held, tid, trim, history_rows, newest, winner)
        SELECT entity_id, name, held, tid, rows > $1, CASE WHEN rows > $1 THEN $2 ELSE rows END, newest, winner
        FROM (
            SELECT entity_id, name, bool_and(attribute_held) AS held, max(attribute_tid) AS tid,
                max(history_rows) + count(*) FILTER (WHERE new_instant) AS rows,
                max(observed_at) AS newest,
                max(ord) FILTER (WHERE outcome = {Applied}) AS winner
            FROM {Stage} WHERE outcome IN ({Applied}, {HistoryOnly})
            GROUP BY entity_id, name
        ) g
        ORDER BY entity_id, name
        """;

    private static readonly string UpdateCurrent = $"""
        UPDATE entity_attribute a SET
            value_kind = coalesce(w.value_kind, a.value_kind),
            num = CASE WHEN w.ord IS NULL THEN a.num ELSE w.num END,
            txt = CASE WHEN w.ord IS NULL THEN a.txt ELSE w.txt END,
            unit_code = CASE WHEN w.ord IS NULL THEN a.unit_code ELSE w.unit_code END,
            observed_at = CASE WHEN w.ord IS NULL THEN a.observed_at ELSE w.observed_at END,
            modified_at = CASE WHEN w.ord IS NULL THEN a.modified_at ELSE now() END,
            history_rows = t.history_rows,
            history_newest = greatest(a.history_newest, t.newest)
        FROM {Touched} t LEFT JOIN {Stage} w ON w.ord = t.winner
        -- The row where the classification found it: this transaction holds the entity, so it cannot have moved.
        WHERE t.held AND a.ctid = t.tid AND a.entity_id = t.entity_id AND a.name = t.name
        """;

    private static readonly string InsertNew = $"""
        INSERT INTO entity_attribute (entity_id, name, is_relationship, value_kind, num, txt, unit_code, observed_at,
                                      modified_at, history_rows, history_newest)
        SELECT w.entity_id, w.name, false, w.value_kind, w.num, w.txt, w.unit_code, w.observed_at, now(), t.history_rows, t.newest
        FROM {Touched} t JOIN {Stage} w ON w.ord = t.winner
        WHERE NOT t.held
        """;

    /// <summary>One value per instant: the batch's last kept write at an instant is the one stored.</summary>
    private static readonly string InsertHistory = $"""
        INSERT INTO attribute_history (entity_id, name, observed_at, value_kind, num, txt, unit_code)
        SELECT DISTINCT ON (entity_id, name, observed_at) entity_id, name, observed_at, value_kind, num, txt, unit_code
        FROM {Stage} WHERE outcome IN ({Applied}, {HistoryOnly}) AND NOT instant_held
        ORDER BY entity_id, name, observed_at, ord DESC
        """;

    /// <summary>A kept write at an instant history already holds corrects the value held there.</summary>
    private static readonly string CorrectHistory = $"""
        UPDATE attribute_history h SET value_kind = c.value_kind, num = c.num, txt = c.txt, unit_code = c.unit_code
        FROM (
            SELECT DISTINCT ON (entity_id, name, observed_at) entity_id, name, observed_at, value_kind, num, txt, unit_code
            FROM {Stage} WHERE outcome IN ({Applied}, {HistoryOnly}) AND instant_held
            ORDER BY entity_id, name, observed_at, ord DESC
        ) c
        WHERE h.entity_id = c.entity_id AND h.name = c.name AND h.observed_at = c.observed_at
        """;

    /// <summary>Cuts the properties whose rows passed the threshold back to the newest depth ($1).</summary>
    private static readonly string Trim = $"""
        DELETE FROM attribute_history h
        USING {Touched} t
        CROSS JOIN LATERAL (
            SELECT k.observed_at FROM attribute_history k
            WHERE k.entity_id = t.entity_id AND k.name = t.name
            ORDER BY k.observed_at DESC OFFSET $1 LIMIT 1) cut
        WHERE t.trim AND h.entity_id = t.entity_id AND h.name = t.name AND h.observed_at <= cut.observed_at
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
        await using (var prepare = new NpgsqlBatch(connection, transaction) { BatchCommands = { new(Settings), new(CreateStage), new(CreateTouched) } })
            await prepare.ExecuteNonQueryAsync(ct);
        await CopyAsync(connection, observations, settable, ct);

        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand(Lock),
                new NpgsqlBatchCommand(Classify) { Parameters = { Depth() } },
                new NpgsqlBatchCommand(Summarize) { Parameters = { Threshold(), Depth() } },
                new NpgsqlBatchCommand(UpdateCurrent),
                new NpgsqlBatchCommand(InsertNew),
                new NpgsqlBatchCommand(InsertHistory),
                new NpgsqlBatchCommand(CorrectHistory),
                new NpgsqlBatchCommand(Trim) { Parameters = { Depth() } },
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

    private NpgsqlParameter Threshold() => new() { Value = _trimThreshold, NpgsqlDbType = NpgsqlDbType.Bigint };

    private NpgsqlParameter Depth() => new() { Value = (long)historyDepth, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static async Task CopyAsync(NpgsqlConnection connection, IReadOnlyList<Observation> observations, bool[] settable, CancellationToken ct)
    {
        // In key order, PostgreSQL's sorts find their input already sorted and its index probes walk the indexes
        // forward instead of jumping about them.
        var order = new int[observations.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (x, y) =>
        {
            var c = string.CompareOrdinal(observations[x].EntityId, observations[y].EntityId);
            if (c == 0) c = string.CompareOrdinal(observations[x].Attribute, observations[y].Attribute);
            if (c == 0) c = observations[x].ObservedAt.UtcTicks.CompareTo(observations[y].ObservedAt.UtcTicks);
            return c != 0 ? c : x.CompareTo(y);
        });

        await using var writer = await connection.BeginBinaryImportAsync(Copy, ct);
        foreach (var i in order)
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
    public static bool CanSet(in Observation o)
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
