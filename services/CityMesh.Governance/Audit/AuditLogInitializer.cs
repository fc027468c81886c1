using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace CityMesh.Governance.Audit;

/// <summary>Creates the log's table at start (PostgreSQL); readiness waits for it.</summary>
public sealed class AuditLogInitializer(IAuditLog log) : IHostedService, IHealthCheck
{
    private volatile bool _ready;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (log is PostgresAuditLog postgres) await postgres.InitializeAsync(cancellationToken);
        _ready = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready ? HealthCheckResult.Healthy("audit log initialised") : HealthCheckResult.Unhealthy("audit log initialising"));
}
