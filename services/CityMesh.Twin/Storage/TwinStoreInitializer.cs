using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Storage;

/// <summary>
/// Runs the store's migrations at start, retrying in the background while the database is down; readiness waits for
/// them and then asks the store for a round trip on every check (<see cref="StoreReadiness"/>).
/// </summary>
public sealed class TwinStoreInitializer(ITwinStore store, ILogger<TwinStoreInitializer> logger) : IHostedService, IHealthCheck
{
    private readonly StoreReadiness _readiness = new("twin store", store.InitializeAsync, store.PingAsync, logger);

    /// <summary>Completes once the migrations ran.</summary>
    public Task Initialized => _readiness.Initialized;

    public Task StartAsync(CancellationToken cancellationToken) => _readiness.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _readiness.StopAsync(cancellationToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _readiness.CheckAsync(cancellationToken);
}
