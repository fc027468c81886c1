namespace CityMesh.Governance.Audit;

/// <summary>The audit table and the trigger that keeps it append-only.</summary>
internal static class PostgresAuditSchema
{
    /// <summary>
    /// Idempotent. The advisory lock (held to the end of the transaction) queues processes starting together, since
    /// CREATE ... IF NOT EXISTS alone can still collide on the catalog. The trigger fires per statement, so even an
    /// UPDATE or DELETE that matches no row is refused, and TRUNCATE (which skips row triggers) is too.
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
        CREATE OR REPLACE FUNCTION {PostgresAuditLog.Table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE OR REPLACE TRIGGER {PostgresAuditLog.Table}_append_only
            BEFORE UPDATE OR DELETE OR TRUNCATE ON {PostgresAuditLog.Table}
            FOR EACH STATEMENT EXECUTE FUNCTION {PostgresAuditLog.Table}_refuse_change();
        """;
}
