using CityMesh.Simulation.Traffic.Model;
using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Simulation.Traffic.Edits;

/// <summary>Closes <paramref name="Lanes"/> (0 = rightmost) of edge <paramref name="Edge"/>, or the whole edge when null.</summary>
public sealed record LaneClosure(int Edge, IReadOnlyList<int>? Lanes = null);

/// <param name="Cancelled">Trips that could not run: they start or end on a closed road, or no route is left.</param>
/// <param name="Rerouted">Trips whose route crossed a closed road or turn and were given the fastest remaining one.</param>
public sealed record ClosedRoads(TrafficNetwork Network, TrafficDemand Demand, IReadOnlyList<string> Cancelled, int Rerouted);

/// <summary>
/// Road and lane closures as a new network: closed lanes and every connection to or from them are removed, an edge
/// with no lane left is removed, indices are renumbered. Trips whose route used a closed road, or a turn that no
/// lane can make any more, take the fastest route that is left; trips with none are cancelled (and reported).
/// Signals keep their link indices, so the fixed-time programmes still apply to the links that remain.
/// </summary>
public static class RoadClosures
{
    public static ClosedRoads Apply(TrafficNetwork network, TrafficDemand demand, IReadOnlyCollection<LaneClosure> closures)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(closures);
        var closedLane = ClosedLanes(network, closures);

        // Edges keep their order; an edge loses closed lanes and disappears with its last one.
        var edgeMap = new int[network.Edges.Count];
        var laneMap = new int[network.Lanes.Count];
        Array.Fill(laneMap, -1);
        var edges = new List<Edge>();
        var lanes = new List<Lane>();
        for (int e = 0; e < network.Edges.Count; e++)
        {
            var open = network.Edges[e].Lanes.Where(l => !closedLane[l]).OrderBy(l => network.Lanes[l].IndexOnEdge).ToArray();
            if (open.Length == 0)
            {
                edgeMap[e] = -1;
                continue;
            }
            edgeMap[e] = edges.Count;
            var newLanes = new int[open.Length];
            for (int k = 0; k < open.Length; k++)
            {
                laneMap[open[k]] = lanes.Count;
                newLanes[k] = lanes.Count;
                lanes.Add(network.Lanes[open[k]] with { Edge = edges.Count, IndexOnEdge = k });
            }
            edges.Add(network.Edges[e] with { Lanes = newLanes });
        }

        var connectionMap = new int[network.Connections.Count];
        var kept = new List<Connection>();
        for (int c = 0; c < network.Connections.Count; c++)
        {
            var link = network.Connections[c];
            bool open = laneMap[link.FromLane] >= 0 && laneMap[link.ToLane] >= 0;
            connectionMap[c] = open ? kept.Count : -1;
            if (open) kept.Add(link);
        }
        var connections = kept.Select(link => link with
        {
            FromLane = laneMap[link.FromLane],
            ToLane = laneMap[link.ToLane],
            Foes = link.Foes.Select(f => connectionMap[f]).Where(f => f >= 0).ToArray(),
        }).ToArray();

        var closed = new TrafficNetwork(edges, lanes, network.Junctions, connections, network.Signals);
        var (trips, cancelled, rerouted) = Reroute(network, closed, demand.Trips, edgeMap);
        return new ClosedRoads(closed, demand with { Trips = trips }, cancelled, rerouted);
    }

    private static bool[] ClosedLanes(TrafficNetwork network, IEnumerable<LaneClosure> closures)
    {
        var closed = new bool[network.Lanes.Count];
        foreach (var closure in closures)
        {
            if ((uint)closure.Edge >= (uint)network.Edges.Count)
                throw new ArgumentOutOfRangeException(nameof(closures), closure.Edge, $"No edge {closure.Edge}; the network has {network.Edges.Count}.");
            var edge = network.Edges[closure.Edge];
            foreach (int lane in edge.Lanes)
            {
                int index = network.Lanes[lane].IndexOnEdge;
                if (closure.Lanes is null || closure.Lanes.Contains(index)) closed[lane] = true;
            }
            foreach (int index in closure.Lanes ?? [])
                if (!edge.Lanes.Any(l => network.Lanes[l].IndexOnEdge == index))
                    throw new ArgumentOutOfRangeException(nameof(closures), index, $"Edge '{edge.Id}' has no lane {index}; its lanes are 0..{edge.Lanes.Count - 1}.");
        }
        return closed;
    }

    private static (Trip[] Trips, string[] Cancelled, int Rerouted) Reroute(TrafficNetwork before, TrafficNetwork after, IReadOnlyList<Trip> trips, int[] edgeMap)
    {
        var paths = new ShortestPaths(after);
        var graph = paths.Graph;
        var result = new List<Trip>(trips.Count);
        var cancelled = new List<string>();
        int rerouted = 0;
        foreach (var trip in trips)
        {
            var route = trip.Route.Select(e => edgeMap[e]).ToArray();
            int first = route[0], last = route[^1];
            if (first < 0 || last < 0)
            {
                cancelled.Add(trip.Id);
                continue;
            }
            bool intact = route.All(e => e >= 0);
            for (int i = 1; intact && i < route.Length; i++) intact = graph.Leads(route[i - 1], route[i]);
            if (!intact)
            {
                var detour = paths.Find(first, last);
                if (detour is null)
                {
                    cancelled.Add(trip.Id);
                    continue;
                }
                route = detour;
                rerouted++;
            }
            int? departLane = trip.DepartLane is int lane && lane < after.Edges[first].Lanes.Count && !LaneIndexShifted(before, after, trip.Route[0], first) ? lane : null;
            result.Add(trip with { Route = route, DepartLane = departLane });
        }
        return (result.ToArray(), cancelled.ToArray(), rerouted);
    }

    /// <summary>A lane index on an edge that lost lanes may now name a different lane: let insertion choose then.</summary>
    private static bool LaneIndexShifted(TrafficNetwork before, TrafficNetwork after, int oldEdge, int newEdge) =>
        before.Edges[oldEdge].Lanes.Count != after.Edges[newEdge].Lanes.Count;
}
