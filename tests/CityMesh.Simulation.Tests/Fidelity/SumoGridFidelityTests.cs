using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Sumo;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Fidelity;

/// <summary>
/// SUMO and the engine on the very same files: a small signalised grid from netgenerate with randomTrips.py demand,
/// as `citymesh bench traffic --vs-sumo` builds at full size. No timing is asserted, only the traffic.
/// </summary>
public sealed class SumoGridFidelityTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The bound, ±10 % of SUMO's mean travel time; measured gaps here are about 1–2 %.</summary>
    private const double TravelTimeTolerance = 0.10;

    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-fidelity-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    public async Task Every_trip_completes_in_both_and_the_mean_travel_time_matches_SUMO(int seed)
    {
        var sumo = SumoInstallation.Find();
        var files = await SumoScenario.GenerateGridAsync(sumo, _directory, new SumoGrid(Number: 4, BlockLength: 200),
            new SumoRandomDemand(End: 900, Period: 2, Seed: seed));
        var theirs = await SumoRunner.RunAsync(sumo, files.Network, files.Routes, new SumoRunOptions(Seed: seed));

        var network = SumoNetworkReader.Read(files.Network);
        var demand = SumoRoutesReader.Read(files.Routes, network, seed);
        var results = new TrafficSimulation(network, demand, new TrafficSimulationOptions { Seed = (ulong)seed }).Run();
        var ours = results.Summary;

        output.WriteLine($"SUMO {theirs.Version}: {theirs.Arrived} arrived, travel {theirs.MeanTravelTime:0.0} s, waiting {theirs.MeanWaitingTime:0.0} s");
        output.WriteLine($"CityMesh: {ours.Arrived} arrived, travel {ours.MeanTravelTime:0.0} s, waiting {ours.MeanWaitingTime:0.0} s, {ours.Teleports} teleports");
        Assert.InRange(demand.Trips.Count, 400, 450);
        Assert.Equal(demand.Trips.Count, theirs.Arrived);
        Assert.Equal(0, theirs.Running + theirs.Waiting);
        Assert.Equal(demand.Trips.Count, ours.Arrived);
        Assert.Equal((0, 0), (ours.Running, ours.WaitingToInsert));
        Assert.Equal(0, ours.Teleports);
        AssertSameDuration(theirs, ours);
        // Distance driven on SUMO's definition (tripinfo routeLength, paths across junctions included), within 0.5 %.
        var routeLength = results.Trips.Average(t => t.RouteLength);
        output.WriteLine($"route length: SUMO {theirs.MeanRouteLength:0.0} m, CityMesh {routeLength:0.0} m");
        Assert.Equal(theirs.MeanRouteLength, routeLength, theirs.MeanRouteLength * 0.005);
    }

    /// <summary>
    /// Like with like: SUMO's tripinfo duration runs from insertion to arrival; CityMesh's travel time from the time
    /// a trip was due, so its insertion delay comes off.
    /// </summary>
    private void AssertSameDuration(SumoRunResult theirs, SimulationSummary ours)
    {
        var duration = ours.MeanTravelTime - ours.MeanInsertionDelay;
        output.WriteLine($"duration (insertion to arrival): SUMO {theirs.MeanTravelTime:0.0} s, CityMesh {duration:0.0} s " +
                         $"({100 * (duration - theirs.MeanTravelTime) / theirs.MeanTravelTime:+0.0;-0.0;0.0} %)");
        Assert.InRange(duration, theirs.MeanTravelTime * (1 - TravelTimeTolerance), theirs.MeanTravelTime * (1 + TravelTimeTolerance));
    }

    /// <summary>
    /// Junction types on the same unsignalised grid and demand in both: who yields comes from the network's
    /// right-of-way rows, an unregulated junction lets every link pass, at a stop line (allway_stop, the minor links
    /// of priority_stop) a vehicle halts before it yields, and a turn keeps its internal lane's speed limit. Measured
    /// (SUMO 1.15, seeds 7 and 8): within 8 % for every type; the README has the figures.
    /// </summary>
    [Theory]
    [InlineData("unregulated", 7)]
    [InlineData("right_before_left", 7)]
    [InlineData("traffic_light_unregulated", 7)]
    [InlineData("priority_stop", 7)]
    [InlineData("priority_stop", 8)]
    [InlineData("allway_stop", 7)]
    [InlineData("allway_stop", 8)]
    [InlineData("left_before_right", 7)]
    [InlineData("left_before_right", 8)]
    [InlineData("right_before_left", 8)]
    [InlineData("unregulated", 8)]
    public async Task Each_junction_type_keeps_the_mean_travel_time_of_SUMO(string junctionType, int seed)
    {
        var sumo = SumoInstallation.Find();
        var files = await SumoScenario.GenerateGridAsync(sumo, Path.Combine(_directory, $"{junctionType}-{seed}"),
            new SumoGrid(Number: 4, BlockLength: 200, TrafficLights: false, JunctionType: junctionType), new SumoRandomDemand(End: 900, Period: 2, Seed: seed));
        var theirs = await SumoRunner.RunAsync(sumo, files.Network, files.Routes, new SumoRunOptions(Seed: seed));

        var network = SumoNetworkReader.Read(files.Network);
        var demand = SumoRoutesReader.Read(files.Routes, network, seed);
        var ours = new TrafficSimulation(network, demand, new TrafficSimulationOptions { Seed = (ulong)seed }).Run().Summary;

        output.WriteLine($"{junctionType}: SUMO {theirs.Arrived} arrived, travel {theirs.MeanTravelTime:0.0} s, waiting {theirs.MeanWaitingTime:0.0} s; " +
                         $"CityMesh {ours.Arrived} arrived, travel {ours.MeanTravelTime:0.0} s, " +
                         $"waiting {ours.MeanWaitingTime:0.0} s, {ours.Teleports} teleports");
        Assert.Equal(demand.Trips.Count, ours.Arrived);
        Assert.Equal(theirs.Arrived, ours.Arrived);
        AssertSameDuration(theirs, ours);
    }
}
