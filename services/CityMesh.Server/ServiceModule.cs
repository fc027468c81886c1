using CityMesh.Twin;

namespace CityMesh.Server;

/// <summary>A module the host can compose: <c>Add&lt;Module&gt;</c> for services, <c>Map&lt;Module&gt;</c> for endpoints.</summary>
public sealed record ServiceModule(
    string Target,
    Action<IServiceCollection, IConfiguration> Add,
    Action<IEndpointRouteBuilder> Map)
{
    /// <summary>The modules this build has. Later modules (transport, health, ...) join this list.</summary>
    public static readonly IReadOnlyList<ServiceModule> Available =
    [
        new("twin", (services, configuration) => services.AddTwin(configuration), endpoints => endpoints.MapTwin()),
    ];
}
