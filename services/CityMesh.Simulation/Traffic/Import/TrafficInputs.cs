using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A network and its demand, with where they came from (for the summary). Every factory holds them to
/// <see cref="InputLimits"/> (the defaults when none are given): file size, vehicles, and the memory the run would take
/// (<see cref="RunFootprint"/>), so whatever comes back can be simulated.
/// </summary>
public sealed record TrafficInputs(TrafficNetwork Network, TrafficDemand Demand, string Description)
{
    /// <summary>Junctions along one side of the largest generated grid: 10⁸ junctions, far past any city.</summary>
    public const int LargestGrid = 10_000;

    /// <summary>SUMO files: a .net.xml, a .rou.xml (vTypes, vehicles, routes, flows, trips) and additional files (tlLogic, vTypes).</summary>
    public static TrafficInputs FromSumo(string network, string routes, int seed, InputLimits? limits = null, IReadOnlyList<string>? additional = null)
    {
        limits ??= InputLimits.Default;
        var net = SumoNetworkReader.Read(network, limits, additional);
        var demand = SumoRoutesReader.Read(routes, net, seed, limits, additional);
        RunFootprint.Of(net, demand).Check(limits, routes);
        return new TrafficInputs(net, demand, $"SUMO {Path.GetFileName(network)} + {Path.GetFileName(routes)}");
    }

    /// <summary>CityFlow files: a roadnet JSON and a flow JSON.</summary>
    public static TrafficInputs FromCityFlow(string roadnet, string flow, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        var net = CityFlowNetworkReader.Read(roadnet, limits);
        var demand = CityFlowFlowReader.Read(flow, net, limits);
        RunFootprint.Of(net, demand).Check(limits, flow);
        return new TrafficInputs(net, demand, $"CityFlow {Path.GetFileName(roadnet)} + {Path.GetFileName(flow)}");
    }

    /// <summary>A generated grid with random trips (scale runs), its size checked before a junction is built.</summary>
    public static TrafficInputs Grid(int number, int trips, double departWindow, int seed, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        var description = $"generated {number}×{number} grid, {trips:N0} trips over {departWindow:N0} s";
        if (number is < 2 or > LargestGrid)
            throw new TrafficImportException(description, $"a grid has 2 to {LargestGrid:N0} junctions a side, not {number:N0}");
        if (trips < 1 || trips > limits.VehiclesPerSimulation)
            throw new TrafficImportException(description, $"{trips:N0} trips: a grid needs at least 1 and at most the {limits.VehiclesPerSimulation:N0} vehicles " +
                                                          $"a simulation may have ({InputLimits.Section}:{nameof(InputLimits.VehiclesPerSimulation)})");
        RunFootprint.OfGrid(number, lanesPerEdge: 2, blockLength: 200, trips, maxBlocks: 10).Check(limits, description);
        var net = GridNetworkGenerator.Build(number);
        return new TrafficInputs(net, GridDemandGenerator.Build(net, trips, departWindow, seed: seed), description);
    }
}
