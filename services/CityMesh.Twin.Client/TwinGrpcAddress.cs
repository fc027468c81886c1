using CityMesh.Limits.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Twin.Client;

/// <summary>
/// Where the twin read API is: <c>CityMesh:TwinGrpcUrl</c> (the twin's gRPC port, e.g. http://citymesh-twin:8081), or,
/// when unset, this server's own gRPC port (the embedded mode, where the twin runs in the same process). Resolve it
/// only once the server has started: a port asked for as 0 is known only then.
/// </summary>
public sealed class TwinGrpcAddress(IConfiguration configuration, IServiceProvider services)
{
    public const string Key = "CityMesh:TwinGrpcUrl";

    /// <exception cref="InvalidOperationException">The setting is not an http(s) URL, or it is unset and this server serves no gRPC.</exception>
    public Uri Resolve()
    {
        return configuration.ReadServiceUrl(Key, "http://twin:8081")
            ?? services.GetService<ILocalGrpcEndpoint>()?.Address
            ?? throw new InvalidOperationException($"{Key} is not set and this server serves no gRPC (CityMesh:Grpc:Port); set {Key} to the twin's gRPC address.");
    }
}

/// <summary>This server's own gRPC endpoint, once it listens; the host registers it when it serves gRPC.</summary>
public interface ILocalGrpcEndpoint
{
    /// <exception cref="InvalidOperationException">The server has not started yet.</exception>
    Uri Address { get; }
}
