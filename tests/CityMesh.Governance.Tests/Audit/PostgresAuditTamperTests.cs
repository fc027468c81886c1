using System.Text.Json;
using CityMesh.Governance.Audit;
using Npgsql;
using NpgsqlTypes;

namespace CityMesh.Governance.Tests.Audit;

/// <summary>
/// The attacks on the PostgreSQL log that a key, the insert trigger and signed checkpoints answer: records inserted by
/// hand, a tail cut, the whole chain rewritten; and a table of legacy (unkeyed) records brought under the key.
/// </summary>
public sealed class PostgresAuditTamperTests(AuditPostgresFixture fixture) : IClassFixture<AuditPostgresFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly List<PostgresAuditLog> _logs = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-audit-tamper-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var log in _logs) await log.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private PostgresAuditLog Track(PostgresAuditLog log)
    {
        _logs.Add(log);
        return log;
    }

    private static AuditEntry Entry(int n, string actor = "ops-console") =>
        new(actor, "action.approved", $"action-{n}", JsonDocument.Parse($$$"""{"n":{{{n}}}}""").RootElement.Clone());

    private async Task<(string ConnectionString, PostgresAuditLog Log, List<AuditRecord> Records)> FiveAsync(AuditKeyRing? keys = null)
    {
        var connectionString = await fixture.FreshSchemaAsync();
        var log = Track(new PostgresAuditLog(connectionString, keys ?? AuditTestKeys.Ring));
        var records = new List<AuditRecord>();
        for (var i = 1; i <= 5; i++) records.Add(await log.AppendAsync(Entry(i)));
        return (connectionString, log, records);
    }

    private static Task SuperuserAsync(string connectionString, string sql, string table = "audit_log") => AuditPostgresFixture.ExecuteAsync(connectionString,
        $"ALTER TABLE {table} DISABLE TRIGGER USER; {sql}; ALTER TABLE {table} ENABLE TRIGGER USER");

    /// <summary>A plain INSERT, as anyone with write access to the table can send.</summary>
    private static async Task InsertAsync(string connectionString, AuditRecord record)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO audit_log (sequence, at, actor, kind, subject, details, previous_hash, hash, key_id) VALUES ($1, $2, $3, $4, $5, $6::json, $7, $8, $9)", connection);
        insert.Parameters.Add(new NpgsqlParameter { Value = record.Sequence });
        insert.Parameters.Add(new NpgsqlParameter { Value = record.At, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter { Value = record.Actor });
        insert.Parameters.Add(new NpgsqlParameter { Value = record.Kind });
        insert.Parameters.Add(new NpgsqlParameter { Value = record.Subject });
        insert.Parameters.Add(new NpgsqlParameter { Value = CanonicalJson.Serialize(record.Details), NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter { Value = record.PreviousHash });
        insert.Parameters.Add(new NpgsqlParameter { Value = record.Hash });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)record.KeyId ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        await insert.ExecuteNonQueryAsync();
    }

    public static TheoryData<string, string> NotExtending => new()
    {
        { "gap", "it does not extend the chain, whose head is record 5" },
        { "replay", "it does not extend the chain, whose head is record 5" },
        { "wrong-link", "it does not extend the chain, whose head is record 5" },
        { "not-hex", "must be 64 lowercase hex digits" },
        { "no-key-id", "its key id must be 1 to 64 letters" },
        { "bad-key-id", "its key id must be 1 to 64 letters" },
    };

    [Theory]
    [MemberData(nameof(NotExtending))]
    public async Task An_insert_that_does_not_extend_the_chain_is_refused(string kind, string message)
    {
        var (connectionString, log, records) = await FiveAsync();
        var next = AuditChain.Next(new AuditHead(5, records[^1].Hash), Entry(6, "mallory"), At, AuditTestKeys.Forger);
        var record = kind switch
        {
            "gap" => next with { Sequence = 7 },
            "replay" => records[2] with { Hash = next.Hash },
            "wrong-link" => next with { PreviousHash = records[3].Hash },
            "not-hex" => next with { Hash = next.Hash.ToUpperInvariant() },
            "no-key-id" => next with { KeyId = null },
            _ => next with { KeyId = "k1'; --" },
        };

        var error = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(connectionString, record));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Contains(message, error.MessageText);
        Assert.True((await AuditChain.VerifyAsync(log, AuditTestKeys.Ring)).Ok);
        Assert.Equal(5, (await log.HeadAsync())!.Sequence);
    }

    [Fact]
    public async Task The_first_insert_must_start_the_chain()
    {
        var connectionString = await fixture.FreshSchemaAsync();
        await Track(new PostgresAuditLog(connectionString, AuditTestKeys.Ring)).InitializeAsync();
        var first = AuditChain.Next(null, Entry(1), At, AuditTestKeys.K1);

        var error = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(connectionString, first with { Sequence = 2 }));

        Assert.Contains("the log is empty, so the record must be 1 with a previous hash of 64 zeros", error.MessageText);
    }

    [Fact]
    public async Task An_insert_that_extends_the_chain_with_a_forged_mac_is_found_by_verification()
    {
        var (connectionString, log, records) = await FiveAsync();
        // Accepted by the trigger: right sequence, right link, well-formed. Only the key tells.
        await InsertAsync(connectionString, AuditChain.Next(new AuditHead(5, records[^1].Hash), Entry(6, "mallory"), At, AuditTestKeys.Forger));

        var result = await AuditChain.VerifyAsync(log, AuditTestKeys.Ring);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((6L, AuditProblemKind.Altered), (problem.Sequence, problem.Kind));
        Assert.Equal(6, result.Count);
    }

    [Fact]
    public async Task A_whole_chain_rewritten_under_another_key_is_found_without_the_head()
    {
        var (connectionString, log, _) = await FiveAsync();
        var forger = Track(new PostgresAuditLog(connectionString, new AuditKeyRing(AuditTestKeys.Forger)));

        await SuperuserAsync(connectionString, "TRUNCATE audit_log");
        for (var i = 1; i <= 5; i++) await forger.AppendAsync(Entry(i, "rewritten"));
        var result = await AuditChain.VerifyAsync(log, AuditTestKeys.Ring);

        Assert.Equal([1L, 2, 3, 4, 5], result.Problems.Select(p => p.Sequence));
        Assert.All(result.Problems, p => Assert.Equal(AuditProblemKind.Altered, p.Kind));
        Assert.True((await AuditChain.VerifyAsync(forger, new AuditKeyRing(AuditTestKeys.Forger))).Ok);
    }

    [Fact]
    public async Task A_tail_cut_is_found_against_the_checkpoint_table_and_against_a_witness_file_when_the_table_is_cut_too()
    {
        var (connectionString, log, records) = await FiveAsync();
        var store = new PostgresAuditCheckpointStore(log.DataSource);
        var (signer, keys) = AuditTestKeys.NewSigner();
        using var _ = signer;
        using var __ = keys;
        var witnessFile = Path.Combine(_directory, "witness.jsonl");
        using var exporter = new AuditWitnessExporter(store, [new FileAuditWitness(witnessFile)], new AuditWitnessOptions(), TimeProvider.System,
            new ListLogger<AuditWitnessExporter>());
        using var checkpointer = new AuditCheckpointer(log, store, signer, new AuditCheckpointOptions { EveryRecords = 5 }, exporter, TimeProvider.System,
            new ListLogger<AuditCheckpointer>());
        var checkpoint = await checkpointer.CheckpointIfDueAsync();
        Assert.True(await exporter.ExportPendingAsync());
        Assert.Equal(new AuditHead(5, records[^1].Hash), checkpoint!.Head);

        await SuperuserAsync(connectionString, "DELETE FROM audit_log WHERE sequence > 3");
        var fromTable = await AuditChain.VerifyAsync(log, AuditTestKeys.Ring, checkpoints: new AuditCheckpointEvidence(keys).Add(await store.ReadAsync(), "checkpoint table"));
        await SuperuserAsync(connectionString, "DELETE FROM audit_checkpoint", "audit_checkpoint");
        var tableCutToo = await AuditChain.VerifyAsync(log, AuditTestKeys.Ring, checkpoints: new AuditCheckpointEvidence(keys).Add(await store.ReadAsync(), "checkpoint table"));
        var witnessEvidence = new AuditCheckpointEvidence(keys).Add(AuditWitnessJson.ReadFile(witnessFile).Select(c => c.Checkpoint), $"witness file {witnessFile}");
        var fromWitness = await AuditChain.VerifyAsync(log, AuditTestKeys.Ring, checkpoints: witnessEvidence);

        Assert.Equal((5L, AuditProblemKind.Truncated), (Assert.Single(fromTable.Problems).Sequence, fromTable.Problems[0].Kind));
        Assert.True(tableCutToo.Ok);
        var problem = Assert.Single(fromWitness.Problems);
        Assert.Equal((5L, AuditProblemKind.Truncated), (problem.Sequence, problem.Kind));
        Assert.Contains($"before the signed checkpoint at record 5 (witness file {witnessFile})", problem.Message);
    }

    [Fact]
    public async Task A_forged_checkpoint_inserted_into_the_table_is_reported_as_a_bad_signature()
    {
        var (_, log, records) = await FiveAsync();
        var store = new PostgresAuditCheckpointStore(log.DataSource);
        var (signer, keys) = AuditTestKeys.NewSigner();
        using var _ = signer;
        using var __ = keys;
        var forged = signer.Sign(new AuditHead(5, records[^1].Hash), At) with { Sequence = 9 };
        await store.AddAsync(forged);

        var result = await AuditChain.VerifyAsync(log, AuditTestKeys.Ring, checkpoints: new AuditCheckpointEvidence(keys).Add(await store.ReadAsync(), "checkpoint table"));

        var problem = Assert.Single(result.Problems);
        Assert.Equal((9L, AuditProblemKind.BadCheckpoint), (problem.Sequence, problem.Kind));
    }

    [Theory]
    [InlineData("UPDATE audit_checkpoint SET count = 1", "UPDATE")]
    [InlineData("DELETE FROM audit_checkpoint", "DELETE")]
    [InlineData("TRUNCATE audit_checkpoint", "TRUNCATE")]
    public async Task The_checkpoint_table_is_append_only(string sql, string operation)
    {
        var (connectionString, log, records) = await FiveAsync();
        await new PostgresAuditCheckpointStore(log.DataSource).AddAsync(new AuditCheckpoint(5, records[^1].Hash, At, 5, "0123456789abcdef", "c2ln"));

        var error = await Assert.ThrowsAsync<PostgresException>(() => AuditPostgresFixture.ExecuteAsync(connectionString, sql));

        Assert.Equal($"the audit log is append-only: {operation} on audit_checkpoint is refused", error.MessageText);
    }

    /// <summary>The schema as the unkeyed (v1) service created it.</summary>
    private const string LegacySchema = """
        CREATE TABLE audit_log (
            sequence bigint PRIMARY KEY CHECK (sequence > 0), at timestamptz NOT NULL, actor text NOT NULL, kind text NOT NULL,
            subject text NOT NULL, details json NOT NULL, previous_hash char(64) NOT NULL, hash char(64) NOT NULL UNIQUE);
        CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only: % on % is refused', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
        END $$;
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
        """;

    private async Task<(string ConnectionString, List<AuditRecord> Legacy)> LegacyTableAsync()
    {
        var connectionString = await fixture.FreshSchemaAsync();
        await AuditPostgresFixture.ExecuteAsync(connectionString, LegacySchema);
        var legacy = new List<AuditRecord>();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        for (var i = 1; i <= 3; i++)
        {
            var entry = Entry(i, "v1-writer");
            var previous = legacy.Count == 0 ? AuditChain.Genesis : legacy[^1].Hash;
            var record = new AuditRecord(i, At.AddSeconds(i), entry.Actor, entry.Kind, entry.Subject, CanonicalJson.Normalize(entry.Details), previous,
                AuditChain.LegacyHash(i, At.AddSeconds(i), entry.Actor, entry.Kind, entry.Subject, entry.Details, previous));
            await using var insert = new NpgsqlCommand(
                "INSERT INTO audit_log (sequence, at, actor, kind, subject, details, previous_hash, hash) VALUES ($1, $2, $3, $4, $5, $6::json, $7, $8)", connection);
            foreach (var value in new object[] { record.Sequence, record.At, record.Actor, record.Kind, record.Subject, CanonicalJson.Serialize(record.Details), record.PreviousHash, record.Hash })
                insert.Parameters.Add(new NpgsqlParameter { Value = value });
            await insert.ExecuteNonQueryAsync();
            legacy.Add(record);
        }
        return (connectionString, legacy);
    }

    [Fact]
    public async Task A_legacy_table_is_upgraded_and_its_records_sealed_by_one_keyed_record()
    {
        var (connectionString, legacy) = await LegacyTableAsync();
        var log = Track(new PostgresAuditLog(connectionString, AuditTestKeys.Ring));

        await Task.WhenAll(log.InitializeAsync(), Track(new PostgresAuditLog(connectionString, AuditTestKeys.Ring)).InitializeAsync());
        await log.AppendAsync(Entry(5));
        var records = await log.ReadAsync(0, 10);
        var result = await AuditChain.VerifyAsync(log, AuditTestKeys.Ring);

        Assert.Equal([null, null, null, "k1", "k1"], records.Select(r => r.KeyId));
        var seal = records[3];
        Assert.Equal(("system:audit", PostgresAuditLog.KeyedKind, legacy[^1].Hash), (seal.Actor, seal.Kind, seal.PreviousHash));
        Assert.Equal(3, seal.Details.GetProperty("legacyRecords").GetInt64());
        Assert.Equal($"3:{legacy[^1].Hash}", seal.Details.GetProperty("legacyHead").GetString());
        Assert.True(result.Ok, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal((5L, 3L), (result.Count, result.Legacy));
    }

    [Fact]
    public async Task After_the_upgrade_a_legacy_record_is_refused_and_a_rewritten_legacy_record_is_found()
    {
        var (connectionString, legacy) = await LegacyTableAsync();
        var log = Track(new PostgresAuditLog(connectionString, AuditTestKeys.Ring));
        await log.InitializeAsync();
        var head = (await log.HeadAsync())!;
        var entry = Entry(5, "mallory");
        var unkeyed = new AuditRecord(5, At, entry.Actor, entry.Kind, entry.Subject, entry.Details, head.Hash,
            AuditChain.LegacyHash(5, At, entry.Actor, entry.Kind, entry.Subject, entry.Details, head.Hash));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => InsertAsync(connectionString, unkeyed));
        // Rewriting a legacy record and rehashing the legacy chain after it: the seal's MAC covers the old last hash.
        var rewritten = legacy[1] with { Actor = "mallory" };
        var rehashed2 = AuditChain.LegacyHash(rewritten);
        var rehashed3 = AuditChain.LegacyHash(legacy[2] with { PreviousHash = rehashed2 });
        await SuperuserAsync(connectionString,
            $"UPDATE audit_log SET actor = 'mallory', hash = '{rehashed2}' WHERE sequence = 2; " +
            $"UPDATE audit_log SET previous_hash = '{rehashed2}', hash = '{rehashed3}' WHERE sequence = 3; " +
            $"UPDATE audit_log SET previous_hash = '{rehashed3}' WHERE sequence = 4");
        var result = await AuditChain.VerifyAsync(log, AuditTestKeys.Ring);

        Assert.Contains("its key id must be", refused.MessageText);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((4L, AuditProblemKind.Altered), (problem.Sequence, problem.Kind));
    }

    [Fact]
    public async Task A_legacy_table_cut_back_to_before_its_seal_is_not_trusted()
    {
        var (connectionString, _) = await LegacyTableAsync();
        var log = Track(new PostgresAuditLog(connectionString, AuditTestKeys.Ring));
        await log.InitializeAsync();

        await SuperuserAsync(connectionString, "DELETE FROM audit_log WHERE key_id IS NOT NULL");
        var result = await AuditChain.VerifyAsync(log, AuditTestKeys.Ring);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((3L, AuditProblemKind.Unkeyed), (problem.Sequence, problem.Kind));
    }
}
