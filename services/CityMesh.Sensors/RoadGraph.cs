using System.Globalization;
using CityMesh.Contracts.Geo;
using CityMesh.Twin.Client;

namespace CityMesh.Sensors;

/// <summary>A road as the twin holds it: its centreline, in driving order, and the intersections it joins when the twin says.</summary>
public sealed record RoadLine(Position[] Points, string? Start = null, string? End = null);

/// <summary>
/// The city's roads as a graph a simulated vehicle drives: places are joined to the nearest point of the nearest road,
/// and the way between them is the shortest by length (Dijkstra on a binary heap). Built once per roster and read only
/// after, as arrays: node positions, edge ends, lengths and the flat list of every edge's points.
/// <para>
/// Every road is usable both ways. The twin holds a RoadSegment per direction (two for a two-way street, on the same
/// centreline), so for most streets this adds only the twin of an edge already there; it matters on one-way streets,
/// which an ambulance on blue lights may take against the flow, and which a crew driving home is let take too: a
/// simplification that keeps every place reachable from every other on a connected network.
/// </para>
/// <para>
/// Edges weigh their geometry's length, not a RoadSegment's <c>length</c> attribute: a vehicle is drawn along the
/// geometry, and its arrival must fall where that distance puts it. Speed limits are not weighed either; crews keep
/// their average speeds (<see cref="AmbulanceCrews"/>), so the shortest way is the quickest.
/// </para>
/// </summary>
public sealed class RoadGraph
{
    public static readonly RoadGraph Empty = new([]);

    private readonly double[] _nodeLon, _nodeLat;
    // Edge e runs from _edgeFrom[e] to _edgeTo[e]; its points are _pointLon/_pointLat[_edgeFirstPoint[e] .. _edgeFirstPoint[e + 1]),
    // _pointAlong the metres from the edge's first point.
    private readonly int[] _edgeFrom, _edgeTo, _edgeFirstPoint;
    private readonly double[] _edgeLength, _pointLon, _pointLat, _pointAlong;
    // The edges at node n: _incident[_firstIncident[n] .. _firstIncident[n + 1]).
    private readonly int[] _firstIncident, _incident;
    private int _routes;

    /// <param name="roads">Roads with fewer than two points are left out.</param>
    /// <param name="intersections">Where intersections are, by id: a road's end is joined to its intersection's place.</param>
    public RoadGraph(IReadOnlyList<RoadLine> roads, IReadOnlyDictionary<string, Position>? intersections = null)
    {
        var nodes = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodeLon = new List<double>();
        var nodeLat = new List<double>();
        int Node(string? id, Position end)
        {
            // Roads the twin does not tie to intersections meet where their ends coincide (to about a centimetre).
            var key = id ?? string.Create(CultureInfo.InvariantCulture, $"@{Math.Round(end.Longitude, 7)},{Math.Round(end.Latitude, 7)}");
            if (nodes.TryGetValue(key, out var n)) return n;
            var at = id is not null && intersections?.TryGetValue(id, out var place) == true ? place : end;
            nodeLon.Add(at.Longitude);
            nodeLat.Add(at.Latitude);
            return nodes[key] = nodes.Count;
        }

        var (from, to, firstPoint) = (new List<int>(), new List<int>(), new List<int>());
        var (pointLon, pointLat, pointAlong, length) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        foreach (var road in roads.Where(r => r.Points.Length >= 2))
        {
            var (a, b) = (Node(road.Start, road.Points[0]), Node(road.End, road.Points[^1]));
            from.Add(a);
            to.Add(b);
            firstPoint.Add(pointLon.Count);
            // A network's road may stop at the junction's edge rather than its centre (SUMO's do): joined to its nodes, a
            // way along consecutive roads stays continuous and its length is what the vehicle drives.
            var start = pointLon.Count;
            void Add(double lon, double lat)
            {
                if (pointLon.Count > start && lon == pointLon[^1] && lat == pointLat[^1]) return;
                pointAlong.Add(pointLon.Count == start ? 0 : pointAlong[^1] + GeoMath.HaversineMetres(pointLon[^1], pointLat[^1], lon, lat));
                pointLon.Add(lon);
                pointLat.Add(lat);
            }
            Add(nodeLon[a], nodeLat[a]);
            foreach (var p in road.Points) Add(p.Longitude, p.Latitude);
            Add(nodeLon[b], nodeLat[b]);
            length.Add(pointAlong[^1]);
        }
        firstPoint.Add(pointLon.Count);

        (_nodeLon, _nodeLat) = (nodeLon.ToArray(), nodeLat.ToArray());
        (_edgeFrom, _edgeTo, _edgeFirstPoint, _edgeLength) = (from.ToArray(), to.ToArray(), firstPoint.ToArray(), length.ToArray());
        (_pointLon, _pointLat, _pointAlong) = (pointLon.ToArray(), pointLat.ToArray(), pointAlong.ToArray());

        // Adjacency in compressed rows: count each node's edges, then place them (a loop is listed once).
        _firstIncident = new int[_nodeLon.Length + 1];
        for (var e = 0; e < _edgeFrom.Length; e++)
        {
            _firstIncident[_edgeFrom[e] + 1]++;
            if (_edgeTo[e] != _edgeFrom[e]) _firstIncident[_edgeTo[e] + 1]++;
        }
        for (var n = 0; n < _nodeLon.Length; n++) _firstIncident[n + 1] += _firstIncident[n];
        _incident = new int[_firstIncident[^1]];
        var fill = _firstIncident[..^1];
        for (var e = 0; e < _edgeFrom.Length; e++)
        {
            _incident[fill[_edgeFrom[e]]++] = e;
            if (_edgeTo[e] != _edgeFrom[e]) _incident[fill[_edgeTo[e]]++] = e;
        }
    }

    /// <summary>
    /// The graph of the twin's RoadSegments (a <c>location</c> LineString, <c>refStartIntersection</c> and
    /// <c>refEndIntersection</c>), their ends joined to the Intersections' places. Taken in id order, so the graph,
    /// and every way found on it, is the same however the twin listed them.
    /// </summary>
    public static RoadGraph From(IEnumerable<NgsiEntity> segments, IEnumerable<NgsiEntity> intersections)
    {
        var places = new Dictionary<string, Position>(StringComparer.Ordinal);
        foreach (var i in intersections)
            if (i.Location is Point p) places[i.Id] = p.Coordinates;
        // A closed road (a flood's closure, governed) is driven by no one: crews hear of it as a driver would on the radio.
        var roads = segments.Where(s => s.Location is LineString && s.TextOrNull("status") != "closed").OrderBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => new RoadLine(((LineString)s.Location!).Coordinates, s.ObjectOrNull("refStartIntersection"), s.ObjectOrNull("refEndIntersection")))
            .ToArray();
        return new RoadGraph(roads, places);
    }

    public int NodeCount => _nodeLon.Length;

    public int EdgeCount => _edgeFrom.Length;

    /// <summary>How many ways were asked for: a vehicle asks once a leg, never once a round.</summary>
    public int Routes => Volatile.Read(ref _routes);

    /// <summary>
    /// The way by road from <paramref name="from"/> to <paramref name="to"/>: a straight access line to the nearest
    /// point of the nearest road, the shortest way along the roads, and a straight line from the road to the place.
    /// Where the access lines together are no shorter than the direct line (both places far off the roads, or next to
    /// each other) the direct line is the way. Null when there is no way: no roads, or the places on roads not joined.
    /// </summary>
    public Leg? Route(Position from, Position to)
    {
        Interlocked.Increment(ref _routes);
        if (EdgeCount == 0) return null;
        var (a, b) = (SnapTo(from), SnapTo(to));
        if (GeoMath.HaversineMetres(from, to) <= a.Metres + b.Metres) return Leg.Straight(from, to);

        var dist = new double[NodeCount];
        Array.Fill(dist, double.PositiveInfinity);
        var via = new int[NodeCount]; // the edge a node was reached by; -1 where it is an end of the start's own road
        var queue = new PriorityQueue<int, double>();
        void Reach(int node, double metres, int edge)
        {
            if (metres >= dist[node]) return;
            (dist[node], via[node]) = (metres, edge);
            queue.Enqueue(node, metres);
        }
        Reach(_edgeFrom[a.Edge], a.Along, -1);
        Reach(_edgeTo[a.Edge], _edgeLength[a.Edge] - a.Along, -1);

        // Both places on one road: along it, unless a way round is shorter (Dijkstra finds that one).
        var best = a.Edge == b.Edge ? Math.Abs(a.Along - b.Along) : double.PositiveInfinity;
        var (entry, entryAtStart) = (-1, false);
        while (queue.TryDequeue(out var n, out var metres))
        {
            if (metres > dist[n]) continue; // an entry left behind by a shorter one
            if (metres >= best) break; // every node still queued is further: nothing shortens the way found
            if (n == _edgeFrom[b.Edge] && metres + b.Along < best) (best, entry, entryAtStart) = (metres + b.Along, n, true);
            if (n == _edgeTo[b.Edge] && metres + _edgeLength[b.Edge] - b.Along < best) (best, entry, entryAtStart) = (metres + _edgeLength[b.Edge] - b.Along, n, false);
            for (var j = _firstIncident[n]; j < _firstIncident[n + 1]; j++)
            {
                var e = _incident[j];
                Reach(Other(e, n), metres + _edgeLength[e], e);
            }
        }
        if (double.IsPositiveInfinity(best)) return null;

        var points = new List<Position> { from, a.Point };
        if (entry < 0) AppendAlong(a.Edge, a.Along, b.Along, points);
        else
        {
            var edges = new List<int>();
            var n = entry;
            for (; via[n] >= 0; n = Other(via[n], n)) edges.Add(via[n]);
            // n is the end of the start's road the way leaves by (for a loop road, its nearer way round).
            var leaveAtStart = n == _edgeFrom[a.Edge] && (n != _edgeTo[a.Edge] || a.Along <= _edgeLength[a.Edge] - a.Along);
            AppendAlong(a.Edge, a.Along, leaveAtStart ? 0 : _edgeLength[a.Edge], points);
            for (var k = edges.Count - 1; k >= 0; k--)
            {
                var e = edges[k];
                var forward = n == _edgeFrom[e];
                AppendAlong(e, forward ? 0 : _edgeLength[e], forward ? _edgeLength[e] : 0, points);
                n = Other(e, n);
            }
            AppendAlong(b.Edge, entryAtStart ? 0 : _edgeLength[b.Edge], b.Along, points);
        }
        points.Add(to);
        return new Leg(points, onRoads: true);
    }

    /// <summary>Metres from <paramref name="p"/> to the nearest road (infinite with no roads).</summary>
    public double MetresToRoad(Position p) => EdgeCount == 0 ? double.PositiveInfinity : SnapTo(p).Metres;

    private int Other(int edge, int node) => _edgeFrom[edge] == node ? _edgeTo[edge] : _edgeFrom[edge];

    /// <summary>A point on a road: the edge, metres along it from its start, where that is, and how far the place it was found for lies.</summary>
    private readonly record struct RoadPoint(int Edge, double Along, Position Point, double Metres);

    /// <summary>
    /// The nearest point of the nearest road, over every segment of every road: a leg asks twice, so a city's few
    /// thousand segments cost far less than an index would to keep. Distances in a local flat frame around the place,
    /// exact to well under a metre at city scale; ties go to the first road in id order.
    /// </summary>
    private RoadPoint SnapTo(Position p)
    {
        var kx = GeoMath.MetresPerDegreeLatitude * Math.Cos(p.Latitude * Math.PI / 180);
        const double ky = GeoMath.MetresPerDegreeLatitude;
        var (bestSquared, edge, segment, share) = (double.PositiveInfinity, 0, 0, 0.0);
        for (var e = 0; e < EdgeCount; e++)
            for (var k = _edgeFirstPoint[e]; k < _edgeFirstPoint[e + 1] - 1; k++)
            {
                double ax = (_pointLon[k] - p.Longitude) * kx, ay = (_pointLat[k] - p.Latitude) * ky;
                double dx = (_pointLon[k + 1] - _pointLon[k]) * kx, dy = (_pointLat[k + 1] - _pointLat[k]) * ky;
                var length2 = dx * dx + dy * dy;
                var t = length2 == 0 ? 0 : Math.Clamp(-(ax * dx + ay * dy) / length2, 0, 1);
                double cx = ax + t * dx, cy = ay + t * dy;
                var squared = cx * cx + cy * cy;
                if (squared < bestSquared) (bestSquared, edge, segment, share) = (squared, e, k, t);
            }
        // A road of one repeated point has no segment: its only point is the nearest.
        if (double.IsPositiveInfinity(bestSquared))
        {
            var k0 = _edgeFirstPoint[0];
            return new RoadPoint(0, 0, new Position(_pointLon[k0], _pointLat[k0]), GeoMath.HaversineMetres(p, new Position(_pointLon[k0], _pointLat[k0])));
        }
        var along = _pointAlong[segment] + share * (_pointAlong[segment + 1] - _pointAlong[segment]);
        return new RoadPoint(edge, along, Lerp(segment, share), Math.Sqrt(bestSquared));
    }

    private Position Lerp(int k, double share) => share <= 0
        ? new Position(_pointLon[k], _pointLat[k])
        : new Position(_pointLon[k] + (_pointLon[k + 1] - _pointLon[k]) * share, _pointLat[k] + (_pointLat[k + 1] - _pointLat[k]) * share);

    /// <summary>
    /// Drives edge <paramref name="e"/> from <paramref name="fromAlong"/> to <paramref name="toAlong"/> metres (backwards
    /// when the second is smaller): the edge's points passed on the way, then the point reached.
    /// </summary>
    private void AppendAlong(int e, double fromAlong, double toAlong, List<Position> points)
    {
        var (first, last) = (_edgeFirstPoint[e], _edgeFirstPoint[e + 1] - 1);
        if (fromAlong <= toAlong)
        {
            for (var k = first; k <= last; k++)
                if (_pointAlong[k] > fromAlong && _pointAlong[k] < toAlong) points.Add(new Position(_pointLon[k], _pointLat[k]));
        }
        else
        {
            for (var k = last; k >= first; k--)
                if (_pointAlong[k] < fromAlong && _pointAlong[k] > toAlong) points.Add(new Position(_pointLon[k], _pointLat[k]));
        }
        points.Add(PointAlong(e, toAlong));
    }

    private Position PointAlong(int e, double along)
    {
        var (first, last) = (_edgeFirstPoint[e], _edgeFirstPoint[e + 1] - 1);
        for (var k = first; k < last; k++)
            if (along <= _pointAlong[k + 1])
            {
                var span = _pointAlong[k + 1] - _pointAlong[k];
                return Lerp(k, span == 0 ? 0 : (along - _pointAlong[k]) / span);
            }
        return new Position(_pointLon[last], _pointLat[last]);
    }
}
