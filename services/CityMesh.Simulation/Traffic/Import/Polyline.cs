using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>Lengths and lateral offsets of polylines, for formats that give a road's centre line but not its lanes.</summary>
internal static class Polyline
{
    public static double Length(IReadOnlyList<Point2> points)
    {
        var length = 0.0;
        for (var i = 1; i < points.Count; i++) length += Distance(points[i - 1], points[i]);
        return length;
    }

    /// <summary>
    /// The line moved <paramref name="offset"/> metres to the right of its direction of travel. Each vertex moves
    /// along the mean of its segments' normals: exact on straight roads, close enough on gentle bends.
    /// </summary>
    public static Point2[] OffsetRight(IReadOnlyList<Point2> points, double offset)
    {
        var result = new Point2[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            var (nx, ny) = (0.0, 0.0);
            if (i > 0) Accumulate(points[i - 1], points[i], ref nx, ref ny);
            if (i < points.Count - 1) Accumulate(points[i], points[i + 1], ref nx, ref ny);
            var norm = Math.Sqrt(nx * nx + ny * ny);
            result[i] = norm == 0 ? points[i] : new Point2(points[i].X + offset * nx / norm, points[i].Y + offset * ny / norm);
        }
        return result;
    }

    private static void Accumulate(Point2 a, Point2 b, ref double nx, ref double ny)
    {
        var length = Distance(a, b);
        if (length == 0) return;
        // Right of (dx, dy) is (dy, -dx).
        nx += (b.Y - a.Y) / length;
        ny += -(b.X - a.X) / length;
    }

    private static double Distance(Point2 a, Point2 b) => Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y));
}
