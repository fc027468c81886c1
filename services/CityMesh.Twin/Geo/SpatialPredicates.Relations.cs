using CityMesh.Contracts.Geo;

namespace CityMesh.Twin.Geo;

/// <summary>
/// The geo-relations beyond near, within and intersects (NGSI-LD clause 4.10): equals, disjoint, contains and overlaps,
/// each read as PostGIS's function of the same name reads it (the PostgreSQL store calls those), for valid geometries
/// in general position. Where a shape is degenerate (a vertex repeated along a straight edge, an area that exactly
/// equals the other's) PostGIS reasons about point sets and these about vertices; the contract tests hold both to the
/// cases a city's data has.
/// </summary>
public static partial class SpatialPredicates
{
    /// <summary>Same dimension and the same vertices: a ring that starts at another vertex is the same ring.</summary>
    public static bool GeoEquals(Geometry a, Geometry b)
    {
        if (Dimension(a) != Dimension(b) || !a.Bounds.Intersects(b.Bounds)) return false;
        var va = Vertices(a);
        var vb = Vertices(b);
        return va.SetEquals(vb);
    }

    /// <summary>No point in common: the negation of <see cref="Intersects"/>.</summary>
    public static bool Disjoint(Geometry a, Geometry b) => !Intersects(a, b);

    /// <summary>
    /// <paramref name="a"/> holds every point of <paramref name="b"/>, some of them in its interior: an area holds what lies
    /// within it; a line holds points on it (not only its ends) and lines along it; points hold points among them.
    /// </summary>
    public static bool Contains(Geometry a, Geometry b)
    {
        if (Dimension(b) > Dimension(a) || !a.Bounds.Intersects(b.Bounds)) return false;
        if (GeoEquals(a, b)) return true;
        switch (Dimension(a))
        {
            case 2:
                return Within(b, a);
            case 1:
                var lines = Lines(a).ToArray();
                if (Dimension(b) == 0)
                {
                    var points = b.Positions.ToArray();
                    return points.All(p => OnAnyLine(p, lines)) && points.Any(p => !IsLineEnd(p, lines));
                }
                // Every vertex of b on a, and every edge's midpoint too, so no edge of b cuts a corner of a.
                return Lines(b).All(l => l.All(p => OnAnyLine(p, lines))
                    && l.Zip(l.Skip(1), Midpoint).All(m => OnAnyLine(m, lines)));
            default:
                return Vertices(b).IsSubsetOf(Vertices(a));
        }
    }

    /// <summary>
    /// Same dimension, interiors meet, and neither contains the other: areas that partly cover each other, lines that
    /// share a stretch, point sets that share some points.
    /// </summary>
    public static bool Overlaps(Geometry a, Geometry b)
    {
        if (Dimension(a) != Dimension(b) || !a.Bounds.Intersects(b.Bounds)) return false;
        if (Contains(a, b) || Contains(b, a) || GeoEquals(a, b)) return false;
        return Dimension(a) switch
        {
            2 => InteriorsMeet(a, b),
            1 => ShareAStretch(Lines(a).ToArray(), Lines(b).ToArray()),
            _ => Vertices(a).Overlaps(Vertices(b)),
        };
    }

    /// <summary>0 for points, 1 for lines, 2 for areas.</summary>
    private static int Dimension(Geometry g) => g switch
    {
        Point or MultiPoint => 0,
        LineString or MultiLineString => 1,
        _ => 2,
    };

    private static HashSet<(double, double)> Vertices(Geometry g) => [.. g.Positions.Select(p => (p.Longitude, p.Latitude))];

    private static Position Midpoint(Position a, Position b) => new((a.Longitude + b.Longitude) / 2, (a.Latitude + b.Latitude) / 2);

    /// <summary>An end of an open line is its boundary, not its interior.</summary>
    private static bool IsLineEnd(Position p, Position[][] lines) =>
        lines.Any(l => !Same(l[0], l[^1]) && (Same(p, l[0]) || Same(p, l[^1])));

    /// <summary>Two areas share interior: a vertex of one strictly inside the other, or two edges that cross.</summary>
    private static bool InteriorsMeet(Geometry a, Geometry b)
    {
        var areasA = Polygons(a).ToArray();
        var areasB = Polygons(b).ToArray();
        if (a.Positions.Any(p => areasB.Any(poly => Contains(poly, p))) || b.Positions.Any(p => areasA.Any(poly => Contains(poly, p)))) return true;
        foreach (var ra in Lines(a))
        foreach (var rb in Lines(b))
        {
            for (var i = 1; i < ra.Length; i++)
            for (var j = 1; j < rb.Length; j++)
            {
                if (ProperlyIntersect(ra[i - 1], ra[i], rb[j - 1], rb[j])) return true;
            }
        }
        return false;
    }

    /// <summary>Two segments lie on one straight line and overlap over more than a point.</summary>
    private static bool ShareAStretch(Position[][] linesA, Position[][] linesB)
    {
        foreach (var la in linesA)
        foreach (var lb in linesB)
        {
            for (var i = 1; i < la.Length; i++)
            for (var j = 1; j < lb.Length; j++)
            {
                var (p1, p2, q1, q2) = (la[i - 1], la[i], lb[j - 1], lb[j]);
                if (Orientation(p1, p2, q1) != 0 || Orientation(p1, p2, q2) != 0) continue;
                // Collinear: project on the longer axis and compare the intervals.
                var byLon = Math.Abs(p2.Longitude - p1.Longitude) >= Math.Abs(p2.Latitude - p1.Latitude);
                double Coord(Position p) => byLon ? p.Longitude : p.Latitude;
                var lo = Math.Max(Math.Min(Coord(p1), Coord(p2)), Math.Min(Coord(q1), Coord(q2)));
                var hi = Math.Min(Math.Max(Coord(p1), Coord(p2)), Math.Max(Coord(q1), Coord(q2)));
                if (hi > lo) return true;
            }
        }
        return false;
    }
}
