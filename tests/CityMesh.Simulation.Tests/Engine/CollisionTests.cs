using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Engine;

/// <summary>
/// Two vehicles reach one lane from two links at the same moment. Where the links are seen (any junction but an
/// unregulated one) the one behind follows the one inside the junction, as SUMO's link leaders make it; at an
/// unregulated junction, which SUMO gives no foes, they overlap and the one behind is teleported for the collision,
/// SUMO's default collision action, counted apart from the standing teleports.
/// </summary>
public sealed class CollisionTests
{
    /// <summary>
    /// West and south approaches into j, both major with no foes, merging onto "out"; the south one 3 m longer, so its
    /// vehicle, leaving with the other, comes to the lane less than a car's length behind it.
    /// </summary>
    private static TrafficNetwork Merge(JunctionKind kind)
    {
        var b = new RoadBuilder();
        int w = b.Junction("w", -200, 0, JunctionKind.DeadEnd);
        int s = b.Junction("s", 0, -200, JunctionKind.DeadEnd);
        int j = b.Junction("j", 0, 0, kind);
        int e = b.Junction("e", 300, 0, JunctionKind.DeadEnd);
        int west = b.Edge("west", w, j);
        int south = b.Edge("south", s, j, length: 203);
        int outward = b.Edge("out", j, e);
        // Paths across longer than a step's travel, so the first vehicle is inside the junction at a step's end.
        b.Connect(west, 0, outward, 0, via: 30);
        b.Connect(south, 0, outward, 0, Turn.Right, via: 30);
        return b.Build();
    }

    private static SimulationSummary Run(JunctionKind kind, double timeToTeleport = 300)
    {
        var network = Merge(kind);
        var demand = TestDemand.Exact(
            new Trip("from-west", 0, 0, TestDemand.Route(network, "west", "out")),
            new Trip("from-south", 0, 0, TestDemand.Route(network, "south", "out")));
        return new TrafficSimulation(network, demand, new TrafficSimulationOptions { MaxTime = 600, TimeToTeleport = timeToTeleport }).Run().Summary;
    }

    [Theory]
    [InlineData(JunctionKind.Priority)]
    [InlineData(JunctionKind.RightBeforeLeft)]
    public void A_vehicle_follows_one_inside_the_junction_into_the_same_lane(JunctionKind kind)
    {
        var summary = Run(kind);

        Assert.Equal(2, summary.Arrived);
        Assert.Equal((0, 0), (summary.Teleports, summary.TeleportsCollision));
    }

    [Theory]
    [InlineData(300)]
    [InlineData(0)] // SUMO's collision teleport does not depend on the time-to-teleport
    public void At_an_unregulated_junction_the_two_collide_and_the_one_behind_is_teleported(double timeToTeleport)
    {
        var summary = Run(JunctionKind.Unregulated, timeToTeleport);

        Assert.Equal(2, summary.Arrived);
        Assert.Equal((1, 1), (summary.Teleports, summary.TeleportsCollision));
        Assert.Equal((0, 0, 0), (summary.TeleportsJam, summary.TeleportsYield, summary.TeleportsWrongLane));
    }
}
