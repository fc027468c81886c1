using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// Holds start-up until the sidecar answers <c>GET /v1.0/healthz/outbound</c> with 204, so nothing publishes into a
/// sidecar whose components are not loaded. Hosted services start before Kestrel listens, so the app serves only
/// after this; past <see cref="DaprOptions.HealthTimeout"/> start-up fails with a clear error.
/// </summary>
public sealed class DaprSidecarReadiness(DaprSidecarClient client, ILogger<DaprSidecarReadiness> logger) : IHostedService, IHealthCheck
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var options = client.Options;
        logger.LogInformation("Waiting up to {Timeout} for the Dapr sidecar at {Endpoint}", options.HealthTimeout, options.SidecarEndpoint);
        await client.WaitForOutboundAsync(options.HealthTimeout, cancellationToken);
        _ready = true;
        logger.LogInformation("Dapr sidecar at {Endpoint} is ready", options.SidecarEndpoint);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A check waits this long for the sidecar: less than the kubelet's readiness probe timeout (3 s).</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Ready once start-up saw the sidecar, and while it still answers, asked again on every check.</summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var endpoint = client.Options.SidecarEndpoint;
        if (!_ready) return HealthCheckResult.Unhealthy($"waiting for the Dapr sidecar at {endpoint}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            return await client.IsOutboundReadyAsync(timeout.Token)
                ? HealthCheckResult.Healthy($"Dapr sidecar at {endpoint}")
                : HealthCheckResult.Unhealthy($"Dapr sidecar at {endpoint} does not answer /v1.0/healthz/outbound with 204");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Dapr sidecar at {endpoint} did not answer within {CheckTimeout.TotalSeconds:0.#} s");
        }
    }
}
