using CityMesh.Limits.Settings;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;

namespace CityMesh.Twin.Client;

/// <summary>
/// Where the twin's NGSI-LD API is, for modules that read or write it over HTTP (modules never call each other
/// directly): <c>CityMesh:TwinUrl</c>, or, when unset, this process's own address (the embedded mode, where the twin
/// runs in the same server). Resolve it only once the server has started.
/// </summary>
public sealed class TwinAddress(IConfiguration configuration, IServer server)
{
    public const string Key = "CityMesh:TwinUrl";

    /// <exception cref="InvalidOperationException">The setting is not an http(s) URL, or it is unset and this server listens nowhere.</exception>
    public Uri Resolve()
    {
        if (configuration.ReadServiceUrl(Key, "http://twin:8080") is { } url) return url;
        var own = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{Key} is not set and this server has no HTTP address yet; set {Key} to the twin's URL.");
        return Local(own);
    }

    /// <summary>A listening address with a wildcard host (<c>http://0.0.0.0:8080</c>, <c>http://+:80</c>) as one to call.</summary>
    public static Uri Local(string address)
    {
        var builder = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (builder.Host is "0.0.0.0" or "localhost") builder.Host = "127.0.0.1";
        else if (builder.Host is "[::]" or "::") builder.Host = "[::1]";
        builder.Path = "/";
        return builder.Uri;
    }
}
