using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Dapr;

public static class DaprServiceCollectionExtensions
{
    /// <summary>Name of the readiness check (tagged <c>ready</c>) that passes once the sidecar is up.</summary>
    public const string HealthCheckName = "dapr-sidecar";

    /// <summary>
    /// Registers <see cref="IEventBus"/> as a <see cref="DaprEventBus"/> (also resolvable as itself, for bulk publish),
    /// its <see cref="DaprSidecarClient"/>, the start-up wait for the sidecar and its readiness check. Pair with
    /// <see cref="DaprEndpoints.MapDaprSubscriptions"/> on the app.
    /// </summary>
    /// <exception cref="InvalidOperationException">No app token and nothing else said to guard deliveries.</exception>
    public static IServiceCollection AddDaprEventBus(this IServiceCollection services, IConfiguration configuration)
    {
        var options = DaprOptions.FromConfiguration(configuration);
        if (options.AppApiToken is null && !options.BehindAnotherGuard)
            throw new InvalidOperationException(
                $"the Dapr transport needs an app token, or anyone reaching this app's port can deliver forged events: set {DaprOptions.SectionName}:AppApiToken " +
                $"(or APP_API_TOKEN) to the secret the sidecar sends (dapr.io/app-token-secret), or {DaprOptions.SectionName}:BehindAnotherGuard=true " +
                "where mTLS or a network policy already admits the sidecar alone");
        services.AddSingleton(options);
        services.AddSingleton(sp => new DaprSidecarClient(
            // One pooled client for the process's life: the sidecar is on loopback, so DNS changes do not matter.
            new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) }) { Timeout = TimeSpan.FromSeconds(30) },
            sp.GetRequiredService<DaprOptions>(), sp.GetService<ILogger<DaprSidecarClient>>()));
        services.AddSingleton(sp => new DaprEventBus(sp.GetRequiredService<DaprSidecarClient>(), sp.GetService<ILogger<DaprEventBus>>()));
        services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<DaprEventBus>());
        services.AddSingleton<DaprSidecarReadiness>();
        services.AddHostedService(sp => sp.GetRequiredService<DaprSidecarReadiness>());
        services.AddHealthChecks().AddCheck<DaprSidecarReadiness>(HealthCheckName, tags: ["ready"]);
        return services;
    }
}
