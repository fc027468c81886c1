using System.Collections.Frozen;
using CityMesh.Access;
using CityMesh.Twin.Ngsi.Problems;
using CityMesh.Twin.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CityMesh.Twin.Tenancy;

/// <summary>
/// The twin's NGSI-LD tenants (<see cref="TwinOptions.Tenants"/>): a twin per tenant beside the city's, each on a store
/// of its own with a change log of its own (for its subscriptions), its writes not announced on the city's bus
/// (<see cref="TwinService.Unannounced"/>). Who may reach a
/// tenant is <see cref="Ngsi.Access.NgsiAccess.TenantRefusal"/>'s to say; this only finds the twin a request names.
/// Tenants are declared, never created by a request: a typo in a header must not open a new information space.
/// </summary>
public sealed class TwinTenants : IAsyncDisposable
{
    private readonly FrozenDictionary<string, TwinService> _tenants;

    /// <exception cref="InvalidOperationException">A tenant's name is not one, is declared twice, or an API key names an undeclared tenant.</exception>
    public TwinTenants(TwinService city, TwinOptions options, IOptions<AccessOptions> access)
    {
        City = city;
        var tenants = new Dictionary<string, TwinService>(StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < options.Tenants.Count; i++)
            {
                var name = options.Tenants[i];
                if (Tenants.NameProblem(name) is { } problem) throw new InvalidOperationException($"{TwinOptions.Section}:Tenants:{i}: {problem}");
                if (tenants.ContainsKey(name)) throw new InvalidOperationException($"{TwinOptions.Section}:Tenants:{i}: '{name}' is declared twice");
                var store = TwinStores.Create(options, name);
                tenants[name] = TwinService.Unannounced(store, TwinStores.CreateChangeLog(options, store));
            }
            var keys = access.Value.ApiKeys;
            for (var i = 0; i < keys.Count; i++)
            {
                if (keys[i].Tenant is { } tenant && !tenants.ContainsKey(tenant))
                    throw new InvalidOperationException(
                        $"{AccessOptions.Section}:ApiKeys:{i}:Tenant is '{tenant}', which {TwinOptions.Section}:Tenants does not declare " +
                        $"({(tenants.Count == 0 ? "it declares none" : string.Join(", ", tenants.Keys.Order(StringComparer.Ordinal)))})");
            }
        }
        catch
        {
            foreach (var twin in tenants.Values) twin.Store.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
        _tenants = tenants.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The city's own twin: requests without <c>NGSILD-Tenant</c>, and everything outside the NGSI-LD API.</summary>
    public TwinService City { get; }

    public IEnumerable<string> Names => _tenants.Keys;

    /// <summary>Every tenant's twin, for preparing and checking their stores.</summary>
    public IEnumerable<KeyValuePair<string, TwinService>> All => _tenants;

    public bool Exists(string tenant) => _tenants.ContainsKey(tenant);

    /// <summary>The twin a request addresses: the city's without <c>NGSILD-Tenant</c>, the tenant's with it.</summary>
    /// <exception cref="NgsiProblemException">NonexistentTenant: the header names no declared tenant.</exception>
    public TwinService For(HttpContext http)
    {
        var name = Requested(http);
        if (name is null) return City;
        return _tenants.TryGetValue(name, out var twin) ? twin : throw new NgsiProblemException(Nonexistent(name));
    }

    /// <summary>The tenant a request names, or null for the city's own entities.</summary>
    public static string? Requested(HttpContext http)
    {
        var header = http.Request.Headers[Tenants.Header];
        return header.Count == 0 || string.IsNullOrEmpty(header[0]) ? null : header.ToString();
    }

    public NgsiProblem Nonexistent(string name) => NgsiProblem.NonexistentTenant(_tenants.Count == 0
        ? $"this twin has no tenant '{name}': it declares none, so send no {Tenants.Header} header"
        : $"this twin has no tenant '{name}'; tenants are declared under {TwinOptions.Section}:Tenants, never created by a request");

    public async ValueTask DisposeAsync()
    {
        foreach (var twin in _tenants.Values) await twin.Store.DisposeAsync();
    }
}
