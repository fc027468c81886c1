using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// Reads a CityFlow roadnet JSON into a <see cref="TrafficNetwork"/>. Roads become edges; CityFlow numbers lanes from
/// the centre line outwards, the model from the kerb inwards, so lane k of n becomes IndexOnEdge n-1-k (ids keep
/// CityFlow's "road_k" so outputs match CityFlow's). Virtual intersections are dead ends; the others are signalised,
/// with one link index per lane link and a phase 'G' for a lane link whose road link the phase makes available, else 'r'.
/// CityFlow has no right-of-way rules beside its lights, so every connection is Major with no Foes. Every number is
/// held to <see cref="ImportBounds"/>, every id must be unique and every reference resolve.
/// </summary>
public static class CityFlowNetworkReader
{
    /// <param name="limits">Bounds on the file's size and nesting; the defaults when null.</param>
    public static TrafficNetwork Read(string path, InputLimits? limits = null)
    {
        using var document = JsonField.Parse(path, limits ?? InputLimits.Default);
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
            if (!junctionIndex.TryAdd(field.Name("id"), i)) throw field.Property("id").Error($"'{TrafficImportException.Quote(field.String("id"))}' is a duplicate intersection id");

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
            junctions.Add(new Junction(field.String("id"), isVirtual ? JunctionKind.DeadEnd : JunctionKind.TrafficLight, Point(point), signal));
            var roadLinkOfLink = AddRoadLinks(field, i, signal, edges, lanes, edgeIndex, connections);
            if (signal is not null) signals.Add(CityFlowSignal.Read(field, i, roadLinkOfLink));
        }
        return new TrafficNetwork(edges, lanes, junctions, connections, signals);
    }

    private static void AddRoad(JsonField road, Dictionary<string, int> junctions, List<Edge> edges, List<Lane> lanes, Dictionary<string, int> edgeIndex)
    {
        var id = road.Name("id");
        var index = edges.Count;
        if (!edgeIndex.TryAdd(id, index)) throw road.Property("id").Error($"'{TrafficImportException.Quote(id)}' is a duplicate road id");
        var points = road.Property("points").Items().Select(Point).ToList();
        if (points.Count < 2) throw road.Property("points").Error("needs at least two points");
        // CityFlow gives no lane lengths: every lane is as long as the road's centre line.
        var length = Polyline.Length(points);
        if (!ImportBounds.LaneLength.Contains(length))
            throw road.Property("points").Error($"make a road {Bound.Number(length)} m long; {ImportBounds.LaneLength.Rule}");

        var lanesField = road.Property("lanes");
        if (lanesField.Count() is 0 or > ImportBounds.LanesPerEdge)
            throw lanesField.Error($"has {lanesField.Count():N0} lanes; a road has 1 to {ImportBounds.LanesPerEdge}");
        var laneFields = lanesField.Items().ToList();
        var laneIndices = new int[laneFields.Count];
        var offset = 0.0;
        for (var k = 0; k < laneFields.Count; k++)
        {
            var width = laneFields[k].Number("width", ImportBounds.LaneWidth);
            var speed = laneFields[k].Number("maxSpeed", ImportBounds.Speed);
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
        return junctions.TryGetValue(field.String(), out var index) ? index : throw field.Error($"names intersection '{TrafficImportException.Quote(field.String())}', which the file does not have");
    }

    /// <summary>A point {"x": metres, "y": metres} within <see cref="ImportBounds.Coordinate"/>.</summary>
    private static Point2 Point(JsonField point) => new(point.Number("x", ImportBounds.Coordinate), point.Number("y", ImportBounds.Coordinate));

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
                var other => throw roadLink.Property("type").Error($"'{TrafficImportException.Quote(other)}' is not go_straight, turn_left or turn_right"),
            };
            var from = Road(roadLink, "startRoad", edgeIndex);
            var to = Road(roadLink, "endRoad", edgeIndex);
            if (edges[from].To != junction) throw roadLink.Property("startRoad").Error($"'{TrafficImportException.Quote(edges[from].Id)}' does not end at this intersection");
            if (edges[to].From != junction) throw roadLink.Property("endRoad").Error($"'{TrafficImportException.Quote(edges[to].Id)}' does not start at this intersection");
            foreach (var laneLink in roadLink.Property("laneLinks").Items())
            {
                var fromLane = Lane(laneLink, "startLaneIndex", edges[from]);
                var toLane = Lane(laneLink, "endLaneIndex", edges[to]);
                var pointsField = laneLink.OptionalProperty("points");
                var via = Polyline.Length(pointsField?.Items().Select(Point).ToList() ?? []);
                if (!ImportBounds.InternalLaneLength.Contains(via))
                    throw pointsField!.Value.Error($"make a path {Bound.Number(via)} m long; {ImportBounds.InternalLaneLength.Rule}");
                connections.Add(new Connection(fromLane, toLane, junction, turn, via, signal,
                    signal is null ? -1 : roadLinkOfLink.Count, Major: true, Foes: []));
                roadLinkOfLink.Add(r);
            }
        }
        return roadLinkOfLink;
    }

    private static int Road(JsonField roadLink, string property, Dictionary<string, int> edges)
    {
        var field = roadLink.Property(property);
        return edges.TryGetValue(field.String(), out var index) ? index : throw field.Error($"names road '{TrafficImportException.Quote(field.String())}', which the file does not have");
    }

    /// <summary>The model's lane for CityFlow's lane index k (counted from the centre line).</summary>
    private static int Lane(JsonField laneLink, string property, Edge edge)
    {
        var field = laneLink.Property(property);
        var k = field.Int();
        return k >= 0 && k < edge.Lanes.Count ? edge.Lanes[edge.Lanes.Count - 1 - k] : throw field.Error($"{k} is not a lane of road '{TrafficImportException.Quote(edge.Id)}' ({edge.Lanes.Count} lanes)");
    }
}
