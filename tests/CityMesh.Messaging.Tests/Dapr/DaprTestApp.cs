using CityMesh.Messaging.Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Tests.Dapr;

/// <summary>
/// A CityMesh app wired as the server wires it (<c>AddDaprEventBus</c> + <c>MapDaprSubscriptions</c>), on a loopback
/// port beside a <see cref="FakeDaprSidecar"/>. <see cref="StartAsync"/> waits for the sidecar like the real host.
/// </summary>
internal sealed class DaprTestApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DaprTestApp(WebApplication app, FakeDaprSidecar sidecar)
    {
        _app = app;
        Sidecar = sidecar;
    }

    public FakeDaprSidecar Sidecar { get; }
    public DaprEventBus Bus => _app.Services.GetRequiredService<DaprEventBus>();
    public Uri Address { get; private set; } = null!;

    public static WebApplication Build(FakeDaprSidecar sidecar, IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var config = new Dictionary<string, string?>
        {
            ["DAPR_HTTP_ENDPOINT"] = sidecar.Endpoint.ToString(),
            ["DAPR_GRPC_ENDPOINT"] = sidecar.GrpcEndpoint.ToString(),
            ["DAPR_API_TOKEN"] = sidecar.ApiToken,
            ["APP_API_TOKEN"] = sidecar.AppApiToken,
            ["DAPR_HEALTH_TIMEOUT"] = "5",
            [$"{DaprOptions.SectionName}:PubSubName"] = sidecar.PubSubName,
            [$"{DaprOptions.SectionName}:RetryBackoff"] = "00:00:00.005",
            [$"{DaprOptions.SectionName}:MaxDeliveryAttempts"] = "3",
            // Tests whose sidecar presents no app token say so, as a deployment behind mTLS would.
            [$"{DaprOptions.SectionName}:BehindAnotherGuard"] = sidecar.AppApiToken is null ? "true" : "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) config[key] = value;
        builder.Configuration.AddInMemoryCollection(config);
        builder.Services.AddDaprEventBus(builder.Configuration);
        var app = builder.Build();
        app.MapDaprSubscriptions();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        return app;
    }

    /// <param name="subscribe">Registers subscriptions before the sidecar reads them, as modules do while the host starts.</param>
    public static async Task<DaprTestApp> StartAsync(FakeDaprSidecar sidecar, Action<DaprEventBus>? subscribe = null,
        IDictionary<string, string?>? settings = null)
    {
        var app = Build(sidecar, settings);
        subscribe?.Invoke(app.Services.GetRequiredService<DaprEventBus>());
        await app.StartAsync();
        var started = new DaprTestApp(app, sidecar) { Address = new Uri(app.Urls.First()) };
        await sidecar.LoadSubscriptionsAsync(started.Address);
        return started;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Sidecar.DisposeAsync();
    }
}
