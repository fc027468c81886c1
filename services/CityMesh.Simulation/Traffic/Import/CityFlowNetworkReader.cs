using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A CityFlow roadnet as the simulator's <see cref="TrafficNetwork"/>, read and checked by
/// <see cref="CityFlowRoadnetReader"/>. Roads become edges; CityFlow numbers lanes from the centre line outwards, the
/// model from the kerb inwards, so lane k of n becomes IndexOnEdge n-1-k (ids keep CityFlow's "road_k" so outputs
/// match CityFlow's). Virtual intersections are dead ends; the others are signalised, with one link index per lane
/// link and a phase 'G' for a lane link whose road link the phase makes available, else 'r'. CityFlow has no
/// right-of-way rules beside its lights, so every connection is Major with no Foes.
/// </summary>
public static class CityFlowNetworkReader
{
    /// <param name="limits">Bounds on the file's size and nesting; the defaults when null.</param>
    public static TrafficNetwork Read(string path, InputLimits? limits = null) => Build(CityFlowRoadnetReader.Read(path, limits));

    /// <summary>Reads a roadnet already in memory; <paramref name="name"/> stands for the file in error messages.</summary>
    public static TrafficNetwork Read(JsonElement roadnet, string name) => Build(CityFlowRoadnetReader.Read(roadnet, name));

    /// <summary>The simulator's model of a network <see cref="CityFlowRoadnetReader"/> has checked.</summary>
    public static TrafficNetwork Build(CityFlowRoadNetwork roadnet)
    {
        var junctionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < roadnet.Intersections.Count; i++) junctionIndex[roadnet.Intersections[i].Id] = i;

        var edges = new List<Edge>(roadnet.Roads.Count);
        var lanes = new List<Lane>();
        var edgeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var road in roadnet.Roads) AddRoad(road, junctionIndex, edges, lanes, edgeIndex);

        var junctions = new List<Junction>(roadnet.Intersections.Count);
        var connections = new List<Connection>();
        var signals = new List<SignalProgram>();
        for (var i = 0; i < roadnet.Intersections.Count; i++)
        {
            var intersection = roadnet.Intersections[i];
            int? signal = intersection.Virtual ? null : signals.Count;
            junctions.Add(new Junction(intersection.Id, intersection.Virtual ? JunctionKind.DeadEnd : JunctionKind.TrafficLight, Point(intersection.Point), signal));
            var roadLinkOfLink = AddRoadLinks(intersection, i, signal, edges, edgeIndex, connections);
            if (signal is not null) signals.Add(CityFlowSignal.Program(intersection, i, roadLinkOfLink));
        }
        return new TrafficNetwork(edges, lanes, junctions, connections, signals);
    }

    private static void AddRoad(CityFlowRoad road, Dictionary<string, int> junctions, List<Edge> edges, List<Lane> lanes, Dictionary<string, int> edgeIndex)
    {
        var index = edges.Count;
        edgeIndex[road.Id] = index;
        var points = road.Points.Select(Point).ToList();
        // CityFlow gives no lane lengths: every lane is as long as the road's centre line.
        var length = Polyline.Length(points);
        var laneIndices = new int[road.Lanes.Count];
        var offset = 0.0;
        for (var k = 0; k < road.Lanes.Count; k++)
        {
            var (width, speed) = (road.Lanes[k].Width, road.Lanes[k].MaxSpeed);
            var onEdge = road.Lanes.Count - 1 - k;
            laneIndices[onEdge] = lanes.Count;
            lanes.Add(new Lane($"{road.Id}_{k}", index, onEdge, length, speed, Polyline.OffsetRight(points, offset + width / 2), Width: width));
            offset += width;
        }
        edges.Add(new Edge(road.Id, junctions[road.StartIntersection], junctions[road.EndIntersection],
            laneIndices, 0, length, laneIndices.Max(l => lanes[l].SpeedLimit)));
    }

    private static Point2 Point(CityFlowPoint point) => new(point.X, point.Y);

    /// <returns>For each link index of the intersection (one per lane link), the index of its road link.</returns>
    private static List<int> AddRoadLinks(CityFlowIntersection intersection, int junction, int? signal, List<Edge> edges,
        Dictionary<string, int> edgeIndex, List<Connection> connections)
    {
        var roadLinkOfLink = new List<int>();
        for (var r = 0; r < intersection.RoadLinks.Count; r++)
        {
            var roadLink = intersection.RoadLinks[r];
            var turn = roadLink.Type switch
            {
                "turn_left" => Turn.Left,
                "turn_right" => Turn.Right,
                _ => Turn.Straight,
            };
            var from = edges[edgeIndex[roadLink.StartRoad]];
            var to = edges[edgeIndex[roadLink.EndRoad]];
            foreach (var laneLink in roadLink.LaneLinks)
            {
                // The model's lane for CityFlow's lane index k (counted from the centre line).
                var fromLane = from.Lanes[from.Lanes.Count - 1 - laneLink.StartLaneIndex];
                var toLane = to.Lanes[to.Lanes.Count - 1 - laneLink.EndLaneIndex];
                connections.Add(new Connection(fromLane, toLane, junction, turn, CityFlowPoint.PathLength(laneLink.Points), signal,
                    signal is null ? -1 : roadLinkOfLink.Count, Major: true, Foes: []));
                roadLinkOfLink.Add(r);
            }
        }
        return roadLinkOfLink;
    }
}
