using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A SUMO network in the shape the twin holds every road network (<see cref="CityFlowRoadNetwork"/>, the shape of
/// CityFlow's format and of the document the twin gives back), so one seeding path serves both formats:
/// <list type="bullet">
/// <item>Each edge a road vehicle may use is a road with its own id; internal edges (paths across junctions) are none, as
/// in the model, nor are footways, cycle paths and tracks.
/// Its lanes count from the centre line outwards as CityFlow's do (SUMO's index 0, the kerb lane, is the last), each
/// as wide as the file says (netconvert's 3.2 m where it says nothing), and its line is the left edge of its leftmost
/// lane, so the lanes lie on its right as a CityFlow road's do.</item>
/// <item>Each junction an edge reaches is an intersection (internal junctions are not junctions of the model);
/// dead ends are the network's boundary. Each keeps SUMO's junction type (its right of way).</item>
/// <item>The connections from one edge to another at a junction are one movement; their lane links run straight
/// from the end of one lane to the start of the other.</item>
/// <item>A signalised junction's programme keeps its phases and their durations; a phase gives way to a movement
/// when one of its connections shows green or off in the phase's state (G, g, s, o, O at the connection's link
/// index), so yellow and all-red phases give way to none.</item>
/// </list>
/// </summary>
public static class SumoRoadNetwork
{
    /// <summary>The states of a phase in which a link may go.</summary>
    private const string GoLetters = "GgsoO";

    /// <inheritdoc cref="SumoNetworkReader.Read"/>
    public static CityFlowRoadNetwork Read(string path, InputLimits? limits = null, IReadOnlyList<string>? additional = null) =>
        From(SumoNetworkReader.Read(path, limits, additional));

    public static CityFlowRoadNetwork From(TrafficNetwork network)
    {
        // Footways, cycle paths and tracks are not roads of the city: no road vehicle may use any of their lanes.
        var kept = network.Edges.Select(e => IsRoad(network, e)).ToArray();
        var roads = network.Edges.Where((_, i) => kept[i]).Select(e => Road(network, e)).ToList();
        var reached = network.Edges.Where((_, i) => kept[i]).SelectMany(e => new[] { e.From, e.To }).ToHashSet();
        var connectionsAt = network.Connections
            .Where(c => kept[network.Lanes[c.FromLane].Edge] && kept[network.Lanes[c.ToLane].Edge])
            .ToLookup(c => c.Junction);
        var intersections = new List<CityFlowIntersection>();
        for (var j = 0; j < network.Junctions.Count; j++)
        {
            if (reached.Contains(j)) intersections.Add(Intersection(network, j, connectionsAt[j].ToList()));
        }
        return new CityFlowRoadNetwork(intersections, roads);
    }

    private static bool IsRoad(TrafficNetwork network, Edge edge) =>
        edge.Lanes.Any(l => (network.Lanes[l].Permissions & VehicleClasses.RoadVehicles) != 0);

    private static CityFlowRoad Road(TrafficNetwork network, Edge edge)
    {
        var lanes = edge.Lanes.Select(l => network.Lanes[l]).ToList();
        var leftmost = lanes[^1].Shape;
        var points = Polyline.OffsetRight(leftmost, -lanes[^1].Width / 2).Select(Point).ToList();
        // A lane whose shape folds onto one point still joins its junctions.
        if (CityFlowPoint.PathLength(points) == 0) points = [Point(network.Junctions[edge.From].Position), Point(network.Junctions[edge.To].Position)];
        return new CityFlowRoad(edge.Id, points, [.. lanes.AsEnumerable().Reverse().Select(l => new CityFlowLane(l.Width, l.SpeedLimit))],
            network.Junctions[edge.From].Id, network.Junctions[edge.To].Id);
    }

    private static CityFlowIntersection Intersection(TrafficNetwork network, int index, List<Connection> connections)
    {
        var junction = network.Junctions[index];
        var movements = connections
            .GroupBy(c => (From: network.Lanes[c.FromLane].Edge, To: network.Lanes[c.ToLane].Edge))
            .Select(g => (g.Key.From, g.Key.To, Connections: g.ToList()))
            .ToList();
        var links = movements.Select(m => new CityFlowRoadLink(
            TurnName(m.Connections[0].Turn),
            network.Edges[m.From].Id,
            network.Edges[m.To].Id,
            0,
            [.. m.Connections.Select(c => LaneLink(network, c))])).ToList();
        var roads = network.Edges.Where(e => (e.From == index || e.To == index) && IsRoad(network, e)).Select(e => e.Id).ToList();

        CityFlowTrafficLight? light = null;
        if (junction is { Kind: JunctionKind.TrafficLight, Signal: { } signal })
        {
            var program = network.Signals[signal];
            light = new CityFlowTrafficLight(
                [.. Enumerable.Range(0, links.Count)],
                [.. program.Phases.Select(phase => new CityFlowLightPhase(phase.Duration,
                    [.. Enumerable.Range(0, movements.Count).Where(m => movements[m].Connections.Any(c => Goes(c, signal, phase)))]))]);
        }
        return new CityFlowIntersection(junction.Id, Point(junction.Position), Width(network, junction, index), roads, links, light,
            junction.Kind == JunctionKind.DeadEnd) { JunctionType = SumoVocabulary.JunctionTypeName(junction.Kind) };
    }

    /// <summary>A link of another light or of none is not held by this one: it may go in every phase.</summary>
    private static bool Goes(Connection c, int signal, SignalPhase phase) =>
        c.Signal != signal || GoLetters.Contains(phase.State[c.LinkIndex]);

    /// <summary>CityFlow's lane indices count from the centre line; the model's from the kerb.</summary>
    private static CityFlowLaneLink LaneLink(TrafficNetwork network, Connection c)
    {
        var from = network.Lanes[c.FromLane];
        var to = network.Lanes[c.ToLane];
        return new CityFlowLaneLink(
            network.Edges[from.Edge].Lanes.Count - 1 - from.IndexOnEdge,
            network.Edges[to.Edge].Lanes.Count - 1 - to.IndexOnEdge,
            [Point(from.Shape[^1]), Point(to.Shape[0])]);
    }

    /// <summary>A turnaround is a left turn where traffic keeps right; CityFlow has no word of its own for it.</summary>
    private static string TurnName(Turn turn) => turn switch
    {
        Turn.Left or Turn.UTurn => "turn_left",
        Turn.Right => "turn_right",
        _ => "go_straight",
    };

    /// <summary>
    /// Across the junction: twice the farthest its roads stop from its centre (SUMO cuts lanes at the junction's edge),
    /// within the bounds an intersection's width is held to.
    /// </summary>
    private static double Width(TrafficNetwork network, Junction junction, int index)
    {
        var ends = network.Edges.SelectMany(e =>
            e.To == index ? e.Lanes.Select(l => network.Lanes[l].Shape[^1])
            : e.From == index ? e.Lanes.Select(l => network.Lanes[l].Shape[0])
            : []);
        var reach = ends.Select(p => Math.Sqrt(Math.Pow(p.X - junction.Position.X, 2) + Math.Pow(p.Y - junction.Position.Y, 2))).DefaultIfEmpty(0).Max();
        return Math.Round(Math.Min(2 * reach, ImportBounds.IntersectionWidth.Max), 2);
    }

    private static CityFlowPoint Point(Point2 p) => new(p.X, p.Y);
}
