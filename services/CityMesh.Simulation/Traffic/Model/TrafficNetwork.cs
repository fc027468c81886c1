namespace CityMesh.Simulation.Traffic.Model;

/// <summary>
/// A road network as the simulator sees it, whatever file it came from (SUMO .net.xml, CityFlow roadnet JSON).
/// Everything refers to everything else by index into these lists; ids are kept for outputs and error messages.
/// Lengths in metres, speeds in m/s, times in seconds, coordinates in the network's plane (metres).
/// </summary>
public sealed record TrafficNetwork(
    IReadOnlyList<Edge> Edges,
    IReadOnlyList<Lane> Lanes,
    IReadOnlyList<Junction> Junctions,
    IReadOnlyList<Connection> Connections,
    IReadOnlyList<SignalProgram> Signals)
{
    /// <summary>Edge index by id; built on first use.</summary>
    public IReadOnlyDictionary<string, int> EdgeIndex => _edgeIndex ??= Edges.Select((e, i) => (e.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);

    private Dictionary<string, int>? _edgeIndex;
}

/// <summary>A road in one direction from junction <see cref="From"/> to <see cref="To"/>.</summary>
/// <param name="Lanes">Lane indices, rightmost first (SUMO's index 0).</param>
/// <param name="Priority">Higher wins at unsignalised junctions (SUMO's edge priority).</param>
public sealed record Edge(string Id, int From, int To, IReadOnlyList<int> Lanes, int Priority, double Length, double SpeedLimit);

/// <param name="IndexOnEdge">0 is the rightmost lane.</param>
/// <param name="Shape">Polyline in the network plane, from the lane's start to its end; at least two points.</param>
/// <param name="Permissions">The vehicle classes allowed on the lane (<see cref="VehicleClasses"/>); every class by default.</param>
/// <param name="Width">Metres; netconvert's default where the file gives none. Geometry for the twin: the engine does not use it.</param>
public sealed record Lane(string Id, int Edge, int IndexOnEdge, double Length, double SpeedLimit, IReadOnlyList<Point2> Shape, uint Permissions = uint.MaxValue,
    double Width = Lane.DefaultWidth)
{
    /// <summary>Metres: netconvert's default lane width.</summary>
    public const double DefaultWidth = 3.2;

    public bool Allows(uint vehicleClass) => VehicleClasses.Allows(Permissions, vehicleClass);
}

public readonly record struct Point2(double X, double Y);

public enum JunctionKind
{
    /// <summary>Right of way by connection priority (major links go, minor links yield).</summary>
    Priority,
    /// <summary>Signalised: links follow their <see cref="SignalProgram"/>; a green minor link ('g') still yields.</summary>
    TrafficLight,
    /// <summary>Uncontrolled equal roads: yield to traffic from the right.</summary>
    RightBeforeLeft,
    /// <summary>Uncontrolled equal roads where traffic drives on the left: yield to traffic from the left.</summary>
    LeftBeforeRight,
    /// <summary>No rules at all (SUMO's unregulated): every link passes without braking or yielding.</summary>
    Unregulated,
    /// <summary>All links halt at their line, then yield (SUMO's allway_stop).</summary>
    AllWayStop,
    /// <summary>Right of way by connection priority, and minor links halt at their line before they yield (priority_stop).</summary>
    PriorityStop,
    /// <summary>Merging lanes take turns (SUMO's zipper): every link yields, none halts.</summary>
    Zipper,
    /// <summary>A network boundary: vehicles enter or leave here only.</summary>
    DeadEnd,
    /// <summary>
    /// A level crossing (SUMO's rail_crossing). Its road links pass as major, as SUMO's do while no train comes.
    /// Trains are not simulated over it: the links along the tracks are not carried, and a route over them is refused.
    /// </summary>
    RailCrossing,
    /// <summary>
    /// A rail signal (SUMO's rail_signal), which lets one vehicle at a time into the block of track ahead. Block
    /// signalling is not simulated, so none of its links is carried, and a route through it is refused.
    /// </summary>
    RailSignal,
}

public sealed record Junction(string Id, JunctionKind Kind, Point2 Position, int? Signal);

public enum Turn { Straight, Left, Right, UTurn }

/// <summary>
/// A lane-to-lane link across a junction (SUMO connection, CityFlow lane link).
/// </summary>
/// <param name="Via">Length of the path across the junction (0 when the file gives none).</param>
/// <param name="Signal">Index into <see cref="TrafficNetwork.Signals"/> when the link is signalised.</param>
/// <param name="LinkIndex">The link's position in its signal's phase states.</param>
/// <param name="Major">Has right of way when not signalised, or when its signal shows 'G' (not 'g').</param>
/// <param name="Foes">Connections this link must yield to when it is minor (indices into Connections).</param>
/// <param name="ViaSpeed">The speed limit across the junction (SUMO's internal lanes, the lowest along the way), m/s; none by default.</param>
public sealed record Connection(
    int FromLane, int ToLane, int Junction, Turn Turn, double Via, int? Signal, int LinkIndex, bool Major, IReadOnlyList<int> Foes,
    double ViaSpeed = double.PositiveInfinity);

/// <summary>A fixed-time programme: phases in order, repeated; <see cref="Offset"/> shifts the cycle start.</summary>
public sealed record SignalProgram(string Id, int Junction, double Offset, IReadOnlyList<SignalPhase> Phases)
{
    public double Cycle => Phases.Sum(p => p.Duration);
}

/// <param name="State">One character per link index, SUMO's alphabet: G (green, priority), g (green, yield), y (yellow),
/// r (red), s (stop then go), o/O (off, blinking / off, priority), u (red-yellow).</param>
public sealed record SignalPhase(double Duration, string State);
