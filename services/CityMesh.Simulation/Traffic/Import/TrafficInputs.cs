using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>A network and its demand, with where they came from (for the summary).</summary>
public sealed record TrafficInputs(TrafficNetwork Network, TrafficDemand Demand, string Description)
{
    /// <summary>SUMO files: a .net.xml and a .rou.xml (vTypes, vehicles, routes, flows, trips).</summary>
    public static TrafficInputs FromSumo(string network, string routes, int seed)
    {
        var net = SumoNetworkReader.Read(network);
        return new TrafficInputs(net, SumoRoutesReader.Read(routes, net, seed), $"SUMO {Path.GetFileName(network)} + {Path.GetFileName(routes)}");
    }

    /// <summary>CityFlow files: a roadnet JSON and a flow JSON.</summary>
    public static TrafficInputs FromCityFlow(string roadnet, string flow)
    {
        var net = CityFlowNetworkReader.Read(roadnet);
        return new TrafficInputs(net, CityFlowFlowReader.Read(flow, net), $"CityFlow {Path.GetFileName(roadnet)} + {Path.GetFileName(flow)}");
    }

    /// <summary>A generated grid with random trips (scale runs).</summary>
    public static TrafficInputs Grid(int number, int trips, double departWindow, int seed)
    {
        var net = GridNetworkGenerator.Build(number);
        return new TrafficInputs(net, GridDemandGenerator.Build(net, trips, departWindow, seed: seed),
            $"generated {number}×{number} grid, {trips:N0} trips over {departWindow:N0} s");
    }
}
