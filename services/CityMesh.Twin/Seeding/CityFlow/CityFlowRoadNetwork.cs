namespace CityMesh.Twin.Seeding.CityFlow;

/// <summary>
/// A CityFlow road network (<c>roadnet.json</c>): intersections joined by directed roads. Coordinates are metres
/// in a local plane (x east, y north). Read it with <see cref="CityFlowReader"/>, which checks every reference.
/// </summary>
public sealed record CityFlowRoadNetwork(IReadOnlyList<CityFlowIntersection> Intersections, IReadOnlyList<CityFlowRoad> Roads)
{
    public CityFlowIntersection Intersection(string id) =>
        Intersections.FirstOrDefault(i => i.Id == id) ?? throw new KeyNotFoundException($"intersection '{id}' is not in the road network");

    public CityFlowRoad Road(string id) =>
        Roads.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"road '{id}' is not in the road network");
}

public readonly record struct CityFlowPoint(double X, double Y);

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
    public double Length
    {
        get
        {
            var length = 0.0;
            for (var i = 1; i < Points.Count; i++)
                length += Math.Sqrt(Math.Pow(Points[i].X - Points[i - 1].X, 2) + Math.Pow(Points[i].Y - Points[i - 1].Y, 2));
            return length;
        }
    }
}

/// <param name="Width">Metres.</param>
/// <param name="MaxSpeed">Metres per second.</param>
public sealed record CityFlowLane(double Width, double MaxSpeed);

/// <summary>A road network file that breaks the CityFlow format; <see cref="Element"/> is a JSON path to the culprit.</summary>
public sealed class CityFlowFormatException(string element, string reason, Exception? inner = null)
    : Exception($"{element}: {reason}", inner)
{
    public string Element { get; } = element;
    public string Reason { get; } = reason;
}
