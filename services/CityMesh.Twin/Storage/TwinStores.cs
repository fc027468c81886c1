using CityMesh.Twin.Changes;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Storage.Postgres;

namespace CityMesh.Twin.Storage;

/// <summary>Makes the store <see cref="TwinOptions.Store"/> names: the city's, or an NGSI-LD tenant's beside it.</summary>
public static class TwinStores
{
    /// <summary>The schema of a tenant's tables on PostgreSQL; tenant names never hold an underscore, so none share one.</summary>
    public static string TenantSchema(string tenant) => "citymesh_tenant_" + tenant.Replace('-', '_');

    /// <param name="tenant">Null for the city's own store.</param>
    public static ITwinStore Create(TwinOptions options, string? tenant = null) => options.Store switch
    {
        "memory" => new MemoryTwinStore(options.HistoryDepth),
        "postgres" when string.IsNullOrWhiteSpace(options.ConnectionString) =>
            throw new InvalidOperationException($"{TwinOptions.Section}:ConnectionString is required when Store is 'postgres'."),
        "postgres" when tenant is null => new PostgresTwinStore(options.ConnectionString!, options.HistoryDepth),
        "postgres" => PostgresTwinStore.InSchema(options.ConnectionString!, TenantSchema(tenant), options.HistoryDepth),
        _ => throw new InvalidOperationException($"{TwinOptions.Section}:Store is '{options.Store}'; use 'memory' or 'postgres'."),
    };

    /// <summary>The change log beside the city's store: in its database on PostgreSQL, so replicas share it.</summary>
    /// <param name="options">Validated (<see cref="TwinOptions.Validated"/>).</param>
    public static ITwinChangeLog CreateChangeLog(TwinOptions options, ITwinStore store) => store is PostgresTwinStore postgres
        ? new PostgresTwinChangeLog(postgres.DataSource, options.ChangeLogRetention, options.ChangeLogPollInterval)
        : new MemoryTwinChangeLog(options.ChangeLogCapacity);
}
