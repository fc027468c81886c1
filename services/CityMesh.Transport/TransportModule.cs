using CityMesh.Access;
using CityMesh.Transport.Congestion;
using CityMesh.Transport.Forecasting.Live;
using CityMesh.Transport.Network;
using CityMesh.Transport.Retiming;
using CityMesh.Transport.Routing;
using CityMesh.Twin.Client;
using CityMesh.Twin.Seeding;
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
        var options = (configuration.GetSection(TransportOptions.Section).Get<TransportOptions>() ?? new TransportOptions()).Validated();
        var city = options.City ?? (configuration.GetSection(CityOptions.Section).Get<CityOptions>() ?? new CityOptions()).IdSegment;
        services.AddSingleton(options);
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
        var forecasting = (configuration.GetSection(ForecastingOptions.Section).Get<ForecastingOptions>() ?? new ForecastingOptions()).Validated();
        var utcOffset = (configuration.GetSection(CityOptions.Section).Get<CityOptions>() ?? new CityOptions()).UtcOffset;
        services.AddSingleton(forecasting);
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<ForecastService>(sp, utcOffset));
        services.AddHostedService(sp => sp.GetRequiredService<ForecastService>());
        return services;
    }

    public static IEndpointRouteBuilder MapTransport(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapTransportApi().MapRoutes().MapForecasts();
        return endpoints;
    }
}
