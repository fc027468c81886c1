namespace CityMesh.Twin.Seeding;

/// <summary>A point or vector in the city's local plane, metres east (X) and north (Y) of the anchor.</summary>
public readonly record struct PlanePoint(double X, double Y)
{
    public static PlanePoint operator +(PlanePoint a, PlanePoint b) => new(a.X + b.X, a.Y + b.Y);
    public static PlanePoint operator -(PlanePoint a, PlanePoint b) => new(a.X - b.X, a.Y - b.Y);
    public static PlanePoint operator *(PlanePoint a, double k) => new(a.X * k, a.Y * k);

    public double Length => Math.Sqrt(X * X + Y * Y);

    public PlanePoint Unit => this * (1 / Length);

    /// <summary>The vector turned a quarter to the right (clockwise): the kerb side when driving on the right.</summary>
    public PlanePoint Right => new(Y, -X);

    public double Dot(PlanePoint other) => X * other.X + Y * other.Y;

    public double Cross(PlanePoint other) => X * other.Y - Y * other.X;

    public double DistanceTo(PlanePoint other) => (this - other).Length;

    public static double DistanceToSegment(PlanePoint p, PlanePoint a, PlanePoint b)
    {
        var ab = b - a;
        var len2 = ab.Dot(ab);
        var t = len2 == 0 ? 0 : Math.Clamp((p - a).Dot(ab) / len2, 0, 1);
        return p.DistanceTo(a + ab * t);
    }

    /// <summary>Shortest distance between segments ab and cd; zero when they cross.</summary>
    public static double SegmentDistance(PlanePoint a, PlanePoint b, PlanePoint c, PlanePoint d)
    {
        if (Crosses(a, b, c, d)) return 0;
        return Math.Min(Math.Min(DistanceToSegment(a, c, d), DistanceToSegment(b, c, d)),
            Math.Min(DistanceToSegment(c, a, b), DistanceToSegment(d, a, b)));
    }

    private static bool Crosses(PlanePoint a, PlanePoint b, PlanePoint c, PlanePoint d)
    {
        var d1 = (b - a).Cross(c - a);
        var d2 = (b - a).Cross(d - a);
        var d3 = (d - c).Cross(a - c);
        var d4 = (d - c).Cross(b - c);
        return ((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0));
    }

    /// <summary>Even-odd rule; <paramref name="ring"/> need not repeat its first corner.</summary>
    public static bool InPolygon(PlanePoint p, IReadOnlyList<PlanePoint> ring)
    {
        var inside = false;
        for (int i = 0, j = ring.Count - 1; i < ring.Count; j = i++)
        {
            if ((ring[i].Y > p.Y) != (ring[j].Y > p.Y)
                && p.X < (ring[j].X - ring[i].X) * (p.Y - ring[i].Y) / (ring[j].Y - ring[i].Y) + ring[i].X)
                inside = !inside;
        }
        return inside;
    }
}
