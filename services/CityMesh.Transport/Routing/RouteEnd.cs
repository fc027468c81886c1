using CityMesh.Contracts.Twin;
using CityMesh.Transport.Network;

namespace CityMesh.Transport.Routing;

/// <summary>
/// One end of a route resolved to the roads it can start or finish on: a road is itself; an intersection is every
/// road leaving it (a start) or entering it (a finish). A point is not resolved yet: the twin's roads carry no
/// WGS84 geometry the router can snap to (README.md).
/// </summary>
internal readonly record struct RouteEnd(IReadOnlyList<int> Roads, int? Junction)
{
    public static RouteEnd? Resolve(RoutePlace? place, string field, bool isStart, TransportNetwork network, RoadTopology topology, out RouteProblem? problem)
    {
        problem = null;
        if (place is null) return Fail(400, field, "is required: give one of intersection, road or point", out problem);
        var kinds = (place.Intersection is null ? 0 : 1) + (place.Road is null ? 0 : 1) + (place.Point is null ? 0 : 1);
        if (kinds != 1) return Fail(400, field, $"needs exactly one of intersection, road or point; {kinds} given", out problem);

        if (place.Point is not null)
            return Fail(400, $"{field}.point", "is not supported yet: the network has no WGS84 geometry to snap to; give an intersection or a road", out problem);

        if (place.Intersection is { } intersection)
        {
            if (network.LocalId(intersection, EntityTypes.Intersection) is not { } local || !topology.JunctionIndex.TryGetValue(local, out var junction))
                return Fail(404, $"{field}.intersection", $"'{intersection}' is not an intersection of {network.City}", out problem);
            var roads = isStart ? topology.Leaving(junction) : topology.Entering(junction);
            if (roads.Count == 0)
                return Fail(422, $"{field}.intersection", $"'{intersection}' has no road {(isStart ? "leaving" : "entering")} it", out problem);
            return new RouteEnd(roads, junction);
        }

        var road = place.Road!;
        if (network.LocalId(road, EntityTypes.RoadSegment) is not { } roadId || !topology.Roads.EdgeIndex.TryGetValue(roadId, out var edge))
            return Fail(404, $"{field}.road", $"'{road}' is not a road of {network.City}", out problem);
        return new RouteEnd([edge], null);
    }

    private static RouteEnd? Fail(int status, string field, string detail, out RouteProblem problem)
    {
        problem = new RouteProblem(status, field, detail);
        return null;
    }
}
