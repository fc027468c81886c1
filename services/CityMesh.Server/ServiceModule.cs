using CityMesh.Scenarios.Worker;
using CityMesh.Sensors;
using CityMesh.Twin;
using CityMesh.Governance;
using CityMesh.Transport;
using CityMesh.Health;
using CityMesh.Safety;
using CityMesh.Energy;

namespace CityMesh.Server;

/// <summary>A module the host can compose: <c>Add&lt;Module&gt;</c> for services, <c>Map&lt;Module&gt;</c> for endpoints.</summary>
/// <param name="Batch">Runs one piece of work and exits (the scenario worker): never part of <c>all</c>.</param>
/// <param name="Grpc">Maps gRPC services: the host then opens the HTTP/2 port (<see cref="GrpcPort"/>).</param>
public sealed record ServiceModule(
    string Target,
    Action<IServiceCollection, IConfiguration> Add,
    Action<IEndpointRouteBuilder> Map,
    bool Batch = false,
    bool Grpc = false)
{
    /// <summary>The modules this build has. Later modules (transport, health, ...) join this list.</summary>
    public static readonly IReadOnlyList<ServiceModule> Available =
    [
        new("twin", (services, configuration) => services.AddTwin(configuration), endpoints => endpoints.MapTwin(), Grpc: true),
        new("sensors", (services, configuration) => services.AddSensors(configuration), endpoints => endpoints.MapSensors()),
        new("governance", (services, configuration) => services.AddGovernance(configuration), endpoints => endpoints.MapGovernance()),
        new("transport", (services, configuration) => services.AddTransport(configuration), endpoints => endpoints.MapTransport()),
        new("health", (services, configuration) => services.AddHealth(configuration), endpoints => endpoints.MapHealth()),
        new("energy", (services, configuration) => services.AddEnergy(configuration), endpoints => endpoints.MapEnergy()),
        new("safety", (services, configuration) => services.AddSafety(configuration), endpoints => endpoints.MapSafety()),
        new("worker", (services, configuration) => services.AddScenarioWorker(configuration), _ => { }, Batch: true),
    ];
}
