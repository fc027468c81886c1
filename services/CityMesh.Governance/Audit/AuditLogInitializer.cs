using CityMesh.Twin.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Audit;

/// <summary>
/// Creates the log's table at start (PostgreSQL), retrying in the background while the database is down; readiness
/// waits for it and then asks the log's database for a round trip on every check (<see cref="StoreReadiness"/>).
/// </summary>
public sealed class AuditLogInitializer(IAuditLog log, AuditLogReadiness ping, ILogger<AuditLogInitializer> logger) : IHostedService, IHealthCheck
{
    private readonly StoreReadiness _readiness = new("audit log",
        ct => log is PostgresAuditLog postgres ? postgres.InitializeAsync(ct) : Task.CompletedTask, ping.PingAsync, logger);

    public Task StartAsync(CancellationToken cancellationToken) => _readiness.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _readiness.StopAsync(cancellationToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _readiness.CheckAsync(cancellationToken);
}
