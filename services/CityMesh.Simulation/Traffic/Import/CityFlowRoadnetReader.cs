using System.Text.Json;
using CityMesh.Limits;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// The one reader of CityFlow road networks (<c>roadnet.json</c>), for the simulator and the twin alike. Every value
/// is held to <see cref="ImportBounds"/>, every id must be unique and every reference resolve: a road's ends, an
/// intersection's roads, a road link's roads (ending and starting at that intersection) and lanes, a phase's road
/// links. A malformed file fails here, naming the file and the JSON path (<c>roads[3].lanes[1].maxSpeed</c>), never
/// later inside a simulation or a seeding.
/// </summary>
public static class CityFlowRoadnetReader
{
    /// <param name="limits">Bounds on the file's size and nesting; the defaults when null.</param>
    /// <exception cref="TrafficImportException">The file cannot be read, is not JSON, or breaks the format.</exception>
    public static CityFlowRoadNetwork Read(string path, InputLimits? limits = null)
    {
        using var document = JsonField.Parse(path, limits ?? InputLimits.Default);
        return Read(document.RootElement, path);
    }

    /// <summary>Reads a roadnet already in memory; <paramref name="name"/> stands for the file in error messages.</summary>
    public static CityFlowRoadNetwork Read(JsonElement roadnet, string name)
    {
        var root = new JsonField(name, "", roadnet);
        var intersectionFields = root.Property("intersections").Items().ToList();
        var roadFields = root.Property("roads").Items().ToList();

        var intersectionIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in intersectionFields)
            if (!intersectionIds.Add(field.Name("id"))) throw field.Property("id").Error($"'{TrafficImportException.Quote(field.String("id"))}' is a duplicate intersection id");

        var roads = new List<CityFlowRoad>(roadFields.Count);
        var roadById = new Dictionary<string, CityFlowRoad>(StringComparer.Ordinal);
        foreach (var field in roadFields)
        {
            var id = field.Name("id");
            if (roadById.ContainsKey(id)) throw field.Property("id").Error($"'{TrafficImportException.Quote(id)}' is a duplicate road id");
            roads.Add(roadById[id] = ReadRoad(field, id, intersectionIds));
        }
        return new CityFlowRoadNetwork([.. intersectionFields.Select(f => ReadIntersection(f, roadById))], roads);
    }

    private static CityFlowRoad ReadRoad(JsonField road, string id, HashSet<string> intersections)
    {
        var points = road.Property("points").Items().Select(Point).ToList();
        if (points.Count < 2) throw road.Property("points").Error("needs at least two points");
        var length = CityFlowPoint.PathLength(points);
        if (!ImportBounds.LaneLength.Contains(length))
            throw road.Property("points").Error($"make a road {Bound.Number(length)} m long; {ImportBounds.LaneLength.Rule}");
        var lanesField = road.Property("lanes");
        if (lanesField.Count() is 0 or > ImportBounds.LanesPerEdge)
            throw lanesField.Error($"has {lanesField.Count():N0} lanes; a road has 1 to {ImportBounds.LanesPerEdge}");
        var lanes = lanesField.Items().Select(lane => new CityFlowLane(lane.Number("width", ImportBounds.LaneWidth), lane.Number("maxSpeed", ImportBounds.Speed))).ToList();
        return new CityFlowRoad(id, points, lanes, Intersection(road, "startIntersection", intersections), Intersection(road, "endIntersection", intersections));
    }

    private static string Intersection(JsonField road, string property, HashSet<string> intersections)
    {
        var field = road.Property(property);
        return intersections.Contains(field.String()) ? field.String()
            : throw field.Error($"names intersection '{TrafficImportException.Quote(field.String())}', which the file does not have");
    }

    private static CityFlowIntersection ReadIntersection(JsonField field, Dictionary<string, CityFlowRoad> roads)
    {
        var id = field.String("id");
        var isVirtual = field.OptionalProperty("virtual")?.Bool() ?? false;
        var width = field.OptionalProperty("width")?.Number(ImportBounds.IntersectionWidth) ?? 0;
        var named = field.OptionalProperty("roads")?.Items().Select(r => Road(r, roads).Id).ToList() ?? [];
        var links = field.OptionalProperty("roadLinks")?.Items().Select(link => ReadRoadLink(link, id, roads)).ToList() ?? [];
        // CityFlow gives virtual (boundary) intersections a dummy light; a real intersection's light is its signal.
        var lightField = isVirtual ? field.OptionalProperty("trafficLight") : field.Property("trafficLight");
        var light = lightField is { } l ? ReadLight(l, links.Count, required: !isVirtual) : null;
        return new CityFlowIntersection(id, Point(field.Property("point")), width, named, links, light, isVirtual);
    }

    private static CityFlowRoadLink ReadRoadLink(JsonField link, string intersection, Dictionary<string, CityFlowRoad> roads)
    {
        var type = link.String("type");
        if (type is not ("go_straight" or "turn_left" or "turn_right"))
            throw link.Property("type").Error($"'{TrafficImportException.Quote(type)}' is not go_straight, turn_left or turn_right");
        var from = Road(link.Property("startRoad"), roads);
        var to = Road(link.Property("endRoad"), roads);
        if (from.EndIntersection != intersection) throw link.Property("startRoad").Error($"'{TrafficImportException.Quote(from.Id)}' does not end at this intersection");
        if (to.StartIntersection != intersection) throw link.Property("endRoad").Error($"'{TrafficImportException.Quote(to.Id)}' does not start at this intersection");
        var direction = link.OptionalProperty("direction")?.Int() ?? 0;
        var laneLinks = link.Property("laneLinks").Items().Select(laneLink =>
        {
            var pointsField = laneLink.OptionalProperty("points");
            var points = pointsField?.Items().Select(Point).ToList() ?? [];
            var length = CityFlowPoint.PathLength(points);
            if (!ImportBounds.InternalLaneLength.Contains(length))
                throw pointsField!.Value.Error($"make a path {Bound.Number(length)} m long; {ImportBounds.InternalLaneLength.Rule}");
            return new CityFlowLaneLink(LaneIndex(laneLink.Property("startLaneIndex"), from), LaneIndex(laneLink.Property("endLaneIndex"), to), points);
        }).ToList();
        return new CityFlowRoadLink(type, from.Id, to.Id, direction, laneLinks);
    }

    /// <param name="required">A real intersection's light: it needs phases, and a cycle longer than 0 s.</param>
    private static CityFlowTrafficLight ReadLight(JsonField light, int roadLinks, bool required)
    {
        var indices = light.OptionalProperty("roadLinkIndices")?.Items().Select(i => RoadLinkIndex(i, roadLinks)).ToList() ?? [];
        var phasesField = light.Property("lightphases");
        var phases = phasesField.Items().Select(phase => new CityFlowLightPhase(
            phase.Number("time", ImportBounds.PhaseDuration),
            [.. phase.Property("availableRoadLinks").Items().Select(i => RoadLinkIndex(i, roadLinks))])).ToList();
        if (required && phases.Count == 0) throw phasesField.Error("is empty");
        // A cycle of zero seconds has no phase to show at any time; the fixed-time controller divides by it.
        if (required && phases.Sum(p => p.Time) <= 0)
            throw phasesField.Error($"has {phases.Count} phases that last 0 s in all; a cycle must last more than 0 s");
        return new CityFlowTrafficLight(indices, phases);
    }

    private static int RoadLinkIndex(JsonField item, int roadLinks)
    {
        var r = item.Int();
        return r >= 0 && r < roadLinks ? r : throw item.Error($"{r} is not a road link of this intersection ({roadLinks} road links)");
    }

    /// <summary>CityFlow's lane index k of <paramref name="road"/>, counted from the centre line.</summary>
    private static int LaneIndex(JsonField field, CityFlowRoad road)
    {
        var k = field.Int();
        return k >= 0 && k < road.Lanes.Count ? k : throw field.Error($"{k} is not a lane of road '{TrafficImportException.Quote(road.Id)}' ({road.Lanes.Count} lanes)");
    }

    private static CityFlowRoad Road(JsonField field, Dictionary<string, CityFlowRoad> roads) =>
        roads.TryGetValue(field.String(), out var road) ? road : throw field.Error($"names road '{TrafficImportException.Quote(field.String())}', which the file does not have");

    /// <summary>A point {"x": metres, "y": metres} within <see cref="ImportBounds.Coordinate"/>.</summary>
    private static CityFlowPoint Point(JsonField point) => new(point.Number("x", ImportBounds.Coordinate), point.Number("y", ImportBounds.Coordinate));
}
