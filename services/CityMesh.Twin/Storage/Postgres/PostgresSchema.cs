using Npgsql;

namespace CityMesh.Twin.Storage.Postgres;

/// <summary>
/// The store's tables, as numbered migrations. Each runs once, in order, inside one transaction with its row in
/// <c>twin_schema_migration</c>; an advisory lock keeps two starting replicas from racing. Never edit a shipped
/// migration: add the next one.
/// </summary>
internal static class PostgresSchema
{
    private sealed record Migration(int Version, string Description, string Sql);

    private static readonly Migration[] Migrations =
    [
        new(1, "entities, attributes, history",
            """
            CREATE EXTENSION IF NOT EXISTS postgis;

            -- Ids and names use the C collation: ordinal order, as the memory store and the API promise.
            CREATE TABLE entity (
                id               text COLLATE "C" PRIMARY KEY,
                type             text COLLATE "C" NOT NULL,
                category         text NOT NULL,
                status           text NOT NULL,
                appearance       text,
                location         geometry(Geometry, 4326),
                -- The GeoJSON as written: PostGIS would round coordinates and drop mixed altitudes on the way back.
                location_geojson text,
                created_at       timestamptz NOT NULL,
                modified_at      timestamptz NOT NULL
            ) WITH (fillfactor = 90);
            CREATE INDEX entity_type ON entity (type, id);
            CREATE INDEX entity_category ON entity (category, id);
            CREATE INDEX entity_location ON entity USING gist (location);

            -- One row per property or relationship. value_kind: 0 number, 1 text, 2 boolean (num 1/0), 3 JSON (txt).
            -- A relationship is a text value whose target is copied to the indexed target column.
            -- Telemetry rewrites num and observed_at constantly: nothing indexes them, so those updates stay HOT.
            CREATE TABLE entity_attribute (
                entity_id       text COLLATE "C" NOT NULL REFERENCES entity (id) ON DELETE CASCADE,
                name            text COLLATE "C" NOT NULL,
                is_relationship boolean NOT NULL,
                value_kind      smallint NOT NULL,
                num             double precision,
                txt             text COLLATE "C",
                unit_code       text,
                observed_at     timestamptz,
                target          text COLLATE "C",
                -- When the current value was last written; an entity's modifiedAt is the latest of its own and these,
                -- so telemetry never rewrites the (wide, GiST-indexed) entity row.
                modified_at     timestamptz NOT NULL,
                -- This property's rows in attribute_history, so trimming runs only when needed, and the newest
                -- instant among them, so in-order telemetry need not look history up at all.
                history_rows    integer NOT NULL DEFAULT 0,
                history_newest  timestamptz,
                PRIMARY KEY (entity_id, name)
            ) WITH (fillfactor = 70);
            CREATE INDEX entity_attribute_target ON entity_attribute (target, entity_id, name) WHERE target IS NOT NULL;

            -- Kept observations of dynamic properties, one value per instant. No foreign key: the telemetry path
            -- inserts thousands of rows a second and the store deletes a property's rows itself.
            CREATE TABLE attribute_history (
                entity_id   text COLLATE "C" NOT NULL,
                name        text COLLATE "C" NOT NULL,
                observed_at timestamptz NOT NULL,
                value_kind  smallint NOT NULL,
                num         double precision,
                txt         text COLLATE "C",
                unit_code   text,
                PRIMARY KEY (entity_id, name, observed_at)
            );

            -- q's attr[key][key]: steps through objects only (never into arrays), and JSON null counts as absent,
            -- exactly as QueryEvaluator resolves a value path.
            CREATE FUNCTION twin_json_at(doc jsonb, keys text[]) RETURNS jsonb
            LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
            DECLARE
                k text;
            BEGIN
                FOREACH k IN ARRAY keys LOOP
                    IF jsonb_typeof(doc) <> 'object' THEN RETURN NULL; END IF;
                    doc := doc -> k;
                    IF doc IS NULL THEN RETURN NULL; END IF;
                END LOOP;
                IF jsonb_typeof(doc) = 'null' THEN RETURN NULL; END IF;
                RETURN doc;
            END
            $$;
            """),
        new(2, "change log for the twin read API's resumable watch", """
            -- Every change the twin announces, in commit order (appends take an advisory lock, so positions commit
            -- in order and a reader never skips one still in flight). Trimmed by age; trimmed_to says how far.
            CREATE TABLE twin_change (
                position    bigint PRIMARY KEY,
                recorded_at timestamptz NOT NULL DEFAULT now(),
                change      jsonb NOT NULL
            );
            CREATE INDEX twin_change_recorded ON twin_change (recorded_at);
            CREATE SEQUENCE twin_change_position;
            -- One row: the log's epoch (a new database is a new log) and the newest position trimmed away.
            CREATE TABLE twin_change_log (
                epoch      text NOT NULL,
                trimmed_to bigint NOT NULL DEFAULT 0
            );
            INSERT INTO twin_change_log (epoch) VALUES (substr(md5(random()::text || clock_timestamp()::text), 1, 12));
            """),
        new(3, "NGSI-LD information model: several types, scope, sub-attributes, datasetIds; status as data", """
            -- An entity's types after the first, and its scopes, as sent.
            ALTER TABLE entity ADD COLUMN other_types text[], ADD COLUMN scope text[];
            CREATE INDEX entity_other_types ON entity USING gin (other_types) WHERE other_types IS NOT NULL;

            -- status was a field every entity had; it is now an ordinary property, kept where entities had it.
            INSERT INTO entity_attribute (entity_id, name, is_relationship, value_kind, txt, modified_at)
            SELECT id, 'status', false, 1, lower(left(status, 1)) || substr(status, 2), modified_at FROM entity
            ON CONFLICT (entity_id, name) DO NOTHING;
            ALTER TABLE entity DROP COLUMN status;

            -- Every instance of an attribute in NGSI-LD normalized form, when it has more than a plain default
            -- instance (a kind other than Property, sub-attributes, several objects, datasetIds); NULL otherwise,
            -- which is every telemetry attribute. The row's columns still hold the default instance's value, which
            -- telemetry keeps current, and win over the value in this document. value_kind 4: no default instance.
            ALTER TABLE entity_attribute ADD COLUMN shape text;
            """),
        new(4, "NGSI-LD subscriptions, their pending notifications and the notifier's place in the change log", """
            -- A subscription as the API read it (JSON of Subscriptions.Subscription), and its delivery status.
            CREATE TABLE ngsi_subscription (
                id                  text COLLATE "C" PRIMARY KEY,
                body                jsonb NOT NULL,
                times_sent          bigint NOT NULL DEFAULT 0,
                times_failed        bigint NOT NULL DEFAULT 0,
                last_notification   timestamptz,
                last_success        timestamptz,
                last_failure        timestamptz,
                consecutive_errors  integer NOT NULL DEFAULT 0,
                last_failure_reason text
            );
            -- Notifications still to deliver, in order per subscription. entity_ids: a JSON array of ids, or null for a
            -- periodic notification. claimed_until: a sender holds it until then.
            CREATE TABLE ngsi_notification (
                id              bigserial PRIMARY KEY,
                subscription_id text COLLATE "C" NOT NULL REFERENCES ngsi_subscription (id) ON DELETE CASCADE,
                entity_ids      jsonb,
                due_at          timestamptz NOT NULL,
                attempts        integer NOT NULL DEFAULT 0,
                claimed_until   timestamptz
            );
            CREATE INDEX ngsi_notification_subscription ON ngsi_notification (subscription_id, id);
            -- One row: a version that moves with every subscription write (replicas rebuild their index when it
            -- does), and the notifier's position in the change log (null before it first ran).
            CREATE TABLE ngsi_subscription_state (
                version bigint NOT NULL DEFAULT 0,
                cursor  text
            );
            INSERT INTO ngsi_subscription_state DEFAULT VALUES;
            """),
        new(5, "JSON-LD contexts the twin hosts and caches (the /jsonldContexts API)", """
            -- A hosted context has no url (it is served at the host the client reaches); a cached one is keyed by its
            -- url. The document is kept as text, byte for byte as posted or fetched.
            CREATE TABLE jsonld_context (
                local_id   text COLLATE "C" PRIMARY KEY,
                kind       text NOT NULL,
                url        text COLLATE "C" UNIQUE,
                document   text NOT NULL,
                created_at timestamptz NOT NULL,
                fetched_at timestamptz
            );
            """),
        new(6, "every target of a relationship with several objects or datasetId instances, indexed", """
            -- target holds the default instance's one object; a relationship's other objects and instances are only
            -- in its shape. Their targets, all of them, for GetIncoming; NULL for a plain relationship (target
            -- says it all) and for properties.
            CREATE FUNCTION twin_relationship_targets(shape text) RETURNS text[]
            LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
                SELECT array_agg(DISTINCT o ORDER BY o)
                FROM jsonb_array_elements(shape::jsonb) i,
                     jsonb_array_elements_text(CASE jsonb_typeof(i -> 'object')
                         WHEN 'array' THEN i -> 'object'
                         WHEN 'string' THEN jsonb_build_array(i -> 'object')
                         ELSE '[]'::jsonb END) o
            $$;
            ALTER TABLE entity_attribute ADD COLUMN targets text[];
            UPDATE entity_attribute SET targets = twin_relationship_targets(shape) WHERE is_relationship AND shape IS NOT NULL;
            CREATE INDEX entity_attribute_targets ON entity_attribute USING gin (targets) WHERE targets IS NOT NULL;
            """),
    ];

    /// <summary>
    /// The versions this build knows, in order. Not necessarily consecutive (branches number theirs as they go), so
    /// the runner applies each one that is not recorded, never "everything above the highest".
    /// </summary>
    public static IReadOnlyList<int> Versions { get; } = [.. Migrations.Select(m => m.Version).Order()];

    /// <summary>Creates <paramref name="schema"/> (a checked name: <c>PostgresTwinStore.InSchema</c>) unless it exists.</summary>
    public static async Task CreateSchemaAsync(NpgsqlDataSource dataSource, string schema, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // Two replicas starting together would race on CREATE SCHEMA IF NOT EXISTS (a unique violation): take turns.
        await using (var lockSchema = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('citymesh.twin.create-schema:' || $1))", connection)
        {
            Parameters = { new() { Value = schema } },
        })
        {
            await lockSchema.ExecuteNonQueryAsync(ct);
        }
        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS \"{schema}\"", ct);
        await transaction.CommitAsync(ct);
    }

    public static async Task MigrateAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, """
            SELECT pg_advisory_xact_lock(hashtext('citymesh.twin.schema:' || current_schema()));
            CREATE TABLE IF NOT EXISTS twin_schema_migration (
                version     integer PRIMARY KEY,
                description text NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            );
            """, ct);

        var applied = new HashSet<int>();
        await using (var command = new NpgsqlCommand("SELECT version FROM twin_schema_migration", connection))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) applied.Add(reader.GetInt32(0));
        }

        // By version, whatever the array's order; versions need not be consecutive.
        foreach (var migration in Migrations.Where(m => !applied.Contains(m.Version)).OrderBy(m => m.Version))
        {
            await ExecuteAsync(connection, migration.Sql, ct);
            await using var record = new NpgsqlCommand("INSERT INTO twin_schema_migration (version, description) VALUES ($1, $2)", connection)
            {
                Parameters = { new() { Value = migration.Version }, new() { Value = migration.Description } },
            };
            await record.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
