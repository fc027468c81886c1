using Dapr.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Messaging.Dapr;

/// <remarks>Not named DaprServiceCollectionExtensions: Dapr.AspNetCore has a class of that name in Microsoft.Extensions.DependencyInjection.</remarks>
public static class DaprEventBusServiceCollectionExtensions
{
    /// <summary>Name of the readiness check (tagged <c>ready</c>) that passes once the sidecar is up.</summary>
    public const string HealthCheckName = "dapr-sidecar";

    /// <summary>
    /// Registers <see cref="IEventBus"/> as a <see cref="DaprEventBus"/> (also resolvable as itself, for bulk publish),
    /// the SDK's <see cref="DaprClient"/> (Jobs call its <c>ShutdownSidecarAsync</c> when done) and our
    /// <see cref="DaprPublisher"/> over it, the start-up wait for the sidecar and its readiness check. Pair with
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
        services.AddDaprClient(builder =>
        {
            builder.UseHttpEndpoint(options.SidecarEndpoint.ToString()).UseGrpcEndpoint(options.SidecarGrpcEndpoint.ToString());
            // Always ours (null sends none): the builder would otherwise read DAPR_API_TOKEN from the environment itself.
            builder.UseDaprApiToken(options.ApiToken!);
        });
        services.AddSingleton(sp => new DaprPublisher(sp.GetRequiredService<DaprClient>(), options, sp.GetService<ILogger<DaprPublisher>>()));
        services.AddSingleton(sp => new DaprEventBus(sp.GetRequiredService<DaprPublisher>(), sp.GetService<ILogger<DaprEventBus>>()));
        services.AddSingleton<IEventBus>(sp => sp.GetRequiredService<DaprEventBus>());
        services.AddSingleton<DaprSidecarReadiness>();
        services.AddHostedService(sp => sp.GetRequiredService<DaprSidecarReadiness>());
        services.AddHealthChecks().AddCheck<DaprSidecarReadiness>(HealthCheckName, tags: ["ready"]);
        return services;
    }
}
