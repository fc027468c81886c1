using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CityMesh.Twin.Dashboard;

public static class DashboardServices
{
    /// <summary>The snapshot builder and the live feed; map the page with <see cref="DashboardEndpoints.MapDashboard"/>.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<CitySnapshot>();
        services.AddSingleton<DashboardFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardFeed>());
        return services;
    }
}
