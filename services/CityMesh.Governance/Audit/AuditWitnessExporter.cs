using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Audit;

/// <summary>
/// Sends stored checkpoints to every witness, in order, in the background. What a witness has received is recorded in
/// the checkpoint store, so a checkpoint is never lost: one a witness could not take (down, refusing) stays pending and is
/// retried, with backoff, after a restart too; each witness goes at its own pace. Appends never wait for any of this.
/// </summary>
public sealed class AuditWitnessExporter(IAuditCheckpointStore store, IEnumerable<IAuditWitness> witnesses, AuditWitnessOptions options,
    TimeProvider clock, ILogger<AuditWitnessExporter> logger) : BackgroundService
{
    private const int Batch = 100;
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<IAuditWitness> _witnesses = [.. witnesses];
    private readonly SemaphoreSlim _signal = new(0, 1);

    public IReadOnlyList<IAuditWitness> Witnesses => _witnesses;

    /// <summary>Says a checkpoint was stored; the exporter wakes and sends it.</summary>
    public void Notify()
    {
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another notification got there first: one wake-up is enough.
            }
        }
    }

    /// <summary>Sends every pending checkpoint to every witness; true when none is left pending.</summary>
    public async Task<bool> ExportPendingAsync(CancellationToken ct = default)
    {
        var done = true;
        foreach (var witness in _witnesses) done &= await ExportPendingAsync(witness, ct);
        return done;
    }

    private async Task<bool> ExportPendingAsync(IAuditWitness witness, CancellationToken ct)
    {
        while (true)
        {
            IReadOnlyList<AuditCheckpoint> pending;
            try
            {
                pending = await store.PendingAsync(witness.Name, Batch, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Audit checkpoints pending for witness {Witness} could not be read; will retry", witness.Name);
                return false;
            }
            foreach (var checkpoint in pending)
            {
                try
                {
                    await witness.ExportAsync(checkpoint, ct);
                    // Not cancelled once sent: a stop between the two would leave a sent checkpoint pending, and the
                    // export on the way out would send it to the witness a second time.
                    await store.MarkExportedAsync(witness.Name, checkpoint.Sequence, CancellationToken.None);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    logger.LogWarning("Audit checkpoint {Sequence} could not be exported to witness {Witness}; it stays pending and will be retried: {Error}",
                        checkpoint.Sequence, witness.Name, e.Message);
                    return false;
                }
            }
            if (pending.Count < Batch) return true;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_witnesses.Count == 0) return;
        var retry = FirstRetry;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (await ExportPendingAsync(stoppingToken))
            {
                retry = FirstRetry;
                await WaitAsync(null, stoppingToken);
            }
            else
            {
                await WaitAsync(retry, stoppingToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, options.RetryMax.Ticks));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The checkpoint taken on the way out (see AuditCheckpointer) should reach the witnesses too; what does not is sent at the next start.
        try
        {
            await ExportPendingAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The stop's grace period ran out; the checkpoints stay pending.
        }
    }

    /// <summary>Until notified, or <paramref name="timeout"/> on the clock passes; returns quietly when stopping.</summary>
    private async Task WaitAsync(TimeSpan? timeout, CancellationToken ct)
    {
        using var timer = timeout is { } t ? new CancellationTokenSource(t, clock) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        try
        {
            await _signal.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException)
        {
            // Timed out (retry now) or stopping (the loop ends).
        }
    }

    public override void Dispose()
    {
        _signal.Dispose();
        base.Dispose();
    }
}
