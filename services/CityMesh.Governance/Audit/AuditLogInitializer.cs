using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Governance.Audit;

/// <summary>
/// Resolves the keys at start, so a missing one refuses start rather than the first append; creates or upgrades the
/// log's tables (PostgreSQL); says which keys are in use and prints the checkpoint public key for witnesses. Readiness
/// waits for it.
/// </summary>
public sealed class AuditLogInitializer(AuditSecrets secrets, IAuditLog log, ILogger<AuditLogInitializer> logger) : IHostedService, IHealthCheck
{
    private volatile bool _ready;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (secrets.EphemeralKey)
            logger.LogWarning("No audit key is configured ({Setting}): records are sealed with a key made up for this process, " +
                "so they cannot be verified after it ends. Fine for the embedded mode; set the key for anything kept", $"{AuditLogOptions.Section}:Key");
        if (secrets.EphemeralSigner)
            logger.LogWarning("No checkpoint signing key is configured ({Setting}): checkpoints are signed with a key made up for this process",
                $"{AuditCheckpointOptions.Section}:SigningKey");
        if (log is PostgresAuditLog postgres) await postgres.InitializeAsync(cancellationToken);
        logger.LogInformation("Audit records are sealed with key '{KeyId}'; checkpoints are signed by key {Signer}, whose public key a witness keeps:\n{PublicKey}",
            secrets.Keys.Sealing.Id, secrets.Signer.Id, secrets.Signer.PublicKeyPem);
        _ready = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_ready ? HealthCheckResult.Healthy("audit log initialised") : HealthCheckResult.Unhealthy("audit log initialising"));
}
