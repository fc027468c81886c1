using CityMesh.Simulation.Twin;
using CityMesh.Contracts.Twin;

namespace CityMesh.Simulation.Water.Twin;

/// <summary>
/// The twin's water network entities as read back through its API (NGSI-LD, normalized) as the network's elements
/// (<see cref="NgsiElements.From"/>), for <see cref="WaterNetworkReading"/> and <see cref="WaterMeters.Read"/>: safety's live hydraulics and the simulated
/// sensors' water field read them alike.
/// </summary>
public static class NgsiWaterEntities
{
    /// <summary>The types a water network is made of.</summary>
    public static readonly IReadOnlyList<string> Types =
        [EntityTypes.WaterNetwork, EntityTypes.Junction, EntityTypes.Reservoir, EntityTypes.Tank, EntityTypes.Pipe, EntityTypes.Pump, EntityTypes.Valve];

    /// <summary>The network's types and its meters (<see cref="EntityTypes.Device"/>).</summary>
    public static readonly IReadOnlyList<string> TypesWithMeters = [.. Types, EntityTypes.Device];
}
