namespace CityMesh.Health.Dispatch;

/// <summary>Emergency travel times between two roads of the network: the transport service's routing (<see cref="TransportRoutes"/>).</summary>
public interface IRouteTimes
{
    /// <returns>The fastest emergency route, or the reason there is none (no path, an unknown road).</returns>
    Task<RouteTime> TimeAsync(string fromRoad, string toRoad, DateTimeOffset departAt, CancellationToken ct);
}

/// <param name="Roads">RoadSegment ids in driving order.</param>
/// <param name="Problem">Why no route was given; the other figures are then 0.</param>
public sealed record RouteTime(double EtaSeconds, double DistanceMetres, IReadOnlyList<string> Roads, string? Problem = null)
{
    public static RouteTime None(string problem) => new(0, 0, [], problem);

    public bool Found => Problem is null;
}
