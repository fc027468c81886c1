using CityMesh.Limits.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Storage;

/// <summary>
/// Runs the store's migrations at start, the city's and then each tenant's, retrying in the background while the
/// database is down; readiness waits for them and then asks the stores for a round trip on every check
/// (<see cref="StoreReadiness"/>).
/// </summary>
public sealed class TwinStoreInitializer : IHostedService, IHealthCheck
{
    private readonly StoreReadiness _readiness;

    public TwinStoreInitializer(ITwinStore store, ILogger<TwinStoreInitializer> logger, Tenancy.TwinTenants? tenants = null)
    {
        // The city's store first: on PostgreSQL it installs PostGIS, which the tenants' schemas use.
        ITwinStore[] stores = [store, .. tenants?.All.Select(t => t.Value.Store) ?? []];
        // One name for all: the tenants' stores live where the city's does, and fail with it.
        _readiness = new StoreReadiness("twin store",
            async ct => { foreach (var s in stores) await s.InitializeAsync(ct); },
            async ct => { foreach (var s in stores) await s.PingAsync(ct); },
            logger);
    }

    /// <summary>Completes once the migrations ran.</summary>
    public Task Initialized => _readiness.Initialized;

    public Task StartAsync(CancellationToken cancellationToken) => _readiness.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _readiness.StopAsync(cancellationToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _readiness.CheckAsync(cancellationToken);
}
