using System.Globalization;
using System.Text.Json;
using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Import;

namespace CityMesh.Twin.Seeding.CityFlow;

/// <summary>
/// Reads CityFlow road networks. Every field is checked and every reference resolved, so a malformed file fails
/// here with the JSON path of the offending element rather than later inside a simulation. Numbers are held to the
/// traffic importers' <see cref="ImportBounds"/>. It reads the same roadnet format as the simulation's
/// <see cref="CityFlowNetworkReader"/>, into the twin's model rather than the simulator's.
/// </summary>
public static class CityFlowReader
{
    /// <param name="limits">Bounds on the file's size; the defaults when null.</param>
    public static CityFlowRoadNetwork ReadFile(string path, InputLimits? limits = null)
    {
        limits ??= InputLimits.Default;
        if (!File.Exists(path)) throw new FileNotFoundException($"CityFlow road network '{path}' does not exist.", path);
        if (new FileInfo(path).Length is var length && length > limits.InputFileBytes)
            throw new CityFlowFormatException("$", $"is {length:N0} bytes, more than the {limits.InputFileBytes:N0} bytes an input file may have " +
                                                   $"({InputLimits.Section}:{nameof(InputLimits.InputFileBytes)}) (in {path})");
        using var stream = File.OpenRead(path);
        try
        {
            return Read(stream);
        }
        catch (CityFlowFormatException e)
        {
            throw new CityFlowFormatException(e.Element, $"{e.Reason} (in {path})", e);
        }
    }

    public static CityFlowRoadNetwork Read(Stream json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CityFlowFormatException("$", $"is not valid JSON ({e.Message})", e);
        }
        using (doc) return Read(doc.RootElement);
    }

    public static CityFlowRoadNetwork Parse(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Read(stream);
    }

    public static CityFlowRoadNetwork Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new CityFlowFormatException("$", "a road network must be a JSON object");
        var intersections = Array(root, "intersections", "$", ReadIntersection);
        var roads = Array(root, "roads", "$", ReadRoad);
        var network = new CityFlowRoadNetwork(intersections, roads);
        Validate(network);
        return network;
    }

    private static CityFlowIntersection ReadIntersection(JsonElement e, string path)
    {
        var id = String(e, "id", path);
        var trafficLight = e.TryGetProperty("trafficLight", out var tl) && tl.ValueKind != JsonValueKind.Null
            ? ReadTrafficLight(tl, $"{path}.trafficLight")
            : null;
        return new CityFlowIntersection(
            id,
            ReadPoint(Required(e, "point", path), $"{path}.point"),
            OptionalNumber(e, "width", path) ?? 0,
            Array(e, "roads", path, (r, p) => r.ValueKind == JsonValueKind.String && Text(r) is { Length: > 0 } s
                ? s
                : throw new CityFlowFormatException(p, "must be a road id (a non-empty string)")),
            e.TryGetProperty("roadLinks", out _) ? Array(e, "roadLinks", path, ReadRoadLink) : [],
            trafficLight,
            OptionalBoolean(e, "virtual", path) ?? false);
    }

    private static CityFlowRoadLink ReadRoadLink(JsonElement e, string path) => new(
        String(e, "type", path),
        String(e, "startRoad", path),
        String(e, "endRoad", path),
        (int)(OptionalNumber(e, "direction", path) ?? 0),
        Array(e, "laneLinks", path, (l, p) => new CityFlowLaneLink(
            Index(l, "startLaneIndex", p),
            Index(l, "endLaneIndex", p),
            l.TryGetProperty("points", out _) ? Array(l, "points", p, ReadPoint) : [])));

    private static CityFlowTrafficLight ReadTrafficLight(JsonElement e, string path) => new(
        e.TryGetProperty("roadLinkIndices", out _) ? Array(e, "roadLinkIndices", path, IndexValue) : [],
        Array(e, "lightphases", path, (phase, p) =>
        {
            var time = Number(phase, "time", p);
            if (!ImportBounds.PhaseDuration.Contains(time)) throw new CityFlowFormatException($"{p}.time", $"is {Fmt(time)}; {ImportBounds.PhaseDuration.Rule}");
            return new CityFlowLightPhase(time, Array(phase, "availableRoadLinks", p, IndexValue));
        }));

    private static CityFlowRoad ReadRoad(JsonElement e, string path)
    {
        var points = Array(e, "points", path, ReadPoint);
        if (points.Length < 2) throw new CityFlowFormatException($"{path}.points", $"a road needs at least 2 points, has {points.Length}");
        var lanes = Array(e, "lanes", path, (lane, p) =>
        {
            var width = Number(lane, "width", p);
            var maxSpeed = Number(lane, "maxSpeed", p);
            if (!ImportBounds.LaneWidth.Contains(width)) throw new CityFlowFormatException($"{p}.width", $"is {Fmt(width)}; {ImportBounds.LaneWidth.Rule}");
            if (!ImportBounds.Speed.Contains(maxSpeed)) throw new CityFlowFormatException($"{p}.maxSpeed", $"is {Fmt(maxSpeed)}; {ImportBounds.Speed.Rule}");
            return new CityFlowLane(width, maxSpeed);
        });
        if (lanes.Length is 0 or > ImportBounds.LanesPerEdge)
            throw new CityFlowFormatException($"{path}.lanes", $"a road needs at least one lane and at most {ImportBounds.LanesPerEdge}, not {lanes.Length}");
        var length = 0.0;
        for (var i = 1; i < points.Length; i++) length += Math.Sqrt(Math.Pow(points[i].X - points[i - 1].X, 2) + Math.Pow(points[i].Y - points[i - 1].Y, 2));
        if (!ImportBounds.LaneLength.Contains(length))
            throw new CityFlowFormatException($"{path}.points", $"make a road {Fmt(length)} m long; {ImportBounds.LaneLength.Rule}");
        return new CityFlowRoad(String(e, "id", path), points, lanes, String(e, "startIntersection", path), String(e, "endIntersection", path));
    }

    /// <summary>Unique ids, and every id the file mentions exists; indexes are in range.</summary>
    private static void Validate(CityFlowRoadNetwork network)
    {
        var intersections = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < network.Intersections.Count; i++)
        {
            if (!intersections.TryAdd(network.Intersections[i].Id, i))
                throw new CityFlowFormatException($"intersections[{i}].id",
                    $"'{network.Intersections[i].Id}' is also the id of intersections[{intersections[network.Intersections[i].Id]}]");
        }
        var roads = new Dictionary<string, CityFlowRoad>(StringComparer.Ordinal);
        for (var i = 0; i < network.Roads.Count; i++)
        {
            var road = network.Roads[i];
            if (!roads.TryAdd(road.Id, road)) throw new CityFlowFormatException($"roads[{i}].id", $"'{road.Id}' is not unique");
            if (!intersections.ContainsKey(road.StartIntersection))
                throw new CityFlowFormatException($"roads[{i}].startIntersection", $"road '{road.Id}' starts at '{road.StartIntersection}', which is not an intersection of the network");
            if (!intersections.ContainsKey(road.EndIntersection))
                throw new CityFlowFormatException($"roads[{i}].endIntersection", $"road '{road.Id}' ends at '{road.EndIntersection}', which is not an intersection of the network");
        }
        for (var i = 0; i < network.Intersections.Count; i++)
        {
            var intersection = network.Intersections[i];
            var path = $"intersections[{i}]";
            for (var r = 0; r < intersection.Roads.Count; r++)
            {
                if (!roads.ContainsKey(intersection.Roads[r]))
                    throw new CityFlowFormatException($"{path}.roads[{r}]", $"intersection '{intersection.Id}' names road '{intersection.Roads[r]}', which is not in the network");
            }
            for (var l = 0; l < intersection.RoadLinks.Count; l++)
            {
                var link = intersection.RoadLinks[l];
                var linkPath = $"{path}.roadLinks[{l}]";
                if (!roads.TryGetValue(link.StartRoad, out var start))
                    throw new CityFlowFormatException($"{linkPath}.startRoad", $"'{link.StartRoad}' is not a road of the network");
                if (!roads.TryGetValue(link.EndRoad, out var end))
                    throw new CityFlowFormatException($"{linkPath}.endRoad", $"'{link.EndRoad}' is not a road of the network");
                for (var k = 0; k < link.LaneLinks.Count; k++)
                {
                    if (link.LaneLinks[k].StartLaneIndex >= start.Lanes.Count)
                        throw new CityFlowFormatException($"{linkPath}.laneLinks[{k}].startLaneIndex", $"road '{start.Id}' has {start.Lanes.Count} lane(s)");
                    if (link.LaneLinks[k].EndLaneIndex >= end.Lanes.Count)
                        throw new CityFlowFormatException($"{linkPath}.laneLinks[{k}].endLaneIndex", $"road '{end.Id}' has {end.Lanes.Count} lane(s)");
                }
            }
            if (intersection.TrafficLight is not { } light) continue;
            // A cycle of zero seconds has no phase to show at any time.
            if (intersection.Signalised && light.LightPhases.Sum(p => p.Time) <= 0)
                throw new CityFlowFormatException($"{path}.trafficLight.lightphases", $"intersection '{intersection.Id}' has phases that last 0 s in all; a cycle must last more than 0 s");
            for (var k = 0; k < light.RoadLinkIndices.Count; k++)
            {
                if (light.RoadLinkIndices[k] >= intersection.RoadLinks.Count)
                    throw new CityFlowFormatException($"{path}.trafficLight.roadLinkIndices[{k}]", $"intersection '{intersection.Id}' has {intersection.RoadLinks.Count} road link(s)");
            }
            for (var p = 0; p < light.LightPhases.Count; p++)
            {
                var available = light.LightPhases[p].AvailableRoadLinks;
                for (var k = 0; k < available.Count; k++)
                {
                    if (available[k] >= intersection.RoadLinks.Count)
                        throw new CityFlowFormatException($"{path}.trafficLight.lightphases[{p}].availableRoadLinks[{k}]",
                            $"intersection '{intersection.Id}' has {intersection.RoadLinks.Count} road link(s), so {available[k]} is out of range");
                }
            }
        }
    }

    private static CityFlowPoint ReadPoint(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new CityFlowFormatException(path, "a point must be an object {\"x\": metres, \"y\": metres}");
        return new CityFlowPoint(Coordinate(e, "x", path), Coordinate(e, "y", path));
    }

    private static double Coordinate(JsonElement e, string name, string path)
    {
        var value = Number(e, name, path);
        return ImportBounds.Coordinate.Contains(value) ? value : throw new CityFlowFormatException($"{path}.{name}", $"is {Fmt(value)}; {ImportBounds.Coordinate.Rule}");
    }

    private static JsonElement Required(JsonElement e, string name, string path)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new CityFlowFormatException(path, "must be a JSON object");
        return e.TryGetProperty(name, out var value) ? value : throw new CityFlowFormatException($"{path}.{name}", "is required");
    }

    private static T[] Array<T>(JsonElement e, string name, string path, Func<JsonElement, string, T> item)
    {
        var array = Required(e, name, path);
        var arrayPath = $"{path}.{name}".TrimStart('$', '.');
        if (array.ValueKind != JsonValueKind.Array) throw new CityFlowFormatException(arrayPath, "must be an array");
        var result = new T[array.GetArrayLength()];
        var i = 0;
        foreach (var child in array.EnumerateArray())
        {
            result[i] = item(child, $"{arrayPath}[{i}]");
            i++;
        }
        return result;
    }

    private static string String(JsonElement e, string name, string path)
    {
        var value = Required(e, name, path);
        return value.ValueKind == JsonValueKind.String && Text(value) is { Length: > 0 } s
            ? s
            : throw new CityFlowFormatException($"{path}.{name}", "must be a non-empty string of UTF-8 text");
    }

    /// <summary>The string, or null when its bytes are not UTF-8: the parser checks strings only when they are read.</summary>
    private static string? Text(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static double Number(JsonElement e, string name, string path)
    {
        var value = Required(e, name, path);
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new CityFlowFormatException($"{path}.{name}", $"must be a finite number, not {Describe(value)}");
    }

    private static double? OptionalNumber(JsonElement e, string name, string path) =>
        e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? Number(e, name, path) : null;

    private static bool? OptionalBoolean(JsonElement e, string name, string path)
    {
        if (!e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new CityFlowFormatException($"{path}.{name}", $"must be true or false, not {Describe(value)}"),
        };
    }

    private static int Index(JsonElement e, string name, string path) => IndexValue(Required(e, name, path), $"{path}.{name}");

    private static int IndexValue(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var i) && i >= 0
            ? i
            : throw new CityFlowFormatException(path, $"must be an index (an integer of 0 or more), not {Describe(value)}");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Text(value) is { } text ? $"the string \"{TrafficImportException.Quote(text)}\"" : "a string that is not UTF-8",
        JsonValueKind.Number => value.GetRawText(),
        _ => value.ValueKind.ToString().ToLowerInvariant(),
    };

    private static string Fmt(double d) => d.ToString(CultureInfo.InvariantCulture);
}
