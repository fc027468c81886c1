using System.Text.Json;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Reads a CityFlow roadnet JSON into a <see cref="TrafficNetwork"/>. Roads become edges; CityFlow numbers lanes from
/// the centre line outwards, the model from the kerb inwards, so lane k of n becomes IndexOnEdge n-1-k (ids keep
/// CityFlow's "road_k" so outputs match CityFlow's). Virtual intersections are dead ends; the others are signalised,
/// with one link index per lane link and a phase 'G' for a lane link whose road link the phase makes available, else 'r'.
/// CityFlow has no right-of-way rules beside its lights, so every connection is Major with no Foes.
/// </summary>
public static class CityFlowNetworkReader
{
    public static TrafficNetwork Read(string path)
    {
        using var document = JsonField.Parse(path);
        return Read(document.RootElement, path);
    }

    /// <summary>Reads a roadnet already in memory; <paramref name="name"/> stands for the file in error messages.</summary>
    public static TrafficNetwork Read(JsonElement roadnet, string name)
    {
        var path = name;
        var root = new JsonField(path, "", roadnet);
        var intersections = root.Property("intersections").Items().ToList();
        var roads = root.Property("roads").Items().ToList();

        var junctionIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (field, i) in intersections.Select((f, i) => (f, i)))
            if (!junctionIndex.TryAdd(field.String("id"), i)) throw field.Property("id").Error("is a duplicate intersection id");

        var edges = new List<Edge>();
        var lanes = new List<Lane>();
        var edgeIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var road in roads) AddRoad(road, junctionIndex, edges, lanes, edgeIndex);

        var junctions = new List<Junction>();
        var connections = new List<Connection>();
        var signals = new List<SignalProgram>();
        foreach (var (field, i) in intersections.Select((f, i) => (f, i)))
        {
            var isVirtual = field.OptionalProperty("virtual")?.Bool() ?? false;
            int? signal = isVirtual ? null : signals.Count;
            var point = field.Property("point");
            junctions.Add(new Junction(field.String("id"), isVirtual ? JunctionKind.DeadEnd : JunctionKind.TrafficLight,
                new Point2(point.Number("x"), point.Number("y")), signal));
            var roadLinkOfLink = AddRoadLinks(field, i, signal, edges, lanes, edgeIndex, connections);
            if (signal is not null) signals.Add(CityFlowSignal.Read(field, i, roadLinkOfLink));
        }
        return new TrafficNetwork(edges, lanes, junctions, connections, signals);
    }

    private static void AddRoad(JsonField road, Dictionary<string, int> junctions, List<Edge> edges, List<Lane> lanes, Dictionary<string, int> edgeIndex)
    {
        var id = road.String("id");
        var index = edges.Count;
        if (!edgeIndex.TryAdd(id, index)) throw road.Property("id").Error("is a duplicate road id");
        var points = road.Property("points").Items().Select(p => new Point2(p.Number("x"), p.Number("y"))).ToList();
        if (points.Count < 2) throw road.Property("points").Error("needs at least two points");
        var length = Polyline.Length(points);

        var laneFields = road.Property("lanes").Items().ToList();
        if (laneFields.Count == 0) throw road.Property("lanes").Error("is empty");
        var laneIndices = new int[laneFields.Count];
        var offset = 0.0;
        for (var k = 0; k < laneFields.Count; k++)
        {
            var width = laneFields[k].Number("width");
            var speed = laneFields[k].Number("maxSpeed");
            if (speed <= 0) throw laneFields[k].Property("maxSpeed").Error("must be positive");
            var onEdge = laneFields.Count - 1 - k;
            laneIndices[onEdge] = lanes.Count;
            lanes.Add(new Lane($"{id}_{k}", index, onEdge, length, speed, Polyline.OffsetRight(points, offset + width / 2)));
            offset += width;
        }
        edges.Add(new Edge(id, Junction(road, "startIntersection", junctions), Junction(road, "endIntersection", junctions),
            laneIndices, 0, length, laneIndices.Max(l => lanes[l].SpeedLimit)));
    }

    private static int Junction(JsonField road, string property, Dictionary<string, int> junctions)
    {
        var field = road.Property(property);
        return junctions.TryGetValue(field.String(), out var index) ? index : throw field.Error($"names intersection '{field.String()}', which the file does not have");
    }

    /// <returns>For each link index of the intersection (one per lane link), the index of its road link.</returns>
    private static List<int> AddRoadLinks(JsonField intersection, int junction, int? signal, List<Edge> edges, List<Lane> lanes,
        Dictionary<string, int> edgeIndex, List<Connection> connections)
    {
        var roadLinkOfLink = new List<int>();
        var roadLinks = intersection.OptionalProperty("roadLinks")?.Items() ?? [];
        foreach (var (roadLink, r) in roadLinks.Select((f, r) => (f, r)))
        {
            var turn = roadLink.String("type") switch
            {
                "go_straight" => Turn.Straight,
                "turn_left" => Turn.Left,
                "turn_right" => Turn.Right,
                var other => throw roadLink.Property("type").Error($"'{other}' is not go_straight, turn_left or turn_right"),
            };
            var from = Road(roadLink, "startRoad", edgeIndex);
            var to = Road(roadLink, "endRoad", edgeIndex);
            if (edges[from].To != junction) throw roadLink.Property("startRoad").Error($"'{edges[from].Id}' does not end at this intersection");
            if (edges[to].From != junction) throw roadLink.Property("endRoad").Error($"'{edges[to].Id}' does not start at this intersection");
            foreach (var laneLink in roadLink.Property("laneLinks").Items())
            {
                var fromLane = Lane(laneLink, "startLaneIndex", edges[from]);
                var toLane = Lane(laneLink, "endLaneIndex", edges[to]);
                var points = laneLink.OptionalProperty("points")?.Items().Select(p => new Point2(p.Number("x"), p.Number("y"))).ToList() ?? [];
                connections.Add(new Connection(fromLane, toLane, junction, turn, Polyline.Length(points), signal,
                    signal is null ? -1 : roadLinkOfLink.Count, Major: true, Foes: []));
                roadLinkOfLink.Add(r);
            }
        }
        return roadLinkOfLink;
    }

    private static int Road(JsonField roadLink, string property, Dictionary<string, int> edges)
    {
        var field = roadLink.Property(property);
        return edges.TryGetValue(field.String(), out var index) ? index : throw field.Error($"names road '{field.String()}', which the file does not have");
    }

    /// <summary>The model's lane for CityFlow's lane index k (counted from the centre line).</summary>
    private static int Lane(JsonField laneLink, string property, Edge edge)
    {
        var field = laneLink.Property(property);
        var k = field.Int();
        return k >= 0 && k < edge.Lanes.Count ? edge.Lanes[edge.Lanes.Count - 1 - k] : throw field.Error($"{k} is not a lane of road '{edge.Id}' ({edge.Lanes.Count} lanes)");
    }
}
