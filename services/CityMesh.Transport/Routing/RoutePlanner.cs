using System.Runtime.CompilerServices;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Transport.Network;

namespace CityMesh.Transport.Routing;

/// <summary>
/// Fastest routes on live travel times (README.md). Costs are built once per network snapshot and kept while the
/// snapshot lives; the road shape once per topology; each query runs Dijkstra on pooled scratch. Thread-safe.
/// </summary>
public sealed class RoutePlanner
{
    private readonly TravelTimeOptions _options;
    private readonly TimeProvider _clock;
    private readonly ConditionalWeakTable<TrafficNetwork, RoadTopology> _topologies = [];
    private readonly ConditionalWeakTable<TransportNetwork, RoutingSnapshot> _snapshots = [];

    public RoutePlanner(TravelTimeOptions? options = null, TimeProvider? clock = null)
    {
        _options = (options ?? new TravelTimeOptions()).Validated();
        _clock = clock ?? TimeProvider.System;
    }

    public RouteResult Plan(TransportNetwork network, RouteRequest request)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(request);
        if (!TryVehicle(request.Vehicle, out var vehicle))
            return RouteResult.Refused(400, "vehicle", $"is '{request.Vehicle}'; it must be emergency or fleet");

        var snapshot = Snapshot(network);
        var topology = snapshot.Topology;
        if (RouteEnd.Resolve(request.From, "from", isStart: true, network, topology, out var problem) is not { } from) return new RouteResult(null, problem);
        if (RouteEnd.Resolve(request.To, "to", isStart: false, network, topology, out problem) is not { } to) return new RouteResult(null, problem);
        if (from.Junction is { } j && j == to.Junction) return RouteResult.Refused(400, "to", "is the intersection the route starts from");

        var roads = Fastest(snapshot, from, to, vehicle);
        if (roads is null) return RouteResult.Refused(422, "to", "cannot be reached from 'from' on the network's roads");
        return RouteResult.Of(Describe(network, snapshot, roads, vehicle, request.DepartAt ?? _clock.GetUtcNow()));
    }

    private RoutingSnapshot Snapshot(TransportNetwork network) =>
        _snapshots.GetValue(network, n => new RoutingSnapshot(n, _topologies.GetValue(n.Roads, r => new RoadTopology(r)), _options));

    /// <summary>
    /// The cheapest start-road × finish-road pair. Dijkstra's time leaves out the first road (the vehicle is on it)
    /// and includes the last road's junction delay (which a route ending there never waits), so both are corrected.
    /// </summary>
    private static int[]? Fastest(RoutingSnapshot snapshot, RouteEnd from, RouteEnd to, VehicleClass vehicle)
    {
        var paths = snapshot.Rent(vehicle);
        try
        {
            var (best, bestFirst, bestLast) = (double.PositiveInfinity, -1, -1);
            foreach (var first in from.Roads)
                foreach (var last in to.Roads)
                {
                    var cost = first == last
                        ? snapshot.Times.Drive(first, vehicle)
                        : paths.Time(first, last) is { } between
                            ? snapshot.Cost(first, vehicle) + between - snapshot.Times.ApproachDelay(last, vehicle)
                            : double.PositiveInfinity;
                    if (cost < best) (best, bestFirst, bestLast) = (cost, first, last);
                }
            return bestFirst < 0 ? null : paths.Find(bestFirst, bestLast);
        }
        finally
        {
            snapshot.Return(vehicle, paths);
        }
    }

    private static RoutePlan Describe(TransportNetwork network, RoutingSnapshot snapshot, int[] roads, VehicleClass vehicle, DateTimeOffset departAt)
    {
        var times = snapshot.Times;
        var edges = snapshot.Topology.Roads.Edges;
        var junctions = snapshot.Topology.Roads.Junctions;
        var legs = new RouteLeg[roads.Length];
        var preempt = new List<SignalPreemption>();
        double clock = 0, distance = 0;
        for (var i = 0; i < roads.Length; i++)
        {
            var e = roads[i];
            var road = network.RoadEntityId(edges[e].Id);
            var drive = times.Drive(e, vehicle);
            var delay = i + 1 < roads.Length ? times.JunctionDelay(e, roads[i + 1], vehicle) : 0;
            legs[i] = new RouteLeg(road, departAt + Seconds(clock), Round(clock), Round(drive), Round(delay),
                times.Basis(e) is TravelTimeBasis.Live ? "live" : "freeFlow", Round(times.SpeedKmh(e)));
            var stopLine = clock + drive;
            var junction = junctions[edges[e].To].Id;
            if (vehicle is VehicleClass.Emergency && i + 1 < roads.Length && network.SignalByJunction.TryGetValue(junction, out var signal))
                preempt.Add(new SignalPreemption(signal, network.IntersectionEntityId(junction), road, departAt + Seconds(stopLine), Round(stopLine)));
            clock = stopLine + delay;
            distance += edges[e].Length;
        }
        return new RoutePlan(vehicle is VehicleClass.Emergency ? "emergency" : "fleet", departAt, legs, Round(distance), Round(clock), departAt + Seconds(clock), preempt);
    }

    private static bool TryVehicle(string? name, out VehicleClass vehicle)
    {
        vehicle = VehicleClass.Fleet;
        if (string.Equals(name, "fleet", StringComparison.OrdinalIgnoreCase)) return true;
        vehicle = VehicleClass.Emergency;
        return string.Equals(name, "emergency", StringComparison.OrdinalIgnoreCase);
    }

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(Math.Round(s, 1));

    private static double Round(double value) => Math.Round(value, 1);
}
