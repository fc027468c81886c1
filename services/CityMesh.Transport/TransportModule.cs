using CityMesh.Access;
using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using CityMesh.Transport.Congestion;
using CityMesh.Transport.Forecasting.Live;
using CityMesh.Transport.Network;
using CityMesh.Transport.Retiming;
using CityMesh.Transport.Routing;
using CityMesh.Twin.Client;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Transport;

/// <summary>The transport target: its view of the roads from the twin, congestion detection, retiming, routing and forecasts.</summary>
public static class TransportModule
{
    public static IServiceCollection AddTransport(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<TransportOptions>(configuration);
        var cityOptions = configuration.ReadSettings<CityOptions>();
        var city = options.City ?? cityOptions.IdSegment;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TransportView>();
        services.AddTwinReaderClient(TwinFeed.Subscriber);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<TwinFeed>(sp, city, sp.GetRequiredKeyedService<TwinReaderConnection>(TwinFeed.Subscriber)));
        services.AddHostedService(sp => sp.GetRequiredService<TwinFeed>());
        services.AddSingleton<CongestionMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<CongestionMonitor>());
        services.AddSingleton<RetimingService>();
        services.AddHostedService<RetimingTrigger>();
        services.AddRoutePlanning(configuration);
        services.AddSettings<ForecastingOptions>(configuration);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ForecastService>(sp, cityOptions.UtcOffset));
        services.AddHostedService(sp => sp.GetRequiredService<ForecastService>());

        // What transport listens to: the twin's changes (its view of the roads) and governance's decisions.
        services.AddEventBatchHandler<TwinFeed>(Topics.TwinChanged, TwinFeed.Subscriber);
        services.AddEventHandler<RetimingDecisions>(Topics.ActionsDecided, RetimingDecisions.Subscriber);
        return services;
    }

    public static IEndpointRouteBuilder MapTransport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapTransportApi().MapRoutes().MapForecasts();
        return endpoints;
    }
}
