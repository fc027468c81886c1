using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Audit;

/// <summary>
/// Signs the log's head every <see cref="AuditCheckpointOptions.EveryRecords"/> records or every
/// <see cref="AuditCheckpointOptions.Every"/> when it moved, whichever comes first (looked at every
/// <see cref="AuditCheckpointOptions.CheckInterval"/>), and once more when the service stops; stores the checkpoint, then
/// wakes the exporter. It reads the head like any reader, so appends never wait for it; a failure is logged and the
/// next look tries again.
/// </summary>
public sealed class AuditCheckpointer(IAuditLog log, IAuditCheckpointStore store, AuditCheckpointSigner signer, AuditCheckpointOptions options,
    AuditWitnessExporter exporter, TimeProvider clock, ILogger<AuditCheckpointer> logger) : BackgroundService
{
    private readonly DateTimeOffset _started = clock.GetUtcNow();

    /// <summary>Checkpoints the head if it is due (or, with <paramref name="force"/>, whenever it moved); the new checkpoint, or null.</summary>
    public async Task<AuditCheckpoint?> CheckpointIfDueAsync(bool force = false, CancellationToken ct = default)
    {
        if (await log.HeadAsync(ct) is not { } head) return null;
        var latest = await store.LatestAsync(ct);
        if (latest is not null && latest.Sequence >= head.Sequence) return null;
        var now = clock.GetUtcNow();
        var due = force
            || head.Sequence - (latest?.Sequence ?? 0) >= options.EveryRecords
            || now - (latest?.At ?? _started) >= options.Every;
        if (!due) return null;
        var checkpoint = signer.Sign(head, now);
        if (!await store.AddAsync(checkpoint, ct)) return null;
        logger.LogInformation("Audit checkpoint signed at record {Sequence} ({Hash})", checkpoint.Sequence, checkpoint.Hash);
        exporter.Notify();
        return checkpoint;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await TryAsync(force: false, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Records since the last checkpoint are the ones a cut from the end could take unnoticed: pin them on the way out.
        await TryAsync(force: true, cancellationToken);
    }

    private async Task TryAsync(bool force, CancellationToken ct)
    {
        try
        {
            await CheckpointIfDueAsync(force, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping, or the stop's grace period ran out.
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "The audit head could not be checkpointed; will try again");
        }
    }
}
