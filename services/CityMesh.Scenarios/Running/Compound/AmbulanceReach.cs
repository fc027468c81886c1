using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Scenarios.Running.Compound;

/// <summary>A home as reach counts it: its residents and the road edges along its frontage (one street, both ways).</summary>
public sealed record ReachHome(string Id, double People, IReadOnlyList<int> Edges);

/// <summary>Residents an ambulance reaches in time, of all residents counted.</summary>
public sealed record ReachFigures(double PeopleReached, double People)
{
    /// <summary>Reached, % of residents (0 where no one lives).</summary>
    public double Share => People > 0 ? 100 * PeopleReached / People : 0;
}

/// <summary>
/// How long an ambulance takes to reach each road of the network, and whom that puts within the response standard.
/// Stations and homes sit at the middle of their road: an ambulance is at its own road's middle at once, leaves by
/// either end (half the road), and is at another road's middle after driving every road between them in full and half
/// of that one; it turns only where the network has a connection. A closed road (water over it) is neither driven nor
/// left from, and a station on a closed road sends no one. Times are a multi-source Dijkstra over the network's edges
/// at each road's length / (speed limit × speed factor); nothing is random.
/// </summary>
public static class AmbulanceReach
{
    /// <summary>Per edge, seconds until the first ambulance is at its middle; +∞ where none can be.</summary>
    public static double[] Times(EdgeGraph graph, IReadOnlyCollection<int> stations, IReadOnlySet<int> closed, double speedFactor)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(speedFactor);
        int edges = graph.EdgeCount;
        var leaves = new double[edges];   // when an ambulance can leave the edge's far end
        var middle = new double[edges];
        Array.Fill(leaves, double.PositiveInfinity);
        Array.Fill(middle, double.PositiveInfinity);
        var queue = new PriorityQueue<int, double>();
        foreach (int s in stations)
        {
            if (closed.Contains(s)) continue;
            middle[s] = 0;
            double out_ = graph.Cost(s) / speedFactor / 2;
            if (out_ < leaves[s]) { leaves[s] = out_; queue.Enqueue(s, out_); }
        }
        while (queue.TryDequeue(out int edge, out double time))
        {
            if (time > leaves[edge]) continue; // a stale entry: a faster way out was found since
            foreach (int next in graph.Successors(edge))
            {
                if (closed.Contains(next)) continue;
                double cost = graph.Cost(next) / speedFactor;
                middle[next] = Math.Min(middle[next], time + cost / 2);
                if (time + cost < leaves[next])
                {
                    leaves[next] = time + cost;
                    queue.Enqueue(next, leaves[next]);
                }
            }
        }
        return middle;
    }

    /// <summary>
    /// The residents within <paramref name="limitSeconds"/> of an open station: a home is reached when any road along
    /// its frontage is, and lost with them when the water closes them all.
    /// </summary>
    public static ReachFigures Of(EdgeGraph graph, IReadOnlyCollection<int> stations, IReadOnlyList<ReachHome> homes, IReadOnlySet<int> closed,
        double speedFactor, double limitSeconds)
    {
        var times = Times(graph, stations, closed, speedFactor);
        double reached = 0, people = 0;
        foreach (var home in homes)
        {
            people += home.People;
            if (home.Edges.Any(e => !closed.Contains(e) && times[e] <= limitSeconds)) reached += home.People;
        }
        return new ReachFigures(reached, people);
    }
}
