namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// A CityFlow road network (<c>roadnet.json</c>) as the file says it: intersections joined by directed roads, with
/// their geometry. Coordinates are metres in a local plane (x east, y north). <see cref="CityFlowRoadnetReader"/>, the
/// one reader of the format, checks every value and reference; the simulator builds its model from this
/// (<see cref="CityFlowNetworkReader"/>) and the twin its entities.
/// </summary>
public sealed record CityFlowRoadNetwork(IReadOnlyList<CityFlowIntersection> Intersections, IReadOnlyList<CityFlowRoad> Roads)
{
    public CityFlowIntersection Intersection(string id) =>
        Intersections.FirstOrDefault(i => i.Id == id) ?? throw new KeyNotFoundException($"intersection '{id}' is not in the road network");

    public CityFlowRoad Road(string id) =>
        Roads.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"road '{id}' is not in the road network");
}

public readonly record struct CityFlowPoint(double X, double Y)
{
    /// <summary>Length of the path through <paramref name="points"/>, in metres.</summary>
    public static double PathLength(IReadOnlyList<CityFlowPoint> points)
    {
        var length = 0.0;
        for (var i = 1; i < points.Count; i++) length += Math.Sqrt(Math.Pow(points[i].X - points[i - 1].X, 2) + Math.Pow(points[i].Y - points[i - 1].Y, 2));
        return length;
    }
}

/// <summary>
/// A node of the network. A virtual intersection is where vehicles enter or leave the network; it has no
/// signal. <see cref="TrafficLight"/> is null when the file has none.
/// </summary>
public sealed record CityFlowIntersection(
    string Id,
    CityFlowPoint Point,
    double Width,
    IReadOnlyList<string> Roads,
    IReadOnlyList<CityFlowRoadLink> RoadLinks,
    CityFlowTrafficLight? TrafficLight,
    bool Virtual)
{
    /// <summary>Real intersections with light phases are signalised; virtual ones carry dummy phases only.</summary>
    public bool Signalised => !Virtual && TrafficLight is { LightPhases.Count: > 0 };

    /// <summary>SUMO's junction type (its right of way: priority, traffic_light, right_before_left, ...) where the network is SUMO's; CityFlow's has none.</summary>
    public string? JunctionType { get; init; }
}

/// <summary>A movement through an intersection from one road to another (go_straight, turn_left, turn_right).</summary>
public sealed record CityFlowRoadLink(
    string Type,
    string StartRoad,
    string EndRoad,
    int Direction,
    IReadOnlyList<CityFlowLaneLink> LaneLinks);

public sealed record CityFlowLaneLink(int StartLaneIndex, int EndLaneIndex, IReadOnlyList<CityFlowPoint> Points);

/// <summary><see cref="CityFlowLightPhase.AvailableRoadLinks"/> index the intersection's road links.</summary>
public sealed record CityFlowTrafficLight(IReadOnlyList<int> RoadLinkIndices, IReadOnlyList<CityFlowLightPhase> LightPhases);

/// <param name="Time">Phase duration in seconds.</param>
public sealed record CityFlowLightPhase(double Time, IReadOnlyList<int> AvailableRoadLinks);

/// <summary>A directed road from <see cref="StartIntersection"/> to <see cref="EndIntersection"/>; lane 0 is the innermost.</summary>
public sealed record CityFlowRoad(
    string Id,
    IReadOnlyList<CityFlowPoint> Points,
    IReadOnlyList<CityFlowLane> Lanes,
    string StartIntersection,
    string EndIntersection)
{
    /// <summary>Length along <see cref="Points"/>, in metres.</summary>
    public double Length => CityFlowPoint.PathLength(Points);
}

/// <param name="Width">Metres.</param>
/// <param name="MaxSpeed">Metres per second.</param>
public sealed record CityFlowLane(double Width, double MaxSpeed);
