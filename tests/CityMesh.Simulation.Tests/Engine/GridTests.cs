using CityMesh.Simulation.Traffic.Engine;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Engine;

public sealed class GridTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_inserted_vehicle_has_arrived_or_is_on_the_road_and_every_due_trip_is_inserted_or_waiting()
    {
        var network = TestNetworks.Grid(5);
        var demand = TestDemand.RandomWalks(network, 1500, 600, seed: 11);
        var sim = new TrafficSimulation(network, demand, new TrafficSimulationOptions { EndTime = 400, Seed = 2 });
        while (!sim.IsFinished)
        {
            sim.Step();
            var s = sim.State;
            int onRoad = 0;
            for (int lane = 0; lane < s.Roads.LaneCount; lane++) onRoad += s.Lanes.Count(lane);
            Assert.Equal(s.Inserted - s.Arrived, onRoad);
        }

        var summary = sim.Results.Summary;
        int due = demand.Trips.Count(t => t.Depart <= 400 - 1 + 1e-9);
        Assert.Equal(due, summary.TripsDue);
        Assert.Equal(summary.TripsDue, summary.Inserted + summary.WaitingToInsert);
        Assert.Equal(summary.Inserted, summary.Arrived + summary.Running);
        Assert.True(summary.Arrived > 0 && summary.Running > 0);
        var trips = sim.Results.Trips;
        Assert.Equal(summary.Running, trips.Count(t => t.Status == TripStatus.Running));
        Assert.Equal(summary.Arrived, trips.Count(t => t.Status == TripStatus.Arrived));
        Assert.Equal(summary.WaitingToInsert, trips.Count(t => t.Status == TripStatus.WaitingToInsert));
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_on_one_thread_or_two_and_another_seed_does_not()
    {
        var network = TestNetworks.Grid(5);
        var demand = TestDemand.RandomWalks(network, 1200, 500, seed: 4);
        // Parallel from the first vehicle, so two threads really share the lanes.
        TrafficResults RunWith(ulong seed, int threads, SignalControl control = SignalControl.FixedTime) =>
            new TrafficSimulation(network, demand, new TrafficSimulationOptions
            {
                Seed = seed, MaxDegreeOfParallelism = threads, EndTime = 600, Controller = control,
            }, new ManagedTrafficKernels(threads, parallelMinVehicles: 0)).Run();

        var one = RunWith(42, 1);
        var two = RunWith(42, 2);
        var again = RunWith(42, 2);
        var other = RunWith(43, 2);

        Assert.Equal(one.Trips, two.Trips);
        Assert.Equal(one.Lanes, two.Lanes);
        Assert.Equal(one.Edges, two.Edges);
        Assert.Equal(one.Intersections, two.Intersections);
        Assert.Equal(two.Trips, again.Trips);
        Assert.NotEqual(one.Trips, other.Trips);
        Assert.Equal(RunWith(9, 1, SignalControl.MaxPressure).Trips, RunWith(9, 2, SignalControl.MaxPressure).Trips);
    }

    [Fact]
    public void A_ten_by_ten_signalised_grid_with_thousands_of_vehicles_runs_and_writes_its_outputs()
    {
        var network = TestNetworks.Grid(10);
        var demand = TestDemand.RandomWalks(network, 6000, 1200, seed: 1);
        var sim = new TrafficSimulation(network, demand, new TrafficSimulationOptions { EndTime = 1800, Seed = 1, MaxDegreeOfParallelism = 2 });
        var reports = new List<SimulationProgress>();
        var results = sim.Run(new SynchronousProgress(reports.Add));

        var summary = results.Summary;
        output.WriteLine(TrafficResultsWriter.SummaryJson(summary));
        Assert.True(summary.Arrived > 4000, $"only {summary.Arrived} of 6000 arrived");
        Assert.True(reports.Count >= 30);
        Assert.True(summary.StateBytesPerVehicle is > 50 and < 200);

        string dir = Path.Combine(Path.GetTempPath(), $"citymesh-engine-{Guid.NewGuid():N}");
        try
        {
            TrafficResultsWriter.WriteAll(results, dir);
            Assert.Equal(6001, File.ReadAllLines(Path.Combine(dir, "trips.csv")).Length);
            Assert.Equal(network.Lanes.Count + 1, File.ReadAllLines(Path.Combine(dir, "lanes.csv")).Length);
            Assert.Equal(network.Edges.Count + 1, File.ReadAllLines(Path.Combine(dir, "edges.csv")).Length);
            Assert.StartsWith("id,passed,meanDelay", File.ReadAllLines(Path.Combine(dir, "intersections.csv"))[0]);
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "summary.json")));
            Assert.Equal(summary.Arrived, json.RootElement.GetProperty("arrived").GetInt32());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; this reports inline so the list is complete on return.</summary>
    private sealed class SynchronousProgress(Action<SimulationProgress> report) : IProgress<SimulationProgress>
    {
        public void Report(SimulationProgress value) => report(value);
    }
}
