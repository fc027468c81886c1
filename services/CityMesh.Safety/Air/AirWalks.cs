using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Simulation.Air.Routing;
using CityMesh.Twin.Client;

namespace CityMesh.Safety.Air;

/// <summary>
/// The city's walking graph from the twin's road segments: a node per intersection (where a segment's line starts or
/// ends), an edge per segment that is not closed, walkable both ways (pavements are). Cached per read of the roads.
/// </summary>
public sealed class AirWalks(AirMonitor monitor)
{
    private readonly Lock _gate = new();
    private (int Version, ExposureRouter? Router, string? Problem) _cached = (-1, null, null);

    /// <summary>The router over the streets as last read; null (with why) when there are none to walk.</summary>
    public ExposureRouter? Router(out string? problem)
    {
        var (roads, version) = monitor.Roads;
        lock (_gate)
        {
            if (_cached.Version != version) _cached = Build(roads, version);
            problem = _cached.Problem;
            return _cached.Router;
        }
    }

    private static (int, ExposureRouter?, string?) Build(IReadOnlyList<JsonElement> roads, int version)
    {
        var ids = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        List<double> lon = [], lat = [], length = [];
        List<int> from = [], to = [];
        int Node(string id, Position at)
        {
            if (index.TryGetValue(id, out var n)) return n;
            index[id] = n = ids.Count;
            ids.Add(id);
            lon.Add(at.Longitude);
            lat.Add(at.Latitude);
            return n;
        }
        foreach (var json in roads)
        {
            var road = new NgsiEntity(json);
            if (road.TextOrNull("status") == "closed" || road.Location is not LineString { Coordinates.Length: >= 2 } line) continue;
            if (road.ObjectOrNull("refStartIntersection") is not { } start || road.ObjectOrNull("refEndIntersection") is not { } end || start == end) continue;
            var metres = road.NumberOrNull("length") ?? Length(line.Coordinates);
            if (!(metres > 0)) continue;
            from.Add(Node(start, line.Coordinates[0]));
            to.Add(Node(end, line.Coordinates[^1]));
            length.Add(metres);
        }
        if (from.Count == 0) return (version, null, "the twin holds no open road segments with both intersections to walk along");
        var graph = WalkGraph.Build(ids, [.. lon], [.. lat], [.. from], [.. to], [.. length]);
        return (version, new ExposureRouter(graph), null);
    }

    private static double Length(IReadOnlyList<Position> points)
    {
        double metres = 0;
        for (var i = 1; i < points.Count; i++) metres += Simulation.Air.Field.LocalMetres.Distance(new(points[i - 1].Longitude, points[i - 1].Latitude), new(points[i].Longitude, points[i].Latitude));
        return metres;
    }
}
