using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Engine;

public sealed class LaneChangeTests
{
    /// <summary>A two-lane approach whose right lane only turns right and whose left lane only goes straight.</summary>
    private static TrafficNetwork Fork()
    {
        var b = new RoadBuilder();
        int a = b.Junction("a", 0, 0, JunctionKind.DeadEnd);
        int j = b.Junction("j", 400, 0);
        int c = b.Junction("c", 800, 0, JunctionKind.DeadEnd);
        int d = b.Junction("d", 400, -400, JunctionKind.DeadEnd);
        int approach = b.Edge("approach", a, j, lanes: 2);
        int straight = b.Edge("straight", j, c);
        int right = b.Edge("right", j, d);
        b.Connect(approach, 0, right, 0, Turn.Right, via: 8);
        b.Connect(approach, 1, straight, 0, via: 8);
        return b.Build();
    }

    [Fact]
    public void A_vehicle_on_a_lane_without_its_turn_changes_to_the_lane_that_has_it()
    {
        var network = Fork();
        var trips = new List<Trip> { new("changer", 0, 0, TestDemand.Route(network, "approach", "straight"), DepartLane: 0) };
        // Traffic already on the target lane, so the change has to find a gap.
        for (int i = 0; i < 12; i++) trips.Add(new Trip($"through{i}", 0, i * 1.5, TestDemand.Route(network, "approach", "straight"), DepartLane: 1));
        var sim = new TrafficSimulation(network, new TrafficDemand([VehicleType.DefaultCar], trips), new TrafficSimulationOptions { Seed = 5 });
        int leftLane = network.Edges[network.EdgeIndex["approach"]].Lanes[1];
        bool changed = false;
        while (!sim.IsFinished)
        {
            sim.Step();
            changed |= sim.State.Fleet.Lane[0] == leftLane;
        }

        var results = sim.Results;
        Assert.True(changed);
        Assert.Equal(trips.Count, results.Summary.Arrived);
        Assert.Equal(trips.Count, results.Edges.Single(e => e.Id == "straight").Entered);
        Assert.Equal(0, results.Edges.Single(e => e.Id == "right").Entered);
    }

    [Fact]
    public void The_best_departure_lane_is_one_that_leads_along_the_route()
    {
        var network = Fork();
        var demand = TestDemand.Exact(
            new Trip("right", 0, 0, TestDemand.Route(network, "approach", "right")),
            new Trip("straight", 0, 0, TestDemand.Route(network, "approach", "straight")));
        var sim = new TrafficSimulation(network, demand, new TrafficSimulationOptions());
        sim.Step();
        var lanes = network.Edges[network.EdgeIndex["approach"]].Lanes;
        Assert.Equal(lanes[0], sim.State.Fleet.Lane[0]);
        Assert.Equal(lanes[1], sim.State.Fleet.Lane[1]);
        Assert.Equal(2, sim.Run().Summary.Arrived);
    }
}
