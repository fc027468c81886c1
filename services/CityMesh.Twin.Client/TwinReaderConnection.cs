using CityMesh.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CityMesh.Twin.Client;

/// <summary>
/// A service's connection to the twin read API: one channel, opened on first use (after the server has started, so
/// the embedded twin's port is known), whose calls prove they come from the service (<see cref="ServiceCredentialHandler"/>).
/// </summary>
public sealed class TwinReaderConnection(TwinGrpcAddress address, IHttpMessageHandlerFactory handlers, TwinReaderOptions options, string service) : IDisposable
{
    /// <summary>The named HTTP client whose handler chain carries <paramref name="service"/>'s calls.</summary>
    public static string ClientName(string service) => "twin-reader:" + service;

    // PublicationOnly: a failure (the twin's address not known yet) is not cached; the next use tries again.
    private readonly Lazy<TwinReaderClient> _client = new(
        () => TwinReaderClient.Connect(address.Resolve(), handlers.CreateHandler(ClientName(service)), options), LazyThreadSafetyMode.PublicationOnly);

    /// <exception cref="InvalidOperationException">Where the twin is cannot be told yet (<see cref="TwinGrpcAddress"/>).</exception>
    public TwinReaderClient Client => _client.Value;

    public Uri Address => address.Resolve();

    public void Dispose()
    {
        if (_client.IsValueCreated) _client.Value.Dispose();
    }
}

public static class TwinReaderServices
{
    /// <summary>
    /// The twin read API for <paramref name="service"/> (e.g. <c>transport</c>): a <see cref="TwinReaderConnection"/> keyed
    /// by the service's name, so modules composed in one process each call as themselves.
    /// </summary>
    public static IServiceCollection AddTwinReaderClient(this IServiceCollection services, string service, TwinReaderOptions? options = null)
    {
        services.TryAddSingleton<TwinGrpcAddress>();
        services.AddHttpClient(TwinReaderConnection.ClientName(service))
            // HTTP/2 to the twin over several connections when one fills; connections renewed so DNS changes are seen.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddServiceIdentity(service);
        services.TryAddKeyedSingleton(service, (sp, _) => new TwinReaderConnection(
            sp.GetRequiredService<TwinGrpcAddress>(), sp.GetRequiredService<IHttpMessageHandlerFactory>(), options ?? new TwinReaderOptions(), service));
        return services;
    }
}
