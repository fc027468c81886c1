namespace CityMesh.Simulation.Traffic.Model;

/// <summary>
/// Who drives where and when: vehicle types and one trip per vehicle with its route resolved to edges. Flows and
/// trips without routes are expanded and routed by the importers, so the simulator only sees this.
/// </summary>
public sealed record TrafficDemand(IReadOnlyList<VehicleType> Types, IReadOnlyList<Trip> Trips);

/// <summary>
/// Vehicle type parameters, SUMO's names and defaults for a passenger car (Krauss): accel 2.6 m/s², decel 4.5 m/s²,
/// sigma 0.5 (driver imperfection), length 5 m, minGap 2.5 m, maxSpeed 55.56 m/s, tau 1 s (desired headway),
/// speedFactor 1 with speedDev 0.1 (each vehicle's multiplier on the lane's limit), vClass passenger.
/// </summary>
public sealed record VehicleType(string Id)
{
    public double Accel { get; init; } = 2.6;
    public double Decel { get; init; } = 4.5;
    public double EmergencyDecel { get; init; } = 9.0;
    public double Sigma { get; init; } = 0.5;
    public double Length { get; init; } = 5.0;
    public double MinGap { get; init; } = 2.5;
    public double MaxSpeed { get; init; } = 55.56;
    public double Tau { get; init; } = 1.0;
    public double SpeedFactor { get; init; } = 1.0;
    public double SpeedDev { get; init; } = 0.1;
    /// <summary>SUMO's vClass as a <see cref="VehicleClasses"/> bit: which lanes the vehicle may use (passenger by default).</summary>
    public uint Class { get; init; } = VehicleClasses.Passenger;

    public static readonly VehicleType DefaultCar = new("DEFAULT_VEHTYPE");
}

/// <param name="Type">Index into <see cref="TrafficDemand.Types"/>.</param>
/// <param name="Depart">Seconds from the start of the simulation.</param>
/// <param name="Route">Edge indices from the first edge to the last; consecutive edges are connected.</param>
/// <param name="DepartLane">Lane index on the first edge, or null for the lane <paramref name="LaneChoice"/> picks.</param>
/// <param name="DepartSpeed">m/s, or null for as fast as is safe ("max").</param>
/// <param name="DepartPos">Where the vehicle's front enters the first edge, metres from its start; null for SUMO's "base" (its back at the
/// start); <see cref="BehindLast"/> for SUMO's "last".</param>
/// <param name="ArrivalPos">Where its front leaves the last edge, metres from its start; null for the edge's end.</param>
public sealed record Trip(string Id, int Type, double Depart, IReadOnlyList<int> Route, int? DepartLane = null, double? DepartSpeed = null,
    double? DepartPos = null, double? ArrivalPos = null, DepartLaneChoice LaneChoice = DepartLaneChoice.Best)
{
    /// <summary>SUMO's departPos "last": right behind the last vehicle on the lane, or at its end when it is empty.</summary>
    public const double BehindLast = double.PositiveInfinity;
}

/// <summary>How a trip without a lane index picks its departure lane among those its class may use (SUMO's departLane keywords).</summary>
public enum DepartLaneChoice
{
    /// <summary>"best": of the lanes that reach furthest along the route, the one with most room.</summary>
    Best,
    /// <summary>"free" and "allowed": the lane with most room.</summary>
    Free,
    /// <summary>"first", SUMO's default: the rightmost lane.</summary>
    First,
}
