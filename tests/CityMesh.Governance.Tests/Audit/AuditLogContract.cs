using System.Text.Json;
using CityMesh.Governance.Audit;

namespace CityMesh.Governance.Tests.Audit;

/// <summary>What every audit log does, memory or PostgreSQL.</summary>
public abstract class AuditLogContract
{
    protected abstract Task<IAuditLog> CreateLogAsync(TimeProvider? clock = null);

    /// <summary>A checkpoint store beside a fresh log.</summary>
    protected abstract Task<IAuditCheckpointStore> CreateCheckpointStoreAsync();

    protected static AuditEntry Entry(int n, string actor = "ops-console") =>
        new(actor, "action.approved", $"action-{n}", JsonDocument.Parse($$$"""{"n":{{{n}}},"reason":"peak ☂","limits":{"maxGreenChange":10,"a":[true,null,1.50]}}""").RootElement.Clone());

    [Fact]
    public async Task Appends_are_numbered_from_one_and_chained()
    {
        var log = await CreateLogAsync();

        var first = await log.AppendAsync(Entry(1));
        var second = await log.AppendAsync(Entry(2));

        Assert.Equal((1L, AuditChain.Genesis), (first.Sequence, first.PreviousHash));
        Assert.Equal((2L, first.Hash), (second.Sequence, second.PreviousHash));
        Assert.Equal(AuditChain.Mac(AuditTestKeys.K1, second), second.Hash);
        Assert.Equal(("k1", "k1"), (first.KeyId, second.KeyId));
        Assert.Equal(("ops-console", "action.approved", "action-2"), (second.Actor, second.Kind, second.Subject));
    }

    [Fact]
    public async Task Records_read_back_exactly_as_appended_and_hashed()
    {
        var clock = new Access.FixedClock(new DateTimeOffset(2026, 5, 1, 7, 30, 15, TimeSpan.FromHours(8)).AddTicks(1234567));
        var log = await CreateLogAsync(clock);

        var appended = await log.AppendAsync(Entry(1));
        var read = Assert.Single(await log.ReadAsync(0, 10));

        Assert.Equal(new DateTimeOffset(2026, 4, 30, 23, 30, 15, TimeSpan.Zero).AddTicks(1234560), read.At);
        Assert.Equal(appended.At, read.At);
        Assert.Equal("""{"limits":{"a":[true,null,1.50],"maxGreenChange":10},"n":1,"reason":"peak ☂"}""", read.Details.GetRawText());
        Assert.Equal((appended.Hash, appended.PreviousHash), (read.Hash, read.PreviousHash));
        Assert.Equal(read.Hash, AuditChain.Mac(AuditTestKeys.K1, read));
        Assert.Equal("k1", read.KeyId);
    }

    [Fact]
    public async Task Reads_page_by_sequence()
    {
        var log = await CreateLogAsync();
        for (var i = 1; i <= 7; i++) await log.AppendAsync(Entry(i));

        Assert.Equal([1L, 2, 3], (await log.ReadAsync(0, 3)).Select(r => r.Sequence));
        Assert.Equal([4L, 5, 6], (await log.ReadAsync(3, 3)).Select(r => r.Sequence));
        Assert.Equal([7L], (await log.ReadAsync(6, 3)).Select(r => r.Sequence));
        Assert.Empty(await log.ReadAsync(7, 3));
        Assert.Empty(await log.ReadAsync(100, 3));
    }

    [Theory]
    [InlineData(-1, 10, "afterSequence")]
    [InlineData(0, 0, "limit")]
    [InlineData(0, 1001, "limit")]
    public async Task Reads_out_of_range_name_the_argument(long after, int limit, string argument)
    {
        var log = await CreateLogAsync();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => log.ReadAsync(after, limit));

        Assert.Equal(argument, error.ParamName);
    }

    [Fact]
    public async Task Concurrent_appends_from_several_tasks_form_one_gap_free_valid_chain()
    {
        var log = await CreateLogAsync();
        const int writers = 6, each = 20;

        var appended = await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var records = new List<AuditRecord>();
            for (var i = 0; i < each; i++) records.Add(await log.AppendAsync(Entry(i, $"writer-{w}")));
            return records;
        })));

        var verification = await AuditChain.VerifyAsync(log, AuditTestKeys.Ring, pageSize: 50);
        Assert.True(verification.Ok, string.Join("; ", verification.Problems.Select(p => p.Message)));
        Assert.Equal(writers * each, verification.Count);
        Assert.Equal(Enumerable.Range(1, writers * each).Select(i => (long)i), appended.SelectMany(a => a).Select(r => r.Sequence).Order());
        var all = await log.ReadAsync(0, 1000);
        Assert.All(Enumerable.Range(0, writers), w => Assert.Equal(each, all.Count(r => r.Actor == $"writer-{w}")));
    }

    [Fact]
    public async Task The_head_after_appends_is_the_last_record()
    {
        var log = await CreateLogAsync();
        AuditRecord last = null!;
        for (var i = 1; i <= 3; i++) last = await log.AppendAsync(Entry(i));

        var verification = await AuditChain.VerifyAsync(log, AuditTestKeys.Ring, new AuditHead(3, last.Hash));

        Assert.True(verification.Ok);
        Assert.Equal(new AuditHead(3, last.Hash), verification.Head);
    }

    [Fact]
    public async Task The_head_is_the_last_records_sequence_and_hash_or_null_when_empty()
    {
        var log = await CreateLogAsync();
        Assert.Null(await log.HeadAsync());

        await log.AppendAsync(Entry(1));
        var last = await log.AppendAsync(Entry(2));

        Assert.Equal(new AuditHead(2, last.Hash), await log.HeadAsync());
    }

    private static AuditCheckpoint Checkpoint(long sequence, char hash = 'a') =>
        new(sequence, new string(hash, 64), new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero).AddMicroseconds(sequence), sequence, "0123456789abcdef", "c2lnbmF0dXJl");

    [Fact]
    public async Task Checkpoints_are_kept_once_per_sequence_in_order()
    {
        var store = await CreateCheckpointStoreAsync();

        Assert.Null(await store.LatestAsync());
        Assert.True(await store.AddAsync(Checkpoint(20)));
        Assert.True(await store.AddAsync(Checkpoint(10)));
        Assert.False(await store.AddAsync(Checkpoint(20, 'b')));

        Assert.Equal([Checkpoint(10), Checkpoint(20)], await store.ReadAsync());
        Assert.Equal(Checkpoint(20), await store.LatestAsync());
    }

    [Fact]
    public async Task Each_witness_has_its_own_pending_checkpoints()
    {
        var store = await CreateCheckpointStoreAsync();
        foreach (var n in new long[] { 1, 2, 3 }) await store.AddAsync(Checkpoint(n));

        await store.MarkExportedAsync("file:/w", 1);
        await store.MarkExportedAsync("file:/w", 1);
        await store.MarkExportedAsync("http:x", 2);

        Assert.Equal([2L, 3], (await store.PendingAsync("file:/w", 10)).Select(c => c.Sequence));
        Assert.Equal([1L, 3], (await store.PendingAsync("http:x", 10)).Select(c => c.Sequence));
        Assert.Equal([1L], (await store.PendingAsync("other", 1)).Select(c => c.Sequence));
    }
}
