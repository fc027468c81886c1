using CityMesh.Limits.Settings;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Ngsi.JsonLd;

/// <summary>Registers where request contexts come from: what <see cref="NgsiLdEndpoints.MapNgsiLd"/> needs besides a store.</summary>
public static class JsonLdServices
{
    /// <summary>
    /// <see cref="ContextSource"/> from <c>CityMesh:JsonLd</c>. Preloaded files are read now, so a missing one stops
    /// start; hosted and fetched contexts are kept in PostgreSQL when the twin's store is there.
    /// </summary>
    public static IServiceCollection AddJsonLdContexts(this IServiceCollection services, IConfiguration configuration)
    {
        var options = services.AddSettings<JsonLdOptions>(configuration);
        var preloaded = ContextSource.ReadPreloaded(options, DateTimeOffset.UtcNow);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ContextSource(options, preloaded,
            sp.GetRequiredService<ITwinStore>() is PostgresTwinStore postgres ? new PostgresJsonLdContextStore(postgres.DataSource) : null,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ContextSource>>()));
        return services;
    }
}
