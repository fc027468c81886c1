using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using CityMesh.Safety.Air;
using CityMesh.Safety.Alerts;
using CityMesh.Safety.Forecast;
using CityMesh.Safety.Gauges;
using CityMesh.Safety.Incidents;
using CityMesh.Safety.Response;
using CityMesh.Safety.Water;
using CityMesh.Access;
using CityMesh.Twin.Client;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Safety;

/// <summary>
/// The safety target: follows the city's flood gauges and shelters in the twin, raises flood alerts on
/// <c>safety.events</c>, forecasts the flood from the live levels, and proposes road closures and evacuations to
/// governance, with the forecast as evidence.
/// </summary>
public static class SafetyModule
{
    /// <summary>The named client the live hydraulics write to the twin with, as service:safety.</summary>
    public const string WaterClient = "safety-water";

    /// <summary>The named client the incident register writes the twin's Incident entities with, as service:safety.</summary>
    public const string IncidentClient = "safety-incidents";

    public static IServiceCollection AddSafety(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<SafetyOptions>(configuration);
        var cityOptions = configuration.ReadSettings<CityOptions>();
        var city = options.City ?? cityOptions.IdSegment;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new GaugeHistory(options.TrendWindow));
        services.AddSingleton<SafetyView>();
        services.AddTwinReaderClient(SafetyFeed.Service);
        services.AddSingleton(sp => new SafetyFeed(sp.GetRequiredKeyedService<TwinReaderConnection>(SafetyFeed.Service), sp.GetRequiredService<SafetyView>(),
            sp.GetRequiredService<GaugeHistory>(), city, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SafetyFeed>>(),
            sp.GetService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => sp.GetRequiredService<SafetyFeed>());
        services.AddSingleton<FloodAlertMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<FloodAlertMonitor>());
        services.AddSingleton(sp => new FloodForecaster(sp.GetRequiredKeyedService<TwinReaderConnection>(SafetyFeed.Service), options, city, cityOptions.Seed));
        services.AddSingleton(new ForecastLog(options, city));
        // The incident register, kept in the twin: the flood response opens and adds to incidents, operators through the API.
        services.TryAddSingleton<TwinAddress>();
        services.AddHttpClient(IncidentClient, http => http.Timeout = TimeSpan.FromSeconds(10)).AddServiceIdentity(ServiceIdentity.Safety);
        services.AddSingleton(sp => new IncidentBook(sp.GetRequiredKeyedService<TwinReaderConnection>(SafetyFeed.Service),
            new TwinWriter(sp.GetRequiredService<IHttpClientFactory>(), IncidentClient, sp.GetRequiredService<TwinAddress>(), sp.GetRequiredService<ILogger<IncidentBook>>()),
            sp.GetRequiredService<IEventBus>(), city, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<IncidentBook>>(), sp.GetService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => sp.GetRequiredService<IncidentBook>());
        // Air quality: the stations' index, band alerts (and their incidents), faulty sensors, the field and least-exposed walks.
        services.AddSingleton(sp => new AirMonitor(sp.GetRequiredKeyedService<TwinReaderConnection>(SafetyFeed.Service), options, city,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AirMonitor>>(), sp.GetService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => sp.GetRequiredService<AirMonitor>());
        services.AddSingleton<AirResponse>();
        services.AddHostedService(sp => sp.GetRequiredService<AirResponse>());
        services.AddSingleton<AirStreets>();
        services.AddSingleton(sp => new AirForecasts(sp.GetRequiredService<AirMonitor>(), cityOptions.UtcOffset));
        services.AddSingleton<FloodResponse>();
        services.AddHostedService(sp => sp.GetRequiredService<FloodResponse>());

        // The water network's live hydraulics: read from the twin over gRPC, written back as service:safety.
        services.AddHttpClient(WaterClient, http => http.Timeout = TimeSpan.FromSeconds(10)).AddServiceIdentity(ServiceIdentity.Safety);
        var utcOffset = cityOptions.UtcOffset;
        services.AddSingleton(sp => new WaterHydraulics(sp.GetRequiredKeyedService<TwinReaderConnection>(SafetyFeed.Service),
            new TwinWriter(sp.GetRequiredService<IHttpClientFactory>(), WaterClient, sp.GetRequiredService<TwinAddress>(), sp.GetRequiredService<ILogger<WaterHydraulics>>()),
            options, city, utcOffset, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WaterHydraulics>>(), sp.GetService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => sp.GetRequiredService<WaterHydraulics>());
        services.AddSingleton(sp => new LeakCrews(sp.GetRequiredService<WaterHydraulics>(), sp.GetRequiredService<IncidentBook>(), sp.GetRequiredService<IEventBus>(),
            options, city, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LeakCrews>>()));
        // Leaks found from the meters' telemetry: proposed as a crew's list, as a reported leak is.
        services.AddSingleton(sp => new LeakWatch(sp.GetRequiredService<WaterHydraulics>(),
            new TwinWriter(sp.GetRequiredService<IHttpClientFactory>(), WaterClient, sp.GetRequiredService<TwinAddress>(), sp.GetRequiredService<ILogger<LeakWatch>>()),
            sp.GetRequiredService<LeakCrews>(), sp.GetRequiredService<IncidentBook>(), options, city, utcOffset, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<LeakWatch>>(), sp.GetService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => sp.GetRequiredService<LeakWatch>());
        services.AddSingleton(sp => new WaterIsolation(sp.GetRequiredService<WaterHydraulics>(), sp.GetRequiredService<IncidentBook>(), sp.GetRequiredService<IEventBus>(),
            options, city, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WaterIsolation>>()));

        // What safety listens to: governance's decisions on its proposals (its view of the twin is watched over gRPC).
        services.AddEventHandler<SafetyDecisions>(Topics.ActionsDecided, SafetyDecisions.Subscriber);
        return services;
    }

    public static IEndpointRouteBuilder MapSafety(this IEndpointRouteBuilder endpoints) => endpoints.MapSafetyApi().MapIncidents().MapAir().MapWater();
}
