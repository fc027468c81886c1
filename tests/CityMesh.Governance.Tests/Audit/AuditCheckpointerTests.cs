using System.Text.Json;
using CityMesh.Governance.Audit;
using CityMesh.Governance.Tests.Access;

namespace CityMesh.Governance.Tests.Audit;

/// <summary>When heads are signed: every N records, or after T if the log moved, and on the way out; stored, then exported.</summary>
public sealed class AuditCheckpointerTests : IDisposable
{
    private readonly FixedClock _clock = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly MemoryAuditLog _log;
    private readonly MemoryAuditCheckpointStore _store = new();
    private readonly AuditCheckpointSigner _signer;
    private readonly AuditCheckpointKeys _keys;
    private readonly string _witnessFile = Path.Combine(Path.GetTempPath(), $"citymesh-checkpointer-{Guid.NewGuid():N}.jsonl");
    private readonly AuditWitnessExporter _exporter;
    private readonly AuditCheckpointer _checkpointer;

    public AuditCheckpointerTests()
    {
        _log = new MemoryAuditLog(AuditTestKeys.Ring, _clock);
        (_signer, _keys) = AuditTestKeys.NewSigner();
        _exporter = new AuditWitnessExporter(_store, [new FileAuditWitness(_witnessFile)], new AuditWitnessOptions(), _clock, new ListLogger<AuditWitnessExporter>());
        _checkpointer = new AuditCheckpointer(_log, _store, _signer, new AuditCheckpointOptions { EveryRecords = 3, Every = TimeSpan.FromMinutes(10) },
            _exporter, _clock, new ListLogger<AuditCheckpointer>());
    }

    public void Dispose()
    {
        _checkpointer.Dispose();
        _exporter.Dispose();
        _signer.Dispose();
        _keys.Dispose();
        File.Delete(_witnessFile);
    }

    private Task<AuditRecord> AppendAsync(int n) =>
        _log.AppendAsync(new AuditEntry("ops-console", "action.approved", $"action-{n}", JsonDocument.Parse("{}").RootElement.Clone()));

    [Fact]
    public async Task A_checkpoint_is_due_every_n_records()
    {
        await AppendAsync(1);
        await AppendAsync(2);
        Assert.Null(await _checkpointer.CheckpointIfDueAsync());

        var third = await AppendAsync(3);
        var checkpoint = await _checkpointer.CheckpointIfDueAsync();

        Assert.Equal(new AuditHead(3, third.Hash), checkpoint!.Head);
        Assert.Equal(AuditCheckpointCheck.Good, _keys.Check(checkpoint));
        Assert.Equal(checkpoint, await _store.LatestAsync());
        Assert.Null(await _checkpointer.CheckpointIfDueAsync());
    }

    [Fact]
    public async Task A_checkpoint_is_due_after_the_interval_if_the_log_moved()
    {
        await AppendAsync(1);
        _clock.Now += TimeSpan.FromMinutes(10);
        var first = await _checkpointer.CheckpointIfDueAsync();
        await AppendAsync(2);
        _clock.Now += TimeSpan.FromMinutes(9);
        var early = await _checkpointer.CheckpointIfDueAsync();
        _clock.Now += TimeSpan.FromMinutes(1);
        var second = await _checkpointer.CheckpointIfDueAsync();
        _clock.Now += TimeSpan.FromMinutes(30);
        var unmoved = await _checkpointer.CheckpointIfDueAsync();

        Assert.Equal(1, first!.Sequence);
        Assert.Null(early);
        Assert.Equal(2, second!.Sequence);
        Assert.Null(unmoved);
        Assert.Equal([1L, 2], (await _store.ReadAsync()).Select(c => c.Sequence));
    }

    [Fact]
    public async Task An_empty_log_is_not_checkpointed()
    {
        Assert.Null(await _checkpointer.CheckpointIfDueAsync(force: true));
        Assert.Empty(await _store.ReadAsync());
    }

    [Fact]
    public async Task Stopping_checkpoints_the_head_and_the_exporter_sends_it_to_the_witness()
    {
        await _exporter.StartAsync(CancellationToken.None);
        await _checkpointer.StartAsync(CancellationToken.None);
        await AppendAsync(1);
        var last = await AppendAsync(2);

        await _checkpointer.StopAsync(CancellationToken.None);
        await _exporter.StopAsync(CancellationToken.None);

        var witnessed = Assert.Single(AuditWitnessJson.ReadFile(_witnessFile)).Checkpoint;
        Assert.Equal(new AuditHead(2, last.Hash), witnessed.Head);
        Assert.Equal(AuditCheckpointCheck.Good, _keys.Check(witnessed));
    }
}
