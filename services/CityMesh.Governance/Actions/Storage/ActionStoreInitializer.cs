using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CityMesh.Governance.Actions.Storage;

/// <summary>Creates the action store's tables at start; readiness waits for it.</summary>
public sealed class ActionStoreInitializer(IActionStore store) : IHostedService, IHealthCheck
{
    private volatile bool _ready;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.InitializeAsync(cancellationToken);
        _ready = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready ? HealthCheckResult.Healthy("action store initialised") : HealthCheckResult.Unhealthy("action store initialising"));
}
