namespace CityMesh.Twin.Seeding;

/// <summary>A rectangular plot in the local plane: a building, hospital or substation compound.</summary>
/// <param name="Along">Unit vector of the frontage (parallel to the road the plot faces).</param>
public sealed record Footprint(PlanePoint Centre, PlanePoint Along, double Frontage, double Depth)
{
    /// <summary>Corners counter-clockwise, as RFC 7946 wants exterior rings.</summary>
    public IReadOnlyList<PlanePoint> Corners
    {
        get
        {
            var u = Along * (Frontage / 2);
            var v = new PlanePoint(-Along.Y, Along.X) * (Depth / 2);
            return [Centre - u - v, Centre + u - v, Centre + u + v, Centre - u + v];
        }
    }

    public double Area => Frontage * Depth;

    /// <summary>Half the diagonal: no part of the plot lies farther from its centre.</summary>
    public double Radius => 0.5 * Math.Sqrt(Frontage * Frontage + Depth * Depth);

    public double DistanceToSegment(PlanePoint a, PlanePoint b)
    {
        var corners = Corners;
        if (PlanePoint.InPolygon(a, corners) || PlanePoint.InPolygon(b, corners)) return 0;
        var min = double.PositiveInfinity;
        for (var i = 0; i < corners.Count; i++)
            min = Math.Min(min, PlanePoint.SegmentDistance(corners[i], corners[(i + 1) % corners.Count], a, b));
        return min;
    }

    public double DistanceTo(Footprint other)
    {
        if (Centre.DistanceTo(other.Centre) - Radius - other.Radius > 0) return Centre.DistanceTo(other.Centre) - Radius - other.Radius;
        var corners = other.Corners;
        if (PlanePoint.InPolygon(other.Centre, Corners) || PlanePoint.InPolygon(Centre, corners)) return 0;
        var min = double.PositiveInfinity;
        for (var i = 0; i < corners.Count; i++) min = Math.Min(min, DistanceToSegment(corners[i], corners[(i + 1) % corners.Count]));
        return min;
    }
}
