using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CityMesh.Twin.Dashboard;

public static class DashboardServices
{
    /// <summary>The snapshot builder and the live feed; map the page with <see cref="DashboardEndpoints.MapDashboard"/>.</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        // Try: a host (or a test) may register its own, say a feed with smaller viewer queues.
        services.TryAddSingleton<CitySnapshot>();
        services.TryAddSingleton<DashboardFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<DashboardFeed>());
        return services;
    }
}
