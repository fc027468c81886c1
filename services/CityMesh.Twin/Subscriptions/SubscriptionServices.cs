using CityMesh.Limits.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CityMesh.Twin.Subscriptions;

public static class SubscriptionServices
{
    /// <summary>NGSI-LD subscriptions: a space per tenant and the notifiers that deliver them (<c>CityMesh:Subscriptions</c>).</summary>
    public static IServiceCollection AddTwinSubscriptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<SubscriptionOptions>(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SubscriptionSpaces>();
        services.AddHostedService<SubscriptionNotifiers>();
        return services;
    }
}
