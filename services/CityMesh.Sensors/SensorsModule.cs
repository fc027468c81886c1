using CityMesh.Limits.Settings;
using CityMesh.Twin.Client;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CityMesh.Sensors;

/// <summary>
/// The sensors target: the city's simulated sensors, a source of telemetry like any other. They learn the roster
/// from the twin read API and publish on <c>telemetry.raw</c>; the twin takes them in as it takes any sensor's.
/// </summary>
public static class SensorsModule
{
    /// <summary>Binds <c>CityMesh:Telemetry</c>; when enabled, runs <see cref="TelemetrySimulator"/>.</summary>
    public static IServiceCollection AddSensors(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<TelemetrySimulatorOptions>(configuration);
        if (!options.Enabled) return services;
        services.TryAddSingleton(TimeProvider.System);
        // The simulator reads the city's seed and time zone; the twin's AddCitySeeding registers them when it runs here.
        services.TryAddSingleton(configuration.ReadSettings<CityOptions>());
        services.AddTwinReaderClient(TwinSensorRegistry.Service);
        services.AddSingleton<ISensorRegistry>(sp => new TwinSensorRegistry(sp.GetRequiredKeyedService<TwinReaderConnection>(TwinSensorRegistry.Service)));
        services.AddSingleton<TelemetrySimulator>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetrySimulator>());
        return services;
    }

    /// <summary>The sensors publish; their endpoints start drills: a storm (<see cref="StormDrillEndpoints"/>), a leaking main (<see cref="Water.LeakDrillEndpoints"/>).</summary>
    public static IEndpointRouteBuilder MapSensors(this IEndpointRouteBuilder endpoints) => Water.LeakDrillEndpoints.MapLeakDrill(endpoints.MapStormDrill().MapLoadDrill());
}
