using System.Globalization;
using CityMesh.Contracts.Twin;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;
using CityMesh.Transport.Routing;
using CityMesh.Twin.Model;
using Xunit.Abstractions;

namespace CityMesh.Transport.Tests.Routing;

/// <summary>
/// The check: an ETA on live travel times against the simulated city. The Jinan network runs its real
/// one-hour flow; detectors average the last five minutes before departure; the router plans fleet routes across
/// the grid on those readings; probe vehicles then drive exactly those routes in the same simulation (same flow,
/// same seed, fixed-time signals). An ETA is an expectation over when in the signals' cycles the vehicle arrives
/// (the router cannot know the phase at each junction ahead), so each route is driven by probes departing at eight
/// points across one 245 s cycle from the planned time, and the ETA is compared with their mean travel time.
/// </summary>
public sealed class EtaAgainstSimulationTests(ITestOutputHelper output)
{
    private const double Depart = 1200;           // 20 minutes in: the flow has filled the network
    private const double Window = 300;            // the detectors' averaging window before departure
    private const double Tolerance = 0.25;
    private const int ProbesPerRoute = 8;
    private const double Cycle = 245;             // every Jinan signal's fixed-time cycle

    private static readonly (string From, string To)[] Crossings =
    [
        ("road_0_1_0", "road_4_3_0"),   // west edge to east edge
        ("road_5_3_2", "road_1_1_2"),   // east edge to west edge
        ("road_1_0_1", "road_4_3_1"),   // south edge to north edge
        ("road_4_4_3", "road_1_1_3"),   // north edge to south edge
    ];

    [Fact]
    public void Fleet_etas_on_simulated_detector_readings_match_probe_vehicles_driving_the_routes()
    {
        var roads = JinanRoads.Read();
        var background = CityFlowFlowReader.Read(JinanRoads.Flow, roads);
        var departAt = JinanRoads.ReadAt;
        var network = JinanRoads.Network(roads, Detect(roads, background, departAt));

        var planner = new RoutePlanner();
        var plans = Crossings.Select(c => Plan(planner, network, c.From, c.To, "fleet", departAt)).ToArray();
        var routes = plans.Select(p => p.Roads.Select(l => roads.EdgeIndex[network.LocalId(l.Road, EntityTypes.RoadSegment)!]).ToArray()).ToArray();

        var probes = Drive(roads, background, routes);

        var errors = new List<double>();
        for (var i = 0; i < plans.Length; i++)
        {
            var plan = plans[i];
            var driven = probes[i];
            var mean = driven.Average(p => p.Duration);
            var error = (plan.EtaSeconds - mean) / mean;
            errors.Add(error);
            foreach (var leg in plan.Roads)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {leg.Road[(leg.Road.LastIndexOf(':') + 1)..]} enter {leg.EnterSeconds:F0} s, {leg.TravelSeconds:F0} s at {leg.SpeedKmh:F1} km/h ({leg.Basis}), junction {leg.JunctionDelaySeconds:F0} s"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Crossings[i].From} → {Crossings[i].To}: {plan.Roads.Count} roads, {plan.DistanceMetres:F0} m, ETA {plan.EtaSeconds:F0} s " +
                $"(drive {plan.Roads.Sum(l => l.TravelSeconds):F0} s + signals {plan.Roads.Sum(l => l.JunctionDelaySeconds):F0} s), " +
                $"simulated mean {mean:F0} s (probes {driven.Min(p => p.Duration):F0}–{driven.Max(p => p.Duration):F0} s), error {error:P0}"));
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mean absolute error {errors.Average(Math.Abs):P1}"));

        Assert.All(plans, p => Assert.True(p.Roads.Count >= 5, $"a route across the grid has at least five roads; got {p.Roads.Count}"));
        Assert.All(plans, p => Assert.Contains(p.Roads, l => l.Basis == "live"));
        Assert.All(probes.SelectMany(p => p), p => Assert.Equal(TripStatus.Arrived, p.Status));
        Assert.All(errors, e => Assert.InRange(e, -Tolerance, Tolerance));
    }

    /// <summary>Runs the background flow to the departure, averaging every road's detector over the window before it.</summary>
    private static Dictionary<string, Network.RoadReading> Detect(TrafficNetwork roads, TrafficDemand background, DateTimeOffset at)
    {
        var simulation = new TrafficSimulation(roads, background, Options());
        var window = new DetectorWindow(roads);
        while (simulation.Time < Depart)
        {
            simulation.Step();
            if (simulation.Time > Depart - Window) window.Observe(simulation);
        }
        return window.Readings(at);
    }

    /// <summary>The same run with probes on every route departing across one cycle from <see cref="Depart"/>, until they have arrived.</summary>
    private static TripRecord[][] Drive(TrafficNetwork roads, TrafficDemand background, int[][] routes)
    {
        // The probes are ordinary cars of the flow's own type, so they drive as the traffic they are timed against.
        var probes = routes.SelectMany((route, i) => Enumerable.Range(0, ProbesPerRoute)
            .Select(k => new Trip($"probe_{i}_{k}", 0, Depart + k * Cycle / ProbesPerRoute, route))).ToArray();
        var demand = background with { Trips = [.. background.Trips.Concat(probes).OrderBy(t => t.Depart)] };
        var simulation = new TrafficSimulation(roads, demand, Options() with { EndTime = Depart + 1800 });
        simulation.Run();
        var trips = simulation.Results.Trips.ToDictionary(t => t.Id);
        return [.. routes.Select((_, i) => Enumerable.Range(0, ProbesPerRoute).Select(k => trips[$"probe_{i}_{k}"]).ToArray())];
    }

    private static TrafficSimulationOptions Options() => new() { Seed = 7, Controller = SignalControl.FixedTime, ProgressInterval = 3600 };

    private static RoutePlan Plan(RoutePlanner planner, Network.TransportNetwork network, string from, string to, string vehicle, DateTimeOffset departAt)
    {
        var result = planner.Plan(network, new RouteRequest(
            new RoutePlace(null, JinanRoads.Road(from), null), new RoutePlace(null, JinanRoads.Road(to), null), vehicle, departAt));
        return result.Plan ?? throw new InvalidOperationException($"{result.Problem}");
    }
}
