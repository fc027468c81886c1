namespace CityMesh.Governance.Audit;

/// <summary>The audit tables and the triggers that keep them append-only and the chain extended one record at a time.</summary>
internal static class PostgresAuditSchema
{
    public const string Checkpoints = "audit_checkpoint";
    public const string Exports = "audit_checkpoint_export";

    private const string HexPattern = "^[0-9a-f]{64}$";

    /// <summary>
    /// Idempotent, and upgrades a table of legacy (unkeyed) records in place by adding <c>key_id</c>, null for them. The
    /// advisory lock (held to the end of the transaction) queues processes starting together, since CREATE ... IF NOT
    /// EXISTS alone can still collide on the catalog.
    /// <list type="bullet">
    /// <item>A statement trigger refuses UPDATE, DELETE and TRUNCATE on the log and on the checkpoints, even an UPDATE
    /// or DELETE that matches no row; TRUNCATE skips row triggers, hence per statement.</item>
    /// <item>A row trigger refuses an INSERT that does not extend the chain: its sequence must be the head's plus one
    /// (1 on an empty table), its previous hash the head's hash (64 zeros for the first), both hashes 64 lowercase hex
    /// digits, and its key id present and shaped as <see cref="AuditKey.IdPattern"/>; so no legacy record can follow
    /// keyed ones. It reads the head of the table it fires on, whatever the inserting session's search path. It cannot
    /// check the MAC (the database does not hold the key): an INSERT that extends the chain with a forged MAC is
    /// found by verification. Rows of one multi-row INSERT see the rows before them, so they must chain too.</item>
    /// </list>
    /// The table's owner or a superuser can disable the triggers; verification finds what they change either way.
    /// </summary>
    public const string Create = $"""
        SELECT pg_advisory_xact_lock(hashtext('citymesh.audit_log.schema'));
        CREATE TABLE IF NOT EXISTS {PostgresAuditLog.Table} (
            sequence bigint PRIMARY KEY CHECK (sequence > 0),
            at timestamptz NOT NULL,
            actor text NOT NULL,
            kind text NOT NULL,
            subject text NOT NULL,
            details json NOT NULL,
            previous_hash char(64) NOT NULL,
            hash char(64) NOT NULL UNIQUE
        );
        ALTER TABLE {PostgresAuditLog.Table} ADD COLUMN IF NOT EXISTS key_id text;
        CREATE OR REPLACE FUNCTION {PostgresAuditLog.Table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE OR REPLACE TRIGGER {PostgresAuditLog.Table}_append_only
            BEFORE UPDATE OR DELETE OR TRUNCATE ON {PostgresAuditLog.Table}
            FOR EACH STATEMENT EXECUTE FUNCTION {PostgresAuditLog.Table}_refuse_change();
        CREATE OR REPLACE FUNCTION {PostgresAuditLog.Table}_check_append() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            head_sequence bigint;
            head_hash text;
        BEGIN
            IF NEW.key_id IS NULL OR NEW.key_id !~ '{AuditKey.IdPattern}' THEN
                RAISE EXCEPTION 'audit record % is refused: its key id must be 1 to 64 letters, digits, ".", "_" or "-"', NEW.sequence
                    USING ERRCODE = 'check_violation';
            END IF;
            IF NEW.hash::text !~ '{HexPattern}' OR NEW.previous_hash::text !~ '{HexPattern}' THEN
                RAISE EXCEPTION 'audit record % is refused: its hash and previous hash must be 64 lowercase hex digits', NEW.sequence
                    USING ERRCODE = 'check_violation';
            END IF;
            EXECUTE format('SELECT sequence, hash FROM %I.%I ORDER BY sequence DESC LIMIT 1', TG_TABLE_SCHEMA, TG_TABLE_NAME)
                INTO head_sequence, head_hash;
            IF head_sequence IS NULL THEN
                IF NEW.sequence <> 1 OR NEW.previous_hash <> repeat('0', 64) THEN
                    RAISE EXCEPTION 'audit record % is refused: the log is empty, so the record must be 1 with a previous hash of 64 zeros', NEW.sequence
                        USING ERRCODE = 'check_violation';
                END IF;
            ELSIF NEW.sequence <> head_sequence + 1 OR NEW.previous_hash <> head_hash THEN
                RAISE EXCEPTION 'audit record % is refused: it does not extend the chain, whose head is record %', NEW.sequence, head_sequence
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$;
        CREATE OR REPLACE TRIGGER {PostgresAuditLog.Table}_extends_chain
            BEFORE INSERT ON {PostgresAuditLog.Table}
            FOR EACH ROW EXECUTE FUNCTION {PostgresAuditLog.Table}_check_append();
        CREATE TABLE IF NOT EXISTS {Checkpoints} (
            sequence bigint PRIMARY KEY CHECK (sequence > 0),
            hash char(64) NOT NULL,
            at timestamptz NOT NULL,
            count bigint NOT NULL,
            signer text NOT NULL,
            signature text NOT NULL
        );
        CREATE OR REPLACE TRIGGER {Checkpoints}_append_only
            BEFORE UPDATE OR DELETE OR TRUNCATE ON {Checkpoints}
            FOR EACH STATEMENT EXECUTE FUNCTION {PostgresAuditLog.Table}_refuse_change();
        CREATE TABLE IF NOT EXISTS {Exports} (
            witness text NOT NULL,
            sequence bigint NOT NULL,
            exported_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (witness, sequence)
        );
        """;
}
