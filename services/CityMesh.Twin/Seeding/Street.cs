using CityMesh.Simulation.Traffic.Import;

namespace CityMesh.Twin.Seeding;

/// <summary>
/// A street as the city around it sees it: the centreline shared by a road and its opposite direction, with the
/// carriageway reaching <see cref="HalfWidth"/> to each side (each direction's lanes lie on its right).
/// </summary>
/// <param name="RoadId">The CityFlow id of the lowest-named direction, which twin relationships point to.</param>
/// <param name="Boundary">The street leads to a virtual intersection at the edge of the network.</param>
/// <param name="StartIntersection">The intersection at the first point.</param>
/// <param name="EndIntersection">The intersection at the last point.</param>
internal sealed record Street(IReadOnlyList<PlanePoint> Points, double HalfWidth, string RoadId, bool Boundary, string StartIntersection, string EndIntersection)
{
    public static IReadOnlyList<Street> From(CityFlowRoadNetwork network)
    {
        var virtualNodes = network.Intersections.Where(i => i.Virtual).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        return network.Roads
            .GroupBy(r => string.CompareOrdinal(r.StartIntersection, r.EndIntersection) <= 0
                ? (r.StartIntersection, r.EndIntersection)
                : (r.EndIntersection, r.StartIntersection))
            .Select(g =>
            {
                var representative = g.OrderBy(r => r.Id, StringComparer.Ordinal).First();
                return new Street(
                    [.. representative.Points.Select(p => new PlanePoint(p.X, p.Y))],
                    g.Max(r => r.Lanes.Sum(l => l.Width)),
                    representative.Id,
                    virtualNodes.Contains(representative.StartIntersection) || virtualNodes.Contains(representative.EndIntersection),
                    representative.StartIntersection,
                    representative.EndIntersection);
            })
            .Where(s => s.Length > 0)
            .OrderBy(s => s.RoadId, StringComparer.Ordinal)
            .ToArray();
    }

    public double Length
    {
        get
        {
            var length = 0.0;
            for (var i = 1; i < Points.Count; i++) length += Points[i].DistanceTo(Points[i - 1]);
            return length;
        }
    }

    public PlanePoint PointAt(double along) => Locate(along).Point;

    /// <summary>Unit vector to the left of the centreline's direction at <paramref name="along"/>.</summary>
    public PlanePoint NormalAt(double along)
    {
        var direction = Locate(along).Direction;
        return new PlanePoint(-direction.Y, direction.X);
    }

    /// <summary>
    /// A plot facing this street: its frontage runs from <paramref name="along"/> for <paramref name="frontage"/>
    /// metres, <paramref name="setback"/> metres beyond the kerb on the left (side 1) or right (side -1).
    /// </summary>
    public Footprint Plot(double along, int side, double setback, double frontage, double depth)
    {
        var (start, direction) = Locate(along);
        var normal = new PlanePoint(-direction.Y, direction.X) * side;
        var centre = start + direction * (frontage / 2) + normal * (HalfWidth + setback + depth / 2);
        return new Footprint(centre, direction, frontage, depth);
    }

    /// <summary>How far the plot keeps from the carriageway's edge; negative when it reaches onto it.</summary>
    public double Clearance(Footprint plot)
    {
        var min = double.PositiveInfinity;
        for (var i = 1; i < Points.Count; i++) min = Math.Min(min, plot.DistanceToSegment(Points[i - 1], Points[i]));
        return min - HalfWidth;
    }

    /// <summary>Distance from the centreline, metres.</summary>
    public double DistanceTo(PlanePoint p)
    {
        var min = double.PositiveInfinity;
        for (var i = 1; i < Points.Count; i++) min = Math.Min(min, PlanePoint.DistanceToSegment(p, Points[i - 1], Points[i]));
        return min;
    }

    /// <summary>The centreline moved sideways (left when positive), corner points joined by their averaged normals.</summary>
    public IReadOnlyList<PlanePoint> Offset(double distance)
    {
        var result = new PlanePoint[Points.Count];
        for (var i = 0; i < Points.Count; i++)
        {
            var before = i > 0 ? (Points[i] - Points[i - 1]).Unit : (Points[1] - Points[0]).Unit;
            var after = i < Points.Count - 1 ? (Points[i + 1] - Points[i]).Unit : before;
            var sum = before + after;
            var direction = sum.Length > 1e-9 ? sum.Unit : before;
            result[i] = Points[i] + new PlanePoint(-direction.Y, direction.X) * distance;
        }
        return result;
    }

    private (PlanePoint Point, PlanePoint Direction) Locate(double along)
    {
        var remaining = Math.Max(0, along);
        for (var i = 1; i < Points.Count; i++)
        {
            var step = Points[i].DistanceTo(Points[i - 1]);
            if (step == 0) continue;
            var direction = (Points[i] - Points[i - 1]).Unit;
            if (remaining <= step || i == Points.Count - 1) return (Points[i - 1] + direction * Math.Min(remaining, step), direction);
            remaining -= step;
        }
        return (Points[0], new PlanePoint(1, 0));
    }
}
