using CityMesh.Limits.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CityMesh.Twin.Seeding;

public static class CitySeedingServices
{
    /// <summary>
    /// Binds <c>CityMesh:City</c>; when enabled, seeds the twin at start and holds readiness ("ready" health
    /// check <c>city-seed</c>) until the city is written.
    /// </summary>
    public static IServiceCollection AddCitySeeding(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<CityOptions>(configuration);
        if (!options.Enabled) return services;
        services.AddSingleton<CitySeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<CitySeeder>());
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "city-seed", sp => sp.GetRequiredService<CitySeeder>(), HealthStatus.Unhealthy, ["ready"]));
        return services;
    }
}
