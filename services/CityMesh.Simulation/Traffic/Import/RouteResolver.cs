using CityMesh.Simulation.Traffic.Model;
using CityMesh.Simulation.Traffic.Routing;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Turns edge ids from a demand file into routes of the network: checks that listed routes are connected, and
/// finds the fastest path where a file gives only ends (SUMO trips, CityFlow's gaps), both over the lanes the
/// vehicle's class may use. Errors come from the caller's <c>error</c>, which knows where in the file the route stands.
/// </summary>
internal sealed class RouteResolver(TrafficNetwork network)
{
    private readonly Dictionary<uint, ShortestPaths> _paths = [];

    private ShortestPaths Paths(uint vehicleClass)
    {
        if (!_paths.TryGetValue(vehicleClass, out var paths)) _paths[vehicleClass] = paths = new ShortestPaths(new EdgeGraph(network, vehicleClass));
        return paths;
    }

    public int Edge(string id, Func<string, TrafficImportException> error) =>
        network.EdgeIndex.TryGetValue(id, out var edge) ? edge : throw error($"names edge '{TrafficImportException.Quote(id)}', which the network does not have");

    public int[] Edges(string ids, Func<string, TrafficImportException> error)
    {
        var parts = ids.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw error("lists no edges");
        return parts.Select(id => Edge(id, error)).ToArray();
    }

    /// <summary>Throws unless every edge leads to the next one through a connection between lanes the class may use.</summary>
    public void CheckConnected(IReadOnlyList<int> route, uint vehicleClass, Func<string, TrafficImportException> error)
    {
        CheckUsable(route[0], vehicleClass, error);
        for (var i = 1; i < route.Count; i++)
        {
            if (Paths(vehicleClass).Graph.Leads(route[i - 1], route[i])) continue;
            var (from, to) = (network.Edges[route[i - 1]].Id, network.Edges[route[i]].Id);
            throw Paths(VehicleClasses.Ignoring).Graph.Leads(route[i - 1], route[i])
                ? error($"goes from edge '{from}' to edge '{to}', but no connection joins lanes that vClass {VehicleClasses.Name(vehicleClass)} may use")
                : error($"goes from edge '{from}' to edge '{to}', which no connection joins" + RailHint(network.Junctions[network.Edges[route[i - 1]].To]));
        }
    }

    /// <summary>Why a link is missing where the model leaves a rail junction's links out (see <see cref="JunctionKind.RailCrossing"/>).</summary>
    private static string RailHint(Junction junction) => junction.Kind switch
    {
        JunctionKind.RailCrossing => $": it crosses level crossing '{junction.Id}', and trains over level crossings are not simulated (the road traffic crossing the tracks is)",
        JunctionKind.RailSignal => $": it passes rail signal '{junction.Id}', and block signalling is not simulated",
        _ => "",
    };

    /// <summary>Where a path is not found, whether rail junctions (whose links are left out) may be the reason.</summary>
    private string RailJunctionsHint() =>
        network.Junctions.Any(j => j.Kind is JunctionKind.RailCrossing or JunctionKind.RailSignal)
            ? " (trains are not routed over level crossings or through rail signals, which the network has)"
            : "";

    /// <summary>The fastest route through the given edges in order, each gap filled by a shortest path the class may drive.</summary>
    public int[] Through(IReadOnlyList<int> waypoints, uint vehicleClass, Func<string, TrafficImportException> error)
    {
        CheckUsable(waypoints[0], vehicleClass, error);
        var route = new List<int> { waypoints[0] };
        for (var i = 1; i < waypoints.Count; i++)
        {
            var from = route[^1];
            var to = waypoints[i];
            if (from == to) continue;
            var leg = Paths(vehicleClass).Find(from, to)
                      ?? throw error($"has no route from edge '{network.Edges[from].Id}' to edge '{network.Edges[to].Id}'" +
                                     (vehicleClass == VehicleClasses.Ignoring ? "" : $" on lanes vClass {VehicleClasses.Name(vehicleClass)} may use") +
                                     RailJunctionsHint());
            route.AddRange(leg.Skip(1));
        }
        return [.. route];
    }

    /// <summary>Throws when no lane of the edge lets the class on (a vehicle could not even start there).</summary>
    private void CheckUsable(int edge, uint vehicleClass, Func<string, TrafficImportException> error)
    {
        if (!network.Edges[edge].Lanes.Any(l => network.Lanes[l].Allows(vehicleClass)))
            throw error($"starts on edge '{network.Edges[edge].Id}', which has no lane vClass {VehicleClasses.Name(vehicleClass)} may use");
    }
}
