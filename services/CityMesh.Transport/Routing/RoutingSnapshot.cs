using System.Collections.Concurrent;
using CityMesh.Simulation.Traffic.Routing;
using CityMesh.Transport.Network;

namespace CityMesh.Transport.Routing;

/// <summary>
/// One network snapshot costed for routing: its road times and, per vehicle class, the graph with those costs and
/// a pool of Dijkstra scratch (<see cref="ShortestPaths"/> is single-threaded), so concurrent requests reuse arrays
/// instead of allocating per query.
/// </summary>
internal sealed class RoutingSnapshot
{
    private readonly EdgeGraph[] _graphs;
    private readonly ConcurrentBag<ShortestPaths>[] _pools;

    public RoutingSnapshot(TransportNetwork network, RoadTopology topology, TravelTimeOptions options)
    {
        Topology = topology;
        Times = new RoadTimes(network, topology.Greens, options);
        var classes = Enum.GetValues<VehicleClass>();
        _graphs = new EdgeGraph[classes.Length];
        _pools = new ConcurrentBag<ShortestPaths>[classes.Length];
        var cost = new double[topology.Roads.Edges.Count];
        foreach (var vehicle in classes)
        {
            // An edge costs its drive plus the wait at its end: Dijkstra adds both each time it enters an edge.
            for (var e = 0; e < cost.Length; e++) cost[e] = Times.Drive(e, vehicle) + Times.ApproachDelay(e, vehicle);
            _graphs[(int)vehicle] = topology.Graph.WithCosts(cost);
            _pools[(int)vehicle] = [];
        }
    }

    public RoadTopology Topology { get; }

    public RoadTimes Times { get; }

    /// <summary>Routing cost of an edge for the class: drive plus the approach's typical junction delay.</summary>
    public double Cost(int edge, VehicleClass vehicle) => _graphs[(int)vehicle].Cost(edge);

    public ShortestPaths Rent(VehicleClass vehicle) =>
        _pools[(int)vehicle].TryTake(out var paths) ? paths : new ShortestPaths(_graphs[(int)vehicle]);

    public void Return(VehicleClass vehicle, ShortestPaths paths) => _pools[(int)vehicle].Add(paths);
}
