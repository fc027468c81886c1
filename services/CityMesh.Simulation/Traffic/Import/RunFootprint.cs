using CityMesh.Limits;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Traffic.Import;

/// <summary>
/// The memory a traffic run will hold, estimated from the engine's structure-of-arrays sizes before any is allocated
/// and refused over <see cref="InputLimits.RunMemoryBytes"/>. The per-item bytes follow the engine's arrays
/// (Fleet, RoadTables, LaneQueues, LaneTally) plus the model's and the results' objects; they are estimates, generous
/// rather than tight, so a refusal says "about".
/// </summary>
public sealed record RunFootprint(long Vehicles, long RouteEdges, long Lanes, long LaneSlots, long Edges, long Connections, long Foes, long Junctions)
{
    // A vehicle: Fleet's 14 float, 5 int, 3 eight-byte and 1 status slots (101 bytes); its Trip in the demand with its
    // id (about 100); its TripRecord in the results (about 110).
    private const long BytesPerVehicle = 101 + 100 + 110;

    // A route edge: Fleet's copy of every trip's route (the demand's arrays are shared by a flow's vehicles).
    private const long BytesPerRouteEdge = 4;

    // A lane: RoadTables (12), LaneQueues' bookkeeping (16), LaneTally (about 60), the model's Lane with its shape and
    // id (about 150), its LaneRecord in the results (about 90).
    private const long BytesPerLane = 12 + 16 + 60 + 150 + 90;

    // One place in a lane's ring buffer: an int.
    private const long BytesPerLaneSlot = 4;

    private const long BytesPerEdge = 20 + 120 + 60;

    // A connection: RoadTables' nine arrays and the link states (about 40), the model's Connection (about 90).
    private const long BytesPerConnection = 40 + 90;

    private const long BytesPerFoe = 4 + 4;

    private const long BytesPerJunction = 40 + 100 + 70;

    /// <summary>The engine keeps lane places and route edges in single arrays indexed by int.</summary>
    private static readonly long ArrayItems = Array.MaxLength;

    /// <summary>A double: a hostile input's counts multiplied out may pass what a long holds.</summary>
    public double Bytes =>
        (double)Vehicles * BytesPerVehicle + (double)RouteEdges * BytesPerRouteEdge + (double)Lanes * BytesPerLane + (double)LaneSlots * BytesPerLaneSlot
        + (double)Edges * BytesPerEdge + (double)Connections * BytesPerConnection + (double)Foes * BytesPerFoe + (double)Junctions * BytesPerJunction;

    public static RunFootprint Of(TrafficNetwork network, TrafficDemand demand)
    {
        long routeEdges = 0;
        foreach (var trip in demand.Trips) routeEdges += trip.Route.Count;
        var longestVia = new double[network.Lanes.Count];
        long foes = 0;
        foreach (var c in network.Connections)
        {
            longestVia[c.FromLane] = Math.Max(longestVia[c.FromLane], c.Via);
            foes += c.Foes.Count;
        }
        // As LaneQueues sizes each lane: one place per shortest vehicle (with its gap) over the lane and its longest via.
        var shortest = Math.Max(demand.Types.Count == 0 ? 5.0 : demand.Types.Min(t => t.Length + t.MinGap), 0.5);
        long slots = 0;
        for (var l = 0; l < network.Lanes.Count; l++) slots += (long)Math.Ceiling((network.Lanes[l].Length + longestVia[l]) / shortest) + 2;
        return new RunFootprint(demand.Trips.Count, routeEdges, network.Lanes.Count, slots, network.Edges.Count, network.Connections.Count, foes,
            network.Junctions.Count);
    }

    /// <summary>
    /// A generated grid (GridNetworkGenerator, GridDemandGenerator), estimated from its options alone so that an
    /// absurd <c>--grid</c> is refused before a junction is built: up to three links per lane, each yielding to up to eight.
    /// </summary>
    public static RunFootprint OfGrid(int number, int lanesPerEdge, double blockLength, int trips, int maxBlocks)
    {
        // Up to the largest grid every product below fits a long.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, TrafficInputs.LargestGrid);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lanesPerEdge, ImportBounds.LanesPerEdge);
        var edges = 4 * number * (number - 1);
        var lanes = edges * lanesPerEdge;
        var car = VehicleType.DefaultCar.Length + VehicleType.DefaultCar.MinGap;
        var slotsPerLane = (long)Math.Ceiling((blockLength + 15) / car) + 2;
        return new RunFootprint(trips, trips * 2 * maxBlocks, lanes, lanes * slotsPerLane, edges, 3 * lanes, 24 * lanes, number * number);
    }

    /// <summary>Throws when the run would not fit the limits, naming both numbers and the setting.</summary>
    /// <param name="source">The file (or generator) the refusal names: the demand, which is what usually makes a run big.</param>
    public RunFootprint Check(InputLimits limits, string source)
    {
        if (Bytes > limits.RunMemoryBytes)
            throw new TrafficImportException(source,
                $"the run would need about {Size(Bytes)} ({Vehicles:N0} vehicles, {Lanes:N0} lanes with {LaneSlots:N0} vehicle places, " +
                $"{Connections:N0} connections), more than the {Size(limits.RunMemoryBytes)} a run may use " +
                $"({InputLimits.Section}:{nameof(InputLimits.RunMemoryBytes)} = {limits.RunMemoryBytes:N0} bytes)");
        if (LaneSlots > ArrayItems)
            throw new TrafficImportException(source, $"the network's lanes need {LaneSlots:N0} vehicle places, more than the {ArrayItems:N0} one array holds");
        if (RouteEdges > ArrayItems)
            throw new TrafficImportException(source, $"the trips' routes have {RouteEdges:N0} edges in all, more than the {ArrayItems:N0} one array holds");
        return this;
    }

    private static string Size(double bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (1L << 30):N1} GiB" : bytes >= 1 << 20 ? $"{bytes / (1 << 20):N1} MiB" : $"{bytes:N0} bytes";
}
