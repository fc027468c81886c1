using CityMesh.Governance.Audit;
using Npgsql;

namespace CityMesh.Governance.Tests.Audit;

/// <summary>
/// The PostgreSQL log against the contract, plus what only a database has: the table refuses changes and inserts that
/// do not extend the chain, and tampering done anyway (an insert that extends it with a forged MAC, or anything by a
/// superuser, who can disable the triggers) is found by verification, without being told the head.
/// </summary>
public sealed class PostgresAuditLogTests(AuditPostgresFixture fixture) : AuditLogContract, IClassFixture<AuditPostgresFixture>, IAsyncLifetime
{
    private readonly List<PostgresAuditLog> _logs = [];

    protected override async Task<IAuditLog> CreateLogAsync(TimeProvider? clock = null)
    {
        var log = Track(new PostgresAuditLog(await fixture.FreshSchemaAsync(), AuditTestKeys.Ring, clock));
        await log.InitializeAsync();
        return log;
    }

    protected override async Task<IAuditCheckpointStore> CreateCheckpointStoreAsync()
    {
        var log = Track(new PostgresAuditLog(await fixture.FreshSchemaAsync(), AuditTestKeys.Ring));
        await log.InitializeAsync();
        return new PostgresAuditCheckpointStore(log.DataSource);
    }

    private PostgresAuditLog Track(PostgresAuditLog log)
    {
        _logs.Add(log);
        return log;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var log in _logs) await log.DisposeAsync();
    }

    private async Task<(string ConnectionString, PostgresAuditLog Log, List<AuditRecord> Records)> FiveAsync()
    {
        var connectionString = await fixture.FreshSchemaAsync();
        var log = Track(new PostgresAuditLog(connectionString, AuditTestKeys.Ring));
        var records = new List<AuditRecord>();
        for (var i = 1; i <= 5; i++) records.Add(await log.AppendAsync(Entry(i)));
        return (connectionString, log, records);
    }

    /// <summary>What a superuser can do: switch the triggers off, change the table, switch them back on.</summary>
    private static Task TamperAsync(string connectionString, string sql) => AuditPostgresFixture.ExecuteAsync(connectionString,
        $"ALTER TABLE audit_log DISABLE TRIGGER USER; {sql}; ALTER TABLE audit_log ENABLE TRIGGER USER");

    private static Task<AuditVerification> VerifyAsync(IAuditLog log, AuditHead? head = null, AuditCheckpointEvidence? checkpoints = null) =>
        AuditChain.VerifyAsync(log, AuditTestKeys.Ring, head, checkpoints);

    [Theory]
    [InlineData("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 2", "UPDATE")]
    [InlineData("UPDATE audit_log SET actor = 'mallory' WHERE sequence = 99", "UPDATE")]
    [InlineData("DELETE FROM audit_log WHERE sequence = 5", "DELETE")]
    [InlineData("TRUNCATE audit_log", "TRUNCATE")]
    public async Task The_table_refuses_updates_deletes_and_truncation(string sql, string operation)
    {
        var (connectionString, log, _) = await FiveAsync();

        var error = await Assert.ThrowsAsync<PostgresException>(() => AuditPostgresFixture.ExecuteAsync(connectionString, sql));

        Assert.Equal($"the audit log is append-only: {operation} on audit_log is refused", error.MessageText);
        Assert.True((await VerifyAsync(log)).Ok);
        Assert.Equal(5, (await log.ReadAsync(0, 10)).Count);
    }

    [Theory]
    [InlineData("actor = 'mallory'")]
    [InlineData("kind = 'action.rejected'")]
    [InlineData("subject = 'action-9'")]
    [InlineData("details = '{\"n\":3}'")]
    [InlineData("at = at + interval '1 microsecond'")]
    public async Task Altering_a_field_behind_the_trigger_is_detected(string assignment)
    {
        var (connectionString, log, _) = await FiveAsync();

        await TamperAsync(connectionString, $"UPDATE audit_log SET {assignment} WHERE sequence = 3");
        var result = await VerifyAsync(log);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((3L, AuditProblemKind.Altered), (problem.Sequence, problem.Kind));
    }

    [Fact]
    public async Task Details_rewritten_as_the_same_json_in_another_order_still_verify()
    {
        var (connectionString, log, _) = await FiveAsync();

        // What a jsonb round trip would do: same value, other key order and spacing.
        await TamperAsync(connectionString, "UPDATE audit_log SET details = details::jsonb::text::json WHERE sequence = 2");

        Assert.True((await VerifyAsync(log)).Ok);
    }

    [Fact]
    public async Task Removing_a_middle_record_is_detected()
    {
        var (connectionString, log, _) = await FiveAsync();

        await TamperAsync(connectionString, "DELETE FROM audit_log WHERE sequence = 3");
        var result = await VerifyAsync(log);

        Assert.Equal([(4L, AuditProblemKind.SequenceGap), (4L, AuditProblemKind.BrokenLink)], result.Problems.Select(p => (p.Sequence, p.Kind)));
    }

    [Fact]
    public async Task Swapping_two_records_places_is_detected()
    {
        var (connectionString, log, _) = await FiveAsync();

        await TamperAsync(connectionString,
            "UPDATE audit_log SET sequence = sequence + 1000 WHERE sequence IN (2, 3); UPDATE audit_log SET sequence = CASE sequence WHEN 1002 THEN 3 ELSE 2 END WHERE sequence > 1000");
        var result = await VerifyAsync(log);

        Assert.False(result.Ok);
        Assert.Contains(result.Problems, p => p is { Sequence: 2, Kind: AuditProblemKind.Altered });
        Assert.Contains(result.Problems, p => p is { Sequence: 3, Kind: AuditProblemKind.Altered });
    }

    [Fact]
    public async Task Truncating_the_tail_is_detected_against_the_expected_head()
    {
        var (connectionString, log, records) = await FiveAsync();
        var head = new AuditHead(5, records[^1].Hash);

        await TamperAsync(connectionString, "DELETE FROM audit_log WHERE sequence > 3");

        Assert.True((await VerifyAsync(log)).Ok);
        var problem = Assert.Single((await VerifyAsync(log, head)).Problems);
        Assert.Equal((5L, AuditProblemKind.Truncated), (problem.Sequence, problem.Kind));
    }

    [Fact]
    public async Task Writers_in_separate_pools_share_one_chain()
    {
        var connectionString = await fixture.FreshSchemaAsync();
        var logs = Enumerable.Range(0, 3).Select(_ => Track(new PostgresAuditLog(connectionString, AuditTestKeys.Ring))).ToArray();

        await Task.WhenAll(logs.SelectMany((log, w) => Enumerable.Range(0, 10).Select(i => log.AppendAsync(Entry(i, $"process-{w}")))));

        var result = await VerifyAsync(logs[0]);
        Assert.True(result.Ok, string.Join("; ", result.Problems.Select(p => p.Message)));
        Assert.Equal(30, result.Count);
    }

    [Fact]
    public async Task Initializing_again_or_together_keeps_the_records()
    {
        var (connectionString, _, records) = await FiveAsync();
        var others = Enumerable.Range(0, 3).Select(_ => Track(new PostgresAuditLog(connectionString, AuditTestKeys.Ring))).ToArray();

        await Task.WhenAll(others.Select(o => o.InitializeAsync()));

        Assert.Equal(records.Select(r => r.Hash), (await others[0].ReadAsync(0, 10)).Select(r => r.Hash));
    }

    [Fact]
    public async Task Reading_a_database_without_the_table_fails_rather_than_creating_it()
    {
        await using var log = new PostgresAuditLog(await fixture.FreshSchemaAsync(), AuditTestKeys.Ring);

        var error = await Assert.ThrowsAsync<PostgresException>(() => log.ReadAsync(0, 10));

        Assert.Equal(PostgresErrorCodes.UndefinedTable, error.SqlState);
    }
}
