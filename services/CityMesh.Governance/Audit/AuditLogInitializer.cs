using CityMesh.Limits.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Audit;

/// <summary>
/// Resolves the keys at start, so a missing one refuses start rather than the first append; creates or upgrades the
/// log's tables (PostgreSQL), retrying in the background while the database is down; says which keys are in use and
/// prints the checkpoint public key for witnesses. Readiness waits for it and then asks the log's database for a round
/// trip on every check (<see cref="StoreReadiness"/>).
/// </summary>
public sealed class AuditLogInitializer(AuditSecrets secrets, IAuditLog log, AuditLogReadiness ping, ILogger<AuditLogInitializer> logger) : IHostedService, IHealthCheck
{
    private readonly StoreReadiness _readiness = new("audit log",
        ct => log is PostgresAuditLog postgres ? postgres.InitializeAsync(ct) : Task.CompletedTask, ping.PingAsync, logger);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (secrets.EphemeralKey)
            logger.LogWarning("No audit key is configured ({Setting}): records are sealed with a key made up for this process, " +
                "so they cannot be verified after it ends. Fine for the embedded mode; set the key for anything kept", $"{AuditLogOptions.Section}:Key");
        if (secrets.EphemeralSigner)
            logger.LogWarning("No checkpoint signing key is configured ({Setting}): checkpoints are signed with a key made up for this process",
                $"{AuditCheckpointOptions.Section}:SigningKey");
        logger.LogInformation("Audit records are sealed with key '{KeyId}'; checkpoints are signed by key {Signer}, whose public key a witness keeps:\n{PublicKey}",
            secrets.Keys.Sealing.Id, secrets.Signer.Id, secrets.Signer.PublicKeyPem);
        return _readiness.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _readiness.StopAsync(cancellationToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        _readiness.CheckAsync(cancellationToken);
}
