using CityMesh.Limits.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Actions.Storage;

/// <summary>
/// Creates the action store's tables at start, retrying in the background while the database is down; readiness
/// waits for them and then asks the store for a round trip on every check (<see cref="StoreReadiness"/>).
/// </summary>
public sealed class ActionStoreInitializer(IActionStore store, ILogger<ActionStoreInitializer> logger) : IHostedService, IHealthCheck
{
    private readonly StoreReadiness _readiness = new("governance action store", store.InitializeAsync, store.PingAsync, logger);

    public Task StartAsync(CancellationToken cancellationToken) => _readiness.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _readiness.StopAsync(cancellationToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _readiness.CheckAsync(cancellationToken);
}
