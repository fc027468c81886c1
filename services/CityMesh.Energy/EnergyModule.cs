using CityMesh.Access;
using CityMesh.Energy.Chains;
using CityMesh.Energy.Forecast;
using CityMesh.Energy.Grid;
using CityMesh.Energy.Meters;
using CityMesh.Energy.Solar;
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

namespace CityMesh.Energy;

/// <summary>
/// The energy target: follows the city's grid in the twin, solves its power flow live from the meters and writes the
/// loading and voltages back, raises overloads and voltage violations now and forecast on <c>energy.events</c>,
/// proposes relief under governance (ahead of time for forecast ones), watches the meters for faults, and assesses
/// every roof's solar potential.
/// </summary>
public static class EnergyModule
{
    /// <summary>The twin reader connection and the named client energy writes its computed attributes with, as service:energy.</summary>
    public const string Service = "energy";

    /// <summary>The domain whose events energy listens to (safety's <c>FloodResponse.Domain</c>; energy does not reference the safety project).</summary>
    public const string SafetyDomain = "safety";

    public static IServiceCollection AddEnergy(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<EnergyOptions>(configuration);
        var cityOptions = configuration.ReadSettings<CityOptions>();
        var city = options.City ?? cityOptions.IdSegment;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TwinAddress>();
        services.AddTwinReaderClient(Service);
        services.AddHttpClient(Service, http => http.Timeout = TimeSpan.FromSeconds(10)).AddServiceIdentity(ServiceIdentity.Energy);
        TwinWriter Writer(IServiceProvider sp, ILogger logger) => new(sp.GetRequiredService<IHttpClientFactory>(), Service, sp.GetRequiredService<TwinAddress>(), logger);
        services.AddSingleton(sp => new LiveGrid(sp.GetRequiredKeyedService<TwinReaderConnection>(Service), Writer(sp, sp.GetRequiredService<ILogger<LiveGrid>>()),
            sp.GetRequiredService<IEventBus>(), options, city, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LiveGrid>>(),
            sp.GetService<IHostApplicationLifetime>(), sp.GetRequiredService<LoadHistory>(), sp.GetRequiredService<LoadForecasts>(), sp.GetRequiredService<MeterWatch>()));
        services.AddHostedService(sp => sp.GetRequiredService<LiveGrid>());
        services.AddSingleton<LoadHistory>(_ => new LoadHistory());
        services.AddSingleton<LoadForecasts>();
        services.AddSingleton(_ => new MeterWatch(options, city));
        services.AddSingleton(sp => new RoofAssessment(sp.GetRequiredKeyedService<TwinReaderConnection>(Service), Writer(sp, sp.GetRequiredService<ILogger<RoofAssessment>>()),
            options, city, cityOptions.UtcOffset, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RoofAssessment>>(),
            sp.GetService<IHostApplicationLifetime>()));
        services.AddHostedService(sp => sp.GetRequiredService<RoofAssessment>());

        // What energy listens to: safety's flood impacts (flooded substations are isolated and their load picked up).
        // Governance's decisions on its relief reach it through the twin, where the changes land.
        services.AddSingleton(sp => new FloodedSubstations(sp.GetRequiredService<LiveGrid>(), sp.GetRequiredService<IEventBus>(), options, city,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FloodedSubstations>>()));
        services.AddEventHandler<FloodedSubstations>(Topics.DomainEvents(SafetyDomain), FloodedSubstations.Subscriber);
        return services;
    }
}
