using System.Text.Json;
using System.Text.Json.Nodes;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Twin;

namespace CityMesh.Twin.Client.Traffic;

/// <summary>
/// The road network the twin holds, written as a CityFlow roadnet document: the simulator reads it with the reader
/// it uses for files, and the document is kept with the results so the run can be repeated (or run in CityFlow)
/// from files. Coordinates go to a local plane anchored at the first intersection (by id); road lengths and lane
/// geometry come back as the twin holds them.
/// <list type="bullet">
/// <item>Ids are the entities' local ids (<c>urn:ngsi-ld:RoadSegment:jinan:road_1_0_1</c> → <c>road_1_0_1</c>).</item>
/// <item>A signalised intersection takes its TrafficSignal's phases: each phase's movements are matched to the
/// intersection's movements (the lanes they join), so a retimed plan in the twin is the plan that is simulated.</item>
/// <item>Every lane of a road gets the road's <c>maxSpeed</c>; the twin holds no per-lane limit.</item>
/// <item>An intersection that is neither a boundary nor signalised gives all its movements way for ever (CityFlow
/// has no priority rules).</item>
/// <item>A road whose <c>status</c> is <c>closed</c> (FIWARE RoadSegment; set when an approved closure executes) is left
/// out with every movement into or out of it, and with them from its signal's phases: routes go round it and no
/// simulated vehicle enters it.</item>
/// </list>
/// </summary>
public static class TwinRoadnet
{
    /// <summary>Phase length for an unsignalised junction's single always-green phase.</summary>
    private const double UncontrolledPhase = 3600;

    public static JsonObject ToCityFlow(TwinEntities twin)
    {
        ArgumentNullException.ThrowIfNull(twin);
        if (twin.Roads.Count == 0) throw new TwinDataException($"city '{twin.City}'", EntityTypes.RoadSegment, "the twin holds no road segments of this city");
        var intersections = twin.Intersections.Select(e => new NgsiEntity(e)).OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        if (intersections.Count == 0) throw new TwinDataException($"city '{twin.City}'", EntityTypes.Intersection, "the twin holds no intersections of this city");
        var plane = PlaneAt(intersections[0]);

        var held = twin.Roads.Select(e => new NgsiEntity(e)).OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        var roadIds = held.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var closed = held.Where(IsClosed).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var roads = held.Where(r => !closed.Contains(r.Id)).ToList();
        if (roads.Count == 0) throw new TwinDataException($"city '{twin.City}'", EntityTypes.RoadSegment, $"every one of the {held.Count} road segments is closed");
        var intersectionIds = intersections.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var signals = new Dictionary<string, NgsiEntity>(StringComparer.Ordinal);
        foreach (var signal in twin.Signals.Select(e => new NgsiEntity(e)))
            signals[signal.Object("refIntersection")] = signal;

        var roadNodes = new JsonArray();
        var roadsAt = intersections.ToDictionary(i => i.Id, _ => new List<string>(), StringComparer.Ordinal);
        foreach (var road in roads)
        {
            var start = road.Object("refStartIntersection");
            var end = road.Object("refEndIntersection");
            foreach (var (attribute, target) in new[] { ("refStartIntersection", start), ("refEndIntersection", end) })
                if (!intersectionIds.Contains(target)) throw road.Error(attribute, $"names {target}, which the twin does not hold");
            roadsAt[start].Add(road.Id);
            roadsAt[end].Add(road.Id);
            roadNodes.Add(Road(road, plane, twin.City, start, end));
        }

        var nodes = new JsonArray();
        foreach (var intersection in intersections)
            nodes.Add(Intersection(intersection, signals.TryGetValue(intersection.Id, out var signal) ? signal : null, roadsAt[intersection.Id], roadIds, closed, plane, twin.City));
        return new JsonObject { ["intersections"] = nodes, ["roads"] = roadNodes };
    }

    /// <summary>The part of a CityMesh urn after <c>urn:ngsi-ld:{type}:{city}:</c>; other ids are kept whole.</summary>
    /// <summary>The <c>status</c> value of a road that may not be used.</summary>
    public const string Closed = "closed";

    /// <summary>Whether a RoadSegment is closed (its <c>status</c>): left out of the network.</summary>
    public static bool IsClosed(NgsiEntity road) => road.TextOrNull("status") == Closed;

    public static string LocalId(string id, string city)
    {
        var type = EntityIds.TypeOf(id);
        var prefix = type is null ? null : $"{EntityIds.Prefix}{type}:{city}:";
        return prefix is not null && id.StartsWith(prefix, StringComparison.Ordinal) && id.Length > prefix.Length ? id[prefix.Length..] : id;
    }

    private static LocalTangentPlane PlaneAt(NgsiEntity anchor)
    {
        var point = Coordinates(anchor, "location", anchor.Required("location"), "Point") is [var p] ? p : throw anchor.Error("location", "is not a Point");
        return new LocalTangentPlane(p.Latitude, p.Longitude);
    }

    private static JsonObject Road(NgsiEntity road, LocalTangentPlane plane, string city, string start, string end)
    {
        var points = Coordinates(road, "location", road.Required("location"), "LineString");
        if (points.Count < 2) throw road.Error("location", "needs at least two positions");
        var widths = road.Required("laneWidths");
        if (widths.ValueKind != JsonValueKind.Array || widths.GetArrayLength() == 0) throw road.Error("laneWidths", "must be a non-empty list of lane widths in metres");
        var speed = road.Number("maxSpeed") / 3.6;
        if (!(speed > 0)) throw road.Error("maxSpeed", "must be positive (km/h)");
        var lanes = new JsonArray();
        foreach (var width in widths.EnumerateArray())
        {
            if (width.ValueKind != JsonValueKind.Number || !(width.GetDouble() > 0)) throw road.Error("laneWidths", "must hold positive numbers");
            lanes.Add(new JsonObject { ["width"] = width.GetDouble(), ["maxSpeed"] = speed });
        }
        return new JsonObject
        {
            ["id"] = LocalId(road.Id, city),
            ["points"] = Points(points, plane),
            ["lanes"] = lanes,
            ["startIntersection"] = LocalId(start, city),
            ["endIntersection"] = LocalId(end, city),
        };
    }

    private static JsonObject Intersection(NgsiEntity node, NgsiEntity? signal, List<string> roads, HashSet<string> roadIds, HashSet<string> closed,
        LocalTangentPlane plane, string city)
    {
        var at = Coordinates(node, "location", node.Required("location"), "Point")[0];
        var (x, y) = plane.ToLocal(at);
        var boundary = node.Flag("networkBoundary");
        var all = node.Value("movements") is { } m ? Read<IntersectionMovement[]>(node, "movements", m) : [];
        foreach (var (movement, i) in all.Select((mv, i) => (mv, i)))
            foreach (var (road, end) in new[] { (movement.From, "from"), (movement.To, "to") })
                if (!roadIds.Contains(road)) throw node.Error($"movements[{i}].{end}", $"names {road}, which the twin does not hold");
        var movements = all.Where(mv => !closed.Contains(mv.From) && !closed.Contains(mv.To)).ToArray();
        var roadLinks = new JsonArray();
        foreach (var (movement, i) in movements.Select((mv, i) => (mv, i)))
        {
            roadLinks.Add(new JsonObject
            {
                ["type"] = movement.Turn,
                ["startRoad"] = LocalId(movement.From, city),
                ["endRoad"] = LocalId(movement.To, city),
                ["direction"] = 0,
                ["laneLinks"] = new JsonArray([.. movement.Lanes.Select(lane => (JsonNode)new JsonObject
                {
                    ["startLaneIndex"] = lane.FromLane,
                    ["endLaneIndex"] = lane.ToLane,
                    ["points"] = Points(lane.Path.Select(p => p.Length >= 2 ? new Position(p[0], p[1]) : throw node.Error($"movements[{i}].lanes", "path positions need a longitude and a latitude")).ToList(), plane),
                })]),
            });
        }
        var result = new JsonObject
        {
            ["id"] = LocalId(node.Id, city),
            ["point"] = new JsonObject { ["x"] = x, ["y"] = y },
            ["width"] = node.OptionalNumber("width") ?? 0,
            ["roads"] = new JsonArray([.. roads.Select(r => (JsonNode)LocalId(r, city)!)]),
            ["roadLinks"] = roadLinks,
            ["virtual"] = boundary,
        };
        if (!boundary) result["trafficLight"] = Light(node, signal, movements, closed);
        return result;
    }

    private static JsonObject Light(NgsiEntity node, NgsiEntity? signal, IntersectionMovement[] movements, HashSet<string> closed)
    {
        var all = new JsonArray([.. movements.Select((_, i) => (JsonNode)i)]);
        if (signal is not { } s)
            return new JsonObject
            {
                ["roadLinkIndices"] = all,
                ["lightphases"] = new JsonArray(new JsonObject { ["time"] = UncontrolledPhase, ["availableRoadLinks"] = new JsonArray([.. movements.Select((_, i) => (JsonNode)i)]) }),
            };
        var phases = Read<SignalPhase[]>(s, "phases", s.Required("phases"));
        if (phases.Length == 0) throw s.Error("phases", "is empty");
        var index = movements.Select((mv, i) => (Key: (mv.From, mv.To), i)).ToDictionary(p => p.Key, p => p.i);
        var lightPhases = new JsonArray();
        foreach (var (phase, p) in phases.Select((ph, p) => (ph, p)))
        {
            if (!double.IsFinite(phase.Duration) || phase.Duration < 0) throw s.Error($"phases[{p}].duration", "must be a non-negative number of seconds");
            var available = new JsonArray();
            foreach (var movement in phase.Movements.Where(mv => !closed.Contains(mv.From) && !closed.Contains(mv.To)))
                available.Add(index.TryGetValue((movement.From, movement.To), out var r) ? r
                    : throw s.Error($"phases[{p}].movements", $"{movement.From} → {movement.To} is not a movement of {node.Id}"));
            lightPhases.Add(new JsonObject { ["time"] = phase.Duration, ["availableRoadLinks"] = available });
        }
        return new JsonObject { ["roadLinkIndices"] = all, ["lightphases"] = lightPhases };
    }

    private static T Read<T>(NgsiEntity entity, string attribute, JsonElement value)
    {
        try
        {
            return value.Deserialize<T>(JsonSerializerOptions.Web) ?? throw entity.Error(attribute, "is null");
        }
        catch (JsonException e)
        {
            throw entity.Error(attribute, $"does not have the expected shape: {e.Message}");
        }
    }

    private static List<Position> Coordinates(NgsiEntity entity, string attribute, JsonElement geometry, string type)
    {
        if (geometry.ValueKind != JsonValueKind.Object || !geometry.TryGetProperty("type", out var t) || t.GetString() != type
            || !geometry.TryGetProperty("coordinates", out var c))
            throw entity.Error(attribute, $"is not a GeoJSON {type}");
        var positions = type == "Point" ? [c] : c.EnumerateArray().ToList();
        return [.. positions.Select(p => p.ValueKind == JsonValueKind.Array && p.GetArrayLength() >= 2
            ? new Position(p[0].GetDouble(), p[1].GetDouble())
            : throw entity.Error(attribute, "has a position without longitude and latitude"))];
    }

    private static JsonArray Points(IReadOnlyList<Position> positions, LocalTangentPlane plane) =>
        new([.. positions.Select(p =>
        {
            var (x, y) = plane.ToLocal(p);
            return (JsonNode)new JsonObject { ["x"] = Math.Round(x, 4), ["y"] = Math.Round(y, 4) };
        })]);
}
