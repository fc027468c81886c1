namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>Everything a run produced so far; a snapshot, safe to keep after the simulation moves on.</summary>
public sealed record TrafficResults(
    SimulationSummary Summary,
    IReadOnlyList<TripRecord> Trips,
    IReadOnlyList<LaneRecord> Lanes,
    IReadOnlyList<EdgeRecord> Edges,
    IReadOnlyList<IntersectionRecord> Intersections);

/// <summary>One trip as SUMO's tripinfo would give it. Times in seconds; NaN where it has not happened yet.</summary>
/// <param name="InsertionDelay">Insertion time − depart: how long it waited for room on its first lane.</param>
/// <param name="Duration">Arrival − depart: the trip time, SUMO's tripinfo duration (from insertion) plus its departDelay.</param>
/// <param name="WaitingTime">Seconds with speed &lt; 0.1 m/s.</param>
/// <param name="TimeLoss">Seconds lost to driving below the speed it wanted.</param>
/// <param name="RouteLength">
/// Distance driven, m, as SUMO's tripinfo routeLength: from the front's place at insertion to the arrival position,
/// paths across junctions included; so far for a running trip; the route's edge lengths for one not yet inserted.
/// </param>
/// <param name="Type">The vehicle's type id (SUMO's vType).</param>
public sealed record TripRecord(
    string Id, double Depart, double Insertion, double InsertionDelay, double Arrival, double Duration,
    double WaitingTime, double TimeLoss, double RouteLength, TripStatus Status, string Type = "");

public enum TripStatus { Scheduled, WaitingToInsert, Running, Arrived }

/// <param name="Entered">Vehicles that entered the lane by insertion or across a junction (lane changes not counted).</param>
/// <param name="MeanSpeed">Mean over vehicle-steps on the lane, m/s; NaN when no vehicle was there.</param>
/// <param name="MeanOccupancy">Time-mean share of the lane's length covered by vehicles, 0..1.</param>
public sealed record LaneRecord(string Id, string Edge, int Entered, double MeanSpeed, double MeanOccupancy, double WaitingTime, double TimeLoss);

/// <param name="MeanOccupancy">Mean of its lanes' mean occupancies.</param>
public sealed record EdgeRecord(string Id, int Entered, double MeanSpeed, double MeanOccupancy);

/// <param name="Passed">Vehicles that crossed the junction.</param>
/// <param name="MeanDelay">Time loss accrued on its incoming lanes per vehicle that crossed, s.</param>
/// <param name="MeanQueue">Time-mean number of vehicles halting on its incoming lanes.</param>
/// <param name="MaxQueue">Most vehicles halting on its incoming lanes at once.</param>
public sealed record IntersectionRecord(string Id, long Passed, double MeanDelay, double MeanQueue, int MaxQueue);

/// <param name="TripsDue">Trips whose depart time has come: Inserted + WaitingToInsert.</param>
/// <param name="MeanTravelTime">Mean duration of arrived trips, s (NaN when none arrived).</param>
/// <param name="MeanWaitingTime">Mean waiting time of arrived trips, s.</param>
/// <param name="VehicleUpdatesPerSecond">Vehicle-steps per second of wall time.</param>
/// <param name="StateBytesPerVehicle">Bytes of per-vehicle simulation state (fleet arrays and mean route).</param>
/// <param name="Teleports">Vehicles moved on after standing too long at the head of a lane, or after a collision (SUMO's teleports).</param>
/// <param name="Backend">Where the kernels ran (TrafficSimulation.Backend), e.g. "managed: 2 cores, Vector&lt;float&gt; width 8".</param>
/// <param name="TeleportsJam">Teleports of a vehicle whose next lane had no room (SUMO's jam).</param>
/// <param name="TeleportsYield">Teleports of a vehicle waiting for its link: foes or the signal (SUMO's yield).</param>
/// <param name="TeleportsWrongLane">Teleports of a vehicle on a lane with no way on along its route (SUMO's wrong lane).</param>
/// <param name="TeleportsCollision">Teleports of a vehicle that ran into the one ahead (SUMO's collision teleport).</param>
public sealed record SimulationSummary(
    double Time, long Steps, int TripsTotal, int TripsDue, int Inserted, int Arrived, int Running, int WaitingToInsert,
    double MeanTravelTime, double MeanWaitingTime, double MeanTimeLoss, double MeanInsertionDelay,
    long VehicleUpdates, double WallTimeSeconds, double VehicleUpdatesPerSecond, double StateBytesPerVehicle,
    int Teleports = 0, string Backend = "", int TeleportsJam = 0, int TeleportsYield = 0, int TeleportsWrongLane = 0, int TeleportsCollision = 0);

/// <summary>Reported by <see cref="TrafficSimulation.Run"/> every <see cref="TrafficSimulationOptions.ProgressInterval"/> simulated seconds.</summary>
public sealed record SimulationProgress(double Time, double EndTime, int Running, int Arrived, int WaitingToInsert, long VehicleUpdates);

/// <summary>A detector's view of one lane during the last step.</summary>
/// <param name="MeanSpeed">m/s; 0 when the lane was empty.</param>
/// <param name="Halting">Vehicles below 0.1 m/s.</param>
public readonly record struct LaneReading(int Vehicles, float MeanSpeed, int Halting);
