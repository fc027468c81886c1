using System.Text.Json;
using CityMesh.Contracts.Geo;
using CityMesh.Simulation.Air.Field;
using CityMesh.Simulation.Air.Routing;
using CityMesh.Twin.Client;

namespace CityMesh.Safety.Air;

/// <summary>
/// The city's streets as air quality uses them, from the twin's road segments, cached per read of the roads: the
/// walking graph (a node per intersection, where a segment's line starts or ends; an edge per segment that is not
/// closed, walkable both ways, as pavements are) and the traffic covariate of the field (how near a place is to the
/// roads, weighted by their lanes: roadside NO2 falls off within a few hundred metres, which stations a kilometre
/// apart cannot show).
/// </summary>
public sealed class AirStreets(AirMonitor monitor)
{
    /// <summary>How fast a road's effect on the air fades with distance, m (the evaluation's setting).</summary>
    public const double RoadDecayMetres = Simulation.Air.Evaluation.FieldEvaluation.RoadDecayMetres;

    private readonly Lock _gate = new();
    private (int Version, ExposureRouter? Router, string? Problem) _cached = (-1, null, null);
    private (int Version, RoadProximity? Proximity) _proximity = (-1, null);

    /// <summary>The roads' proximity surface; null when the twin has no roads (the field is then plain inverse distance).</summary>
    public RoadProximity? Traffic()
    {
        var (roads, version) = monitor.Roads;
        lock (_gate)
        {
            if (_proximity.Version == version) return _proximity.Proximity;
            var segments = new List<Simulation.Air.Field.RoadSegment>();
            foreach (var json in roads)
            {
                var road = new NgsiEntity(json);
                if (road.Location is not LineString { Coordinates.Length: >= 2 } line) continue;
                double weight = road.NumberOrNull("totalLaneNumber") ?? 1;
                for (var i = 1; i < line.Coordinates.Length; i++)
                    segments.Add(new(new(line.Coordinates[i - 1].Longitude, line.Coordinates[i - 1].Latitude), new(line.Coordinates[i].Longitude, line.Coordinates[i].Latitude), Math.Max(0, weight)));
            }
            _proximity = (version, segments.Count > 0 ? new RoadProximity(segments, RoadDecayMetres) : null);
            return _proximity.Proximity;
        }
    }

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
