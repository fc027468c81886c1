using CityMesh.Access;
using CityMesh.Health.Capacity;
using CityMesh.Health.Dispatch;
using CityMesh.Health.Fhir;
using CityMesh.Health.Forecasting.Live;
using CityMesh.Health.Twin;
using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using CityMesh.Twin.Client;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health;

/// <summary>
/// The health target: hospitals' capacity through FHIR into the twin, its view of hospitals and ambulances from the
/// twin, capacity alerts on <c>health.events</c>, and ambulance dispatch and diversion proposed to governance.
/// </summary>
public static class HealthModule
{
    /// <summary>The HTTP client, with health's identity, that reads the admissions history from the twin.</summary>
    public const string AdmissionsForecastClient = "health-admissions-forecast";

    /// <summary>The domain whose events health listens to (safety's; health does not reference the safety project).</summary>
    public const string SafetyDomain = "safety";

    public static IServiceCollection AddHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<HealthOptions>(configuration);
        var city = options.City ?? configuration.ReadSettings<CityOptions>().IdSegment;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FhirIntake(sp.GetRequiredService<IEventBus>(), city, sp.GetRequiredService<HealthView>()));
        services.AddSingleton<HealthView>();
        services.AddTwinReaderClient(HealthFeed.Service);
        services.AddSingleton(sp => new HealthFeed(sp.GetRequiredKeyedService<TwinReaderConnection>(HealthFeed.Service), sp.GetRequiredService<HealthView>(), city,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<HealthFeed>>(), sp.GetService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => sp.GetRequiredService<HealthFeed>());
        services.AddSingleton<CapacityMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<CapacityMonitor>());

        // Dispatch: routes from transport and calls written to the twin, each as service:health.
        services.TryAddSingleton<TwinAddress>();
        services.AddHttpClient(TransportRoutes.ClientName, http => http.Timeout = TimeSpan.FromSeconds(10)).AddServiceIdentity(ServiceIdentity.Health);
        services.AddHttpClient(CallLog.ClientName, http => http.Timeout = TimeSpan.FromSeconds(10)).AddServiceIdentity(ServiceIdentity.Health);
        services.AddSingleton<IRouteTimes, TransportRoutes>();
        services.AddSingleton(sp => new CallLog(new TwinWriter(sp.GetRequiredService<IHttpClientFactory>(), CallLog.ClientName, sp.GetRequiredService<TwinAddress>(),
            sp.GetRequiredService<ILogger<CallLog>>()), city));
        services.AddSingleton<CallIntake>();
        var citySeed = configuration.ReadSettings<CityOptions>().Seed;
        services.AddSingleton(sp => new SimulatedCalls(options.SimulatedCalls, citySeed, sp.GetRequiredService<HealthView>(), sp.GetRequiredService<CallIntake>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SimulatedCalls>>()));
        services.AddHostedService(sp => sp.GetRequiredService<SimulatedCalls>());
        services.AddSingleton<DispatchService>();
        services.AddHostedService(sp => sp.GetRequiredService<DispatchService>());
        services.AddSingleton<CrewReroutes>();
        services.AddHostedService(sp => sp.GetRequiredService<CrewReroutes>());
        services.AddSingleton<CallProgress>();
        services.AddHostedService(sp => sp.GetRequiredService<CallProgress>());
        services.AddSingleton<DiversionService>();
        services.AddHostedService(sp => sp.GetRequiredService<DiversionService>());
        services.AddHttpClient(AdmissionsForecastClient, http => http.Timeout = TimeSpan.FromSeconds(10)).AddServiceIdentity(ServiceIdentity.Health);
        var utcOffset = configuration.ReadSettings<CityOptions>().UtcOffset;
        services.AddSingleton(sp => new Forecasting.Live.AdmissionsForecastService(sp.GetRequiredService<HealthView>(),
            new TwinWriter(sp.GetRequiredService<IHttpClientFactory>(), AdmissionsForecastClient, sp.GetRequiredService<TwinAddress>(),
                sp.GetRequiredService<ILogger<Forecasting.Live.AdmissionsForecastService>>()),
            options, utcOffset, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<Forecasting.Live.AdmissionsForecastService>>()));
        services.AddHostedService(sp => sp.GetRequiredService<Forecasting.Live.AdmissionsForecastService>());
        services.AddSingleton<Surge.SurgeService>();
        services.AddHostedService(sp => sp.GetRequiredService<Surge.SurgeService>());

        // What health listens to: governance's decisions on its proposals, and safety's flood impacts (flooded hospitals
        // diverted). Its view of the twin is watched over gRPC.
        services.AddEventHandler<DispatchDecisions>(Topics.ActionsDecided, DispatchDecisions.Subscriber);
        services.AddEventHandler<FloodedHospitals>(Topics.DomainEvents(SafetyDomain), FloodedHospitals.Subscriber);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints) => endpoints.MapHealthApi().MapCapacity().MapCalls().MapAmbulances().MapAdmissionsForecast();
}
