using CityMesh.Simulation.Traffic.Model;
using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Turns edge ids from a demand file into routes of the network: checks that listed routes are connected, and
/// finds the fastest path where a file gives only ends (SUMO trips, CityFlow's gaps). Errors come from the caller's
/// <c>error</c>, which knows where in the file the route stands.
/// </summary>
internal sealed class RouteResolver(TrafficNetwork network)
{
    private ShortestPaths? _paths;

    private ShortestPaths Paths => _paths ??= new ShortestPaths(network);

    public int Edge(string id, Func<string, TrafficImportException> error) =>
        network.EdgeIndex.TryGetValue(id, out var edge) ? edge : throw error($"names edge '{TrafficImportException.Quote(id)}', which the network does not have");

    public int[] Edges(string ids, Func<string, TrafficImportException> error)
    {
        var parts = ids.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw error("lists no edges");
        return parts.Select(id => Edge(id, error)).ToArray();
    }

    /// <summary>Throws unless every edge leads to the next one through some connection.</summary>
    public void CheckConnected(IReadOnlyList<int> route, Func<string, TrafficImportException> error)
    {
        for (var i = 1; i < route.Count; i++)
            if (!Paths.Graph.Leads(route[i - 1], route[i]))
                throw error($"goes from edge '{network.Edges[route[i - 1]].Id}' to edge '{network.Edges[route[i]].Id}', which no connection joins");
    }

    /// <summary>The fastest route through the given edges in order, each gap filled by a shortest path.</summary>
    public int[] Through(IReadOnlyList<int> waypoints, Func<string, TrafficImportException> error)
    {
        var route = new List<int> { waypoints[0] };
        for (var i = 1; i < waypoints.Count; i++)
        {
            var from = route[^1];
            var to = waypoints[i];
            if (from == to) continue;
            var leg = Paths.Find(from, to)
                      ?? throw error($"has no route from edge '{network.Edges[from].Id}' to edge '{network.Edges[to].Id}'");
            route.AddRange(leg.Skip(1));
        }
        return [.. route];
    }
}
