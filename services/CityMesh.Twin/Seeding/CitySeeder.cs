using System.Data.Common;
using CityMesh.Limits.Settings;
using CityMesh.Twin.Model;
using CityMesh.Twin.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Seeding;

/// <summary>
/// Seeds the twin with the configured city at start. Reading and laying out the city happen in
/// <see cref="StartAsync"/>, so a missing or malformed road network stops the host with a clear error; writing
/// runs in the background so the process answers <c>/healthz</c> meanwhile, and readiness waits for it.
/// Writes are upserts (update mode): seeding again over a persistent store keeps what telemetry added. They wait for
/// the store to be prepared (<paramref name="store"/>; the database may come up after the process) and a batch the
/// database refused for being away is written again, so an outage delays the city instead of leaving it half seeded.
/// </summary>
/// <param name="store">The twin store's start-up, when the host runs one: writing waits for its migrations.</param>
public sealed class CitySeeder(CityOptions options, TwinService twin, ILogger<CitySeeder> logger, TwinStoreInitializer? store = null)
    : IHostedService, IHealthCheck
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource<SeededCity> _seeded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private Task _writing = Task.CompletedTask;
    private int _written;
    private int _total;
    private volatile string? _waitingFor;

    /// <summary>Completes when every entity is in the twin; faults if seeding failed.</summary>
    public Task<SeededCity> Seeded => _seeded.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var network = CityRoadNetwork.Load(options);
        var city = CityGenerator.Build(network, options);
        _total = city.Entities.Count;
        logger.LogInformation("Seeding {City} from {Path}: {Count} entities ({Types})", city.Name, network.Path, city.Entities.Count,
            string.Join(", ", city.CountByType.Select(t => $"{t.Value} {t.Key}")));
        _writing = Task.Run(() => WriteAsync(city, _stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task WriteAsync(SeededCity city, CancellationToken ct)
    {
        try
        {
            if (store is not null)
            {
                _waitingFor = "the twin store is not prepared yet";
                await store.Initialized.WaitAsync(ct);
                _waitingFor = null;
            }
            var batchSize = Math.Max(1, options.BatchSize);
            for (var offset = 0; offset < city.Entities.Count; offset += batchSize)
            {
                var batch = city.Entities.Skip(offset).Take(batchSize).ToArray();
                await WriteBatchAsync(batch, ct);
                Interlocked.Add(ref _written, batch.Length);
            }
            logger.LogInformation("Seeded {City}: {Count} entities in the twin", city.Name, city.Entities.Count);
            _seeded.TrySetResult(city);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            _seeded.TrySetCanceled(ct);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Seeding {City} failed after {Written} of {Total} entities", city.Name, _written, _total);
            _seeded.TrySetException(e);
        }
    }

    /// <summary>
    /// Writes one batch, again after a pause while the database is away (Npgsql's DbException, a broken connection);
    /// anything else (an entity the store refuses) fails seeding at once.
    /// </summary>
    private async Task WriteBatchAsync(IReadOnlyList<Entity> batch, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(500);
        while (true)
        {
            try
            {
                await twin.UpsertAsync(batch, UpsertMode.Update, ct);
                _waitingFor = null;
                return;
            }
            catch (Exception e) when (e is DbException or IOException or TimeoutException)
            {
                _waitingFor = e.Message;
                logger.LogWarning("Seeding {City} waits for the twin store: {Reason}", options.Name, e.Message);
            }
            await Task.Delay(delay, ct);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _writing.WaitAsync(cancellationToken);
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var seeded = Seeded;
        return Task.FromResult(seeded.Status switch
        {
            TaskStatus.RanToCompletion => HealthCheckResult.Healthy($"{options.Name} seeded: {_total} entities"),
            TaskStatus.Faulted => HealthCheckResult.Unhealthy($"seeding {options.Name} failed", seeded.Exception?.InnerException),
            TaskStatus.Canceled => HealthCheckResult.Unhealthy($"seeding {options.Name} was stopped"),
            _ => HealthCheckResult.Unhealthy($"seeding {options.Name}: {Volatile.Read(ref _written)} of {_total} entities written"
                + (_waitingFor is { } reason ? $", waiting: {reason}" : "")),
        });
    }
}
