using CityMesh.Twin.Ngsi.JsonLd;
using CityMesh.Twin.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Subscriptions;

/// <summary>The city's subscription space and each tenant's, beside <see cref="TwinTenants"/>' twins.</summary>
public sealed class SubscriptionSpaces
{
    private readonly Dictionary<string, SubscriptionSpace> _tenants = new(StringComparer.Ordinal);

    public SubscriptionSpaces(TwinTenants tenants, TimeProvider time, ContextSource contexts, ILogger<SubscriptionSpaces>? logger = null)
    {
        City = new SubscriptionSpace(null, tenants.City, SubscriptionSpace.StoreFor(tenants.City), time, contexts, logger);
        foreach (var (name, twin) in tenants.All)
            _tenants[name] = new SubscriptionSpace(name, twin, SubscriptionSpace.StoreFor(twin), time, contexts, logger);
    }

    public SubscriptionSpace City { get; }

    public IEnumerable<SubscriptionSpace> All => [City, .. _tenants.Values];

    /// <summary>The space a request addresses; its <c>NGSILD-Tenant</c> was checked by the tenant filter.</summary>
    public SubscriptionSpace For(HttpContext http) =>
        TwinTenants.Requested(http) is { } tenant ? _tenants[tenant] : City;
}
