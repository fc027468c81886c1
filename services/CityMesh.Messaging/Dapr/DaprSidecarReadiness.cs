using Dapr.Client;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Dapr;

/// <summary>
/// Holds start-up until <see cref="DaprClient.CheckOutboundHealthAsync"/> (<c>GET /v1.0/healthz/outbound</c>) succeeds,
/// so nothing publishes into a sidecar whose components are not loaded. Hosted services start before Kestrel listens,
/// so the app serves only after this; past <see cref="DaprOptions.HealthWait"/> start-up fails with a clear error
/// (the SDK's own <c>WaitForSidecarAsync</c> waits for ever).
/// </summary>
public sealed class DaprSidecarReadiness(DaprClient dapr, DaprOptions options, ILogger<DaprSidecarReadiness> logger) : IHostedService, IHealthCheck
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Waiting up to {Timeout} for the Dapr sidecar at {Endpoint}", options.HealthWait, options.SidecarEndpoint);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await dapr.CheckOutboundHealthAsync(cancellationToken))
        {
            if (clock.Elapsed >= options.HealthWait)
                throw new DaprSidecarException(
                    $"Dapr sidecar at {options.SidecarEndpoint} not ready (GET /v1.0/healthz/outbound) within {options.HealthWait.TotalSeconds:0.#} s (DAPR_HEALTH_TIMEOUT)");
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Clamp(options.HealthWait.TotalMilliseconds / 20, 10, 250)), cancellationToken);
        }
        _ready = true;
        logger.LogInformation("Dapr sidecar at {Endpoint} is ready", options.SidecarEndpoint);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A check waits this long for the sidecar: less than the kubelet's readiness probe timeout (3 s).</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Ready once start-up saw the sidecar, and while it still answers, asked again on every check.</summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var endpoint = options.SidecarEndpoint;
        if (!_ready) return HealthCheckResult.Unhealthy($"waiting for the Dapr sidecar at {endpoint}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            return await dapr.CheckOutboundHealthAsync(timeout.Token)
                ? HealthCheckResult.Healthy($"Dapr sidecar at {endpoint}")
                : HealthCheckResult.Unhealthy($"Dapr sidecar at {endpoint} does not answer /v1.0/healthz/outbound with success");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Dapr sidecar at {endpoint} did not answer within {CheckTimeout.TotalSeconds:0.#} s");
        }
    }
}
