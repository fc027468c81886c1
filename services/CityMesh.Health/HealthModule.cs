using CityMesh.Health.Fhir;
using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Health;

/// <summary>The health target: hospitals' capacity through FHIR into the twin (the first part of the health service).</summary>
public static class HealthModule
{
    public static IServiceCollection AddHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var city = configuration.ReadSettings<CityOptions>().IdSegment;
        services.AddSingleton(sp => new FhirIntake(sp.GetRequiredService<IEventBus>(), city));
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints) => endpoints.MapHealthApi();
}
