using CityMesh.Limits.Settings;
using CityMesh.Twin.Seeding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CityMesh.Twin.Telemetry;

public static class TelemetrySimulatorServices
{
    /// <summary>Binds <c>CityMesh:Telemetry</c>; when enabled, runs <see cref="TelemetrySimulator"/>.</summary>
    public static IServiceCollection AddTelemetrySimulator(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<TelemetrySimulatorOptions>(configuration);
        if (!options.Enabled) return services;
        services.TryAddSingleton(TimeProvider.System);
        // The simulator reads the city's seed and time zone; AddCitySeeding normally registers them.
        services.TryAddSingleton(configuration.ReadSettings<CityOptions>());
        services.AddSingleton<TelemetrySimulator>();
        services.AddHostedService(sp => sp.GetRequiredService<TelemetrySimulator>());
        return services;
    }
}
