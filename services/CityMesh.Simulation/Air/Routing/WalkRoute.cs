namespace CityMesh.Simulation.Air.Routing;

/// <summary>
/// A walk: its nodes (ids) and their coordinates in order, the edges walked (indexes into the arrays the graph was
/// built from, to draw the streets' own shapes), length, time at the walking speed, exposure (Σ time on an
/// edge × the concentration along it, µg·h/m³), the inhaled dose (exposure × ventilation, µg) and the time-weighted
/// mean concentration (exposure / time).
/// </summary>
public sealed record WalkRoute(
    IReadOnlyList<string> Nodes, IReadOnlyList<Field.GeoPoint> Coordinates, IReadOnlyList<int> Edges, double LengthMetres, double WalkingMinutes,
    double Exposure, double InhaledMicrograms, double MeanConcentration);

/// <summary>
/// The advice: the least-exposed walk and the shortest one for comparison. <see cref="DetourCapped"/> says the
/// least-exposed walk overall was longer than the cap allows and <see cref="LeastExposed"/> is the best found within
/// it; <see cref="Note"/> says so in words a citizen can read.
/// </summary>
public sealed record ExposureRoutePlan(WalkRoute LeastExposed, WalkRoute Shortest, double? MaxDetour, bool DetourCapped, string Note)
{
    /// <summary>Share of the shortest walk's exposure avoided (0 when they are the same walk).</summary>
    public double ExposureSaved => Shortest.Exposure > 0 ? 1 - LeastExposed.Exposure / Shortest.Exposure : 0;
}

/// <summary>No walk joins the two nodes; <see cref="To"/> is the end that cannot be reached.</summary>
public sealed class RouteNotFoundException(string from, string to)
    : Exception($"no walking route from '{from}' reaches '{to}': the two are in parts of the network that do not connect")
{
    public string From => from;
    public string To => to;
}
