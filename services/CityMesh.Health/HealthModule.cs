using CityMesh.Health.Capacity;
using CityMesh.Health.Fhir;
using CityMesh.Health.Twin;
using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using CityMesh.Twin.Client;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health;

/// <summary>
/// The health target: hospitals' capacity through FHIR into the twin, its view of hospitals and ambulances from the
/// twin, capacity alerts on <c>health.events</c>, and ambulance dispatch and diversion proposed to governance.
/// </summary>
public static class HealthModule
{
    public static IServiceCollection AddHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<HealthOptions>(configuration);
        var city = options.City ?? configuration.ReadSettings<CityOptions>().IdSegment;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new FhirIntake(sp.GetRequiredService<IEventBus>(), city));
        services.AddSingleton<HealthView>();
        services.AddTwinReaderClient(HealthFeed.Service);
        services.AddSingleton(sp => new HealthFeed(sp.GetRequiredKeyedService<TwinReaderConnection>(HealthFeed.Service), sp.GetRequiredService<HealthView>(), city,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<HealthFeed>>()));
        services.AddHostedService(sp => sp.GetRequiredService<HealthFeed>());
        services.AddSingleton<CapacityMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<CapacityMonitor>());
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints) => endpoints.MapHealthApi().MapCapacity();
}
