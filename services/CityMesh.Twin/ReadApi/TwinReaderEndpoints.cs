using Grpc.AspNetCore.HealthChecks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Twin.ReadApi;

/// <summary>The twin read API on the twin's gRPC port, beside gateway ingestion, with a health status of its own name.</summary>
public static class TwinReaderEndpoints
{
    /// <summary>The name the gRPC health service answers for: serving once the store is ready.</summary>
    public const string ServiceName = Client.TwinReaderClient.ServiceName;

    public static IServiceCollection AddTwinReader(this IServiceCollection services)
    {
        services.AddGrpc();
        services.Configure<GrpcHealthChecksOptions>(o => o.Services.Map(ServiceName, r => r.Tags.Contains("ready")));
        return services;
    }

    public static IEndpointRouteBuilder MapTwinReader(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<TwinReaderService>();
        return endpoints;
    }
}
