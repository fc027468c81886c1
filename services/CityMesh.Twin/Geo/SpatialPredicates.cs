using CityMesh.Contracts.Geo;

namespace CityMesh.Twin.Geo;

/// <summary>
/// The NGSI-LD geo-relations. Topology (within, intersects) is planar in degrees, as PostGIS's geometry type;
/// distance (near) is spherical, as PostGIS's geography type.
/// </summary>
public static partial class SpatialPredicates
{
    /// <summary>Shortest distance in metres from a point to a geometry; 0 when the point lies inside an area.</summary>
    public static double DistanceMetres(Position point, Geometry geometry)
    {
        switch (geometry)
        {
            case Point p: return GeoMath.HaversineMetres(point, p.Coordinates);
            case MultiPoint mp: return mp.Coordinates.Min(c => GeoMath.HaversineMetres(point, c));
        }
        if (Polygons(geometry).Any(poly => Contains(poly, point))) return 0;
        var best = double.PositiveInfinity;
        foreach (var line in Lines(geometry))
        {
            for (var i = 1; i < line.Length; i++)
                best = Math.Min(best, GeoMath.PointToSegmentMetres(point, line[i - 1], line[i]));
        }
        return best;
    }

    /// <summary>True when every part of <paramref name="geometry"/> lies inside the area <paramref name="area"/>.</summary>
    public static bool Within(Geometry geometry, Geometry area)
    {
        var areas = Polygons(area).ToArray();
        if (areas.Length == 0) return false;
        foreach (var p in geometry.Positions)
        {
            if (!areas.Any(a => Contains(a, p))) return false;
        }
        // A line or ring may leave and re-enter a concave area between vertices.
        foreach (var line in Lines(geometry))
        {
            for (var i = 1; i < line.Length; i++)
            {
                foreach (var ring in areas.SelectMany(a => a))
                {
                    if (CrossesRing(line[i - 1], line[i], ring)) return false;
                }
            }
        }
        return true;
    }

    public static bool Intersects(Geometry a, Geometry b)
    {
        if (!a.Bounds.Intersects(b.Bounds)) return false;
        var areasA = Polygons(a).ToArray();
        var areasB = Polygons(b).ToArray();
        if (a.Positions.Any(p => areasB.Any(poly => Contains(poly, p)))) return true;
        if (b.Positions.Any(p => areasA.Any(poly => Contains(poly, p)))) return true;

        var linesA = Lines(a).ToArray();
        var linesB = Lines(b).ToArray();
        var pointsA = a is Point or MultiPoint ? a.Positions.ToArray() : [];
        var pointsB = b is Point or MultiPoint ? b.Positions.ToArray() : [];
        if (pointsA.Any(p => pointsB.Any(q => Same(p, q)))) return true;
        if (pointsA.Any(p => OnAnyLine(p, linesB)) || pointsB.Any(p => OnAnyLine(p, linesA))) return true;
        foreach (var la in linesA)
        foreach (var lb in linesB)
        {
            for (var i = 1; i < la.Length; i++)
            for (var j = 1; j < lb.Length; j++)
            {
                if (SegmentsIntersect(la[i - 1], la[i], lb[j - 1], lb[j])) return true;
            }
        }
        return false;
    }

    /// <summary>Point in polygon with holes (even-odd), boundary excluded.</summary>
    public static bool Contains(Position[][] polygon, Position p)
    {
        // The ray cast alone counts some edges in (those to the west and south of the interior): take them out.
        if (!InRing(polygon[0], p) || OnAnyLine(p, polygon)) return false;
        for (var h = 1; h < polygon.Length; h++)
        {
            if (InRing(polygon[h], p)) return false;
        }
        return true;
    }

    private static bool InRing(Position[] ring, Position p)
    {
        var inside = false;
        for (int i = 0, j = ring.Length - 1; i < ring.Length; j = i++)
        {
            var a = ring[i];
            var b = ring[j];
            if ((a.Latitude > p.Latitude) != (b.Latitude > p.Latitude)
                && p.Longitude < (b.Longitude - a.Longitude) * (p.Latitude - a.Latitude) / (b.Latitude - a.Latitude) + a.Longitude)
            {
                inside = !inside;
            }
        }
        return inside;
    }

    private static IEnumerable<Position[][]> Polygons(Geometry g) => g switch
    {
        Polygon p => [p.Rings],
        MultiPolygon mp => mp.Polygons,
        _ => [],
    };

    /// <summary>The geometry's edges as polylines: lines, and polygon rings.</summary>
    private static IEnumerable<Position[]> Lines(Geometry g) => g switch
    {
        LineString l => [l.Coordinates],
        MultiLineString ml => ml.Lines,
        Polygon p => p.Rings,
        MultiPolygon mp => mp.Polygons.SelectMany(r => r),
        _ => [],
    };

    private static bool CrossesRing(Position a, Position b, Position[] ring)
    {
        for (var k = 1; k < ring.Length; k++)
        {
            if (ProperlyIntersect(a, b, ring[k - 1], ring[k])) return true;
        }
        return false;
    }

    private static bool Same(Position a, Position b) => a.Longitude == b.Longitude && a.Latitude == b.Latitude;

    private static bool OnAnyLine(Position p, Position[][] lines)
    {
        foreach (var line in lines)
        {
            for (var i = 1; i < line.Length; i++)
            {
                if (Orientation(line[i - 1], line[i], p) == 0 && OnSegment(line[i - 1], p, line[i])) return true;
            }
        }
        return false;
    }

    private static double Orientation(Position a, Position b, Position c)
    {
        var v = (b.Longitude - a.Longitude) * (c.Latitude - a.Latitude) - (b.Latitude - a.Latitude) * (c.Longitude - a.Longitude);
        return Math.Abs(v) < 1e-18 ? 0 : Math.Sign(v);
    }

    private static bool OnSegment(Position a, Position p, Position b) =>
        p.Longitude >= Math.Min(a.Longitude, b.Longitude) && p.Longitude <= Math.Max(a.Longitude, b.Longitude)
        && p.Latitude >= Math.Min(a.Latitude, b.Latitude) && p.Latitude <= Math.Max(a.Latitude, b.Latitude);

    private static bool SegmentsIntersect(Position p1, Position p2, Position q1, Position q2)
    {
        var o1 = Orientation(p1, p2, q1);
        var o2 = Orientation(p1, p2, q2);
        var o3 = Orientation(q1, q2, p1);
        var o4 = Orientation(q1, q2, p2);
        if (o1 != o2 && o3 != o4) return true;
        return (o1 == 0 && OnSegment(p1, q1, p2)) || (o2 == 0 && OnSegment(p1, q2, p2))
            || (o3 == 0 && OnSegment(q1, p1, q2)) || (o4 == 0 && OnSegment(q1, p2, q2));
    }

    private static bool ProperlyIntersect(Position p1, Position p2, Position q1, Position q2)
    {
        var o1 = Orientation(p1, p2, q1);
        var o2 = Orientation(p1, p2, q2);
        var o3 = Orientation(q1, q2, p1);
        var o4 = Orientation(q1, q2, p2);
        return o1 * o2 < 0 && o3 * o4 < 0;
    }
}
