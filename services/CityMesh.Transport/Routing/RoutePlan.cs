namespace CityMesh.Transport.Routing;

/// <summary>The fastest route found, as <c>POST /transport/routes</c> answers it.</summary>
/// <param name="Roads">The roads in driving order, the first entered at <see cref="DepartAt"/>.</param>
/// <param name="EtaSeconds">Seconds from departure to the end of the last road.</param>
/// <param name="Preempt">The signals an emergency vehicle pre-empts, in crossing order; empty for fleet vehicles, which obey them.</param>
public sealed record RoutePlan(
    string Vehicle,
    DateTimeOffset DepartAt,
    IReadOnlyList<RouteLeg> Roads,
    double DistanceMetres,
    double EtaSeconds,
    DateTimeOffset ArrivalAt,
    IReadOnlyList<SignalPreemption> Preempt);

/// <param name="Road">RoadSegment entity id.</param>
/// <param name="EnterSeconds">Seconds after departure the vehicle enters the road.</param>
/// <param name="TravelSeconds">Driving time from its start to the stop line at its end.</param>
/// <param name="JunctionDelaySeconds">Expected wait at the junction at its end before the next road (0 on the last road).</param>
/// <param name="Basis"><c>live</c> (a fresh detector reading) or <c>freeFlow</c> (the speed limit).</param>
/// <param name="SpeedKmh">The speed the travel time assumes.</param>
public sealed record RouteLeg(
    string Road, DateTimeOffset EnterAt, double EnterSeconds, double TravelSeconds, double JunctionDelaySeconds, string Basis, double SpeedKmh);

/// <param name="Signal">TrafficSignal entity id.</param>
/// <param name="Intersection">Intersection entity id.</param>
/// <param name="Approach">RoadSegment entity id the vehicle arrives on.</param>
/// <param name="ArrivalAt">Expected arrival at the stop line.</param>
public sealed record SignalPreemption(string Signal, string Intersection, string Approach, DateTimeOffset ArrivalAt, double ArrivalSeconds);

/// <summary>Why no route was given: an HTTP status and the request field at fault.</summary>
public sealed record RouteProblem(int Status, string Field, string Detail);

/// <summary>A plan or the problem that prevented one.</summary>
public sealed record RouteResult(RoutePlan? Plan, RouteProblem? Problem)
{
    public static RouteResult Of(RoutePlan plan) => new(plan, null);

    public static RouteResult Refused(int status, string field, string detail) => new(null, new RouteProblem(status, field, detail));
}
