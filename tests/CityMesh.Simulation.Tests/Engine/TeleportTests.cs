using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Engine;

public sealed class TeleportTests
{
    /// <summary>a → j → c → d with a signal at j that never shows green.</summary>
    private static TrafficNetwork RedForever()
    {
        var b = new RoadBuilder();
        int a = b.Junction("a", 0, 0, JunctionKind.DeadEnd);
        int j = b.Junction("j", 200, 0, JunctionKind.TrafficLight);
        int c = b.Junction("c", 400, 0);
        int d = b.Junction("d", 600, 0, JunctionKind.DeadEnd);
        int into = b.Edge("in", a, j);
        int mid = b.Edge("mid", j, c);
        int last = b.Edge("out", c, d);
        b.Connect(into, 0, mid, 0, via: 8, signal: b.Signal("j", j, 0, (60, "r")), linkIndex: 0);
        b.Connect(mid, 0, last, 0, via: 8);
        return b.Build();
    }

    [Fact]
    public void The_first_vehicle_standing_for_the_time_to_teleport_moves_on_to_the_next_free_edge_and_is_counted()
    {
        var network = RedForever();
        var trips = Enumerable.Range(0, 3).Select(i => new Trip($"v{i}", 0, i * 5, TestDemand.Route(network, "in", "mid", "out"))).ToArray();
        var summary = new TrafficSimulation(network, TestDemand.Exact(trips), new TrafficSimulationOptions { MaxTime = 2000 }).Run().Summary;

        // Each in turn reaches the line, stands 300 s at its head and jumps to "mid"; all three then arrive.
        Assert.Equal((3, 3, 0), (summary.Arrived, summary.Teleports, summary.Running));
        Assert.InRange(summary.Time, 900, 1100);
    }

    [Fact]
    public void A_time_to_teleport_of_zero_leaves_a_gridlock_standing()
    {
        var network = RedForever();
        var demand = TestDemand.Exact(new Trip("v", 0, 0, TestDemand.Route(network, "in", "mid", "out")));
        var summary = new TrafficSimulation(network, demand, new TrafficSimulationOptions { MaxTime = 1000, TimeToTeleport = 0 }).Run().Summary;

        Assert.Equal((0, 0, 1), (summary.Arrived, summary.Teleports, summary.Running));
    }
}
