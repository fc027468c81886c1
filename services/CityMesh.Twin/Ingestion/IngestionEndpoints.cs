using CityMesh.Limits;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Twin.Ingestion;

/// <summary>
/// The twin's gRPC surface: the gateway ingestion service and the standard gRPC health service
/// (<c>grpc.health.v1.Health</c>). gRPC needs HTTP/2; the server gives it a port of its own where h2c works
/// (<c>CityMesh:Grpc:Port</c>, see the server's <c>GrpcPort</c>).
/// </summary>
public static class IngestionEndpoints
{
    /// <summary>The name the health service answers for, besides the whole server's "".</summary>
    public const string ServiceName = "citymesh.ingestion.v1.TelemetryIngestion";

    public static IServiceCollection AddTelemetryIngestion(this IServiceCollection services)
    {
        services.AddGrpc();
        // The message limit is the server's CityMesh:Limits one, read when the gRPC options are first built.
        services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>()
            .Configure<InputLimits>((grpc, limits) => grpc.MaxReceiveMessageSize = limits.TelemetryMessageBytes);
        // Serving means ready: the same checks as /readyz (stores, bus, city), so a gateway stops sending to a twin
        // that could not publish or apply.
        services.AddGrpcHealthChecks(o =>
        {
            o.Services.Map("", r => r.Tags.Contains("ready"));
            o.Services.Map(ServiceName, r => r.Tags.Contains("ready"));
        });
        return services;
    }

    public static IEndpointRouteBuilder MapTelemetryIngestion(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<TelemetryIngestionService>();
        endpoints.MapGrpcHealthChecksService();
        return endpoints;
    }
}
