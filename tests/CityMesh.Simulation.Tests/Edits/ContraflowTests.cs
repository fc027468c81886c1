using CityMesh.Simulation.Traffic.Edits;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Edits;

public sealed class ContraflowTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly TrafficNetwork Grid = GridNetworkGenerator.Build(3, lanes: 1);

    /// <summary>An outbound road (B1 → C1, to the east edge) and its opposite.</summary>
    private static (int Out, int In) Road()
    {
        int e = Grid.EdgeIndex["B1C1"];
        return (e, Grid.EdgeIndex["C1B1"]);
    }

    [Fact]
    public void The_road_takes_its_opposites_lanes_and_the_opposite_is_closed()
    {
        var (road, opposite) = Road();
        var result = Contraflow.Apply(Grid, new TrafficDemand([VehicleType.DefaultCar], []), [road]);
        var network = result.Network;

        var widened = network.Edges.Single(e => e.Id == "B1C1");
        Assert.Equal(2, widened.Lanes.Count);
        Assert.Equal([0, 1], widened.Lanes.Select(l => network.Lanes[l].IndexOnEdge));
        Assert.DoesNotContain(network.Edges, e => e.Id == Grid.Edges[opposite].Id);
        // The new lane is reached and left by the same turns as the old one.
        int added = widened.Lanes[1], old = widened.Lanes[0];
        Assert.Equal(network.Connections.Count(c => c.ToLane == old), network.Connections.Count(c => c.ToLane == added));
        Assert.Equal(network.Connections.Count(c => c.FromLane == old), network.Connections.Count(c => c.FromLane == added));
        Assert.All(network.Connections, c => Assert.All(c.Foes, f => Assert.InRange(f, 0, network.Connections.Count - 1)));
    }

    /// <summary>600 cars entering the road itself faster than one lane takes them: with the opposite's lane added they are all out in about half the time.</summary>
    [Fact]
    public void An_outbound_queue_clears_sooner_with_contraflow()
    {
        var (road, _) = Road();
        var trips = Enumerable.Range(0, 600).Select(k => new Trip($"t{k}", 0, k * 0.5, [road])).ToList();
        var demand = new TrafficDemand([VehicleType.DefaultCar], trips);
        var plain = new TrafficSimulation(Grid, demand, new TrafficSimulationOptions { Seed = 3 }).Run().Summary;
        var flowed = Contraflow.Apply(Grid, demand, [road]);
        var wider = new TrafficSimulation(flowed.Network, flowed.Demand, new TrafficSimulationOptions { Seed = 3 }).Run().Summary;

        output.WriteLine($"one lane: all out by {plain.Time} s, mean trip {plain.MeanTravelTime:F0} s; contraflow: {wider.Time} s, {wider.MeanTravelTime:F0} s");
        Assert.Equal(600, plain.Arrived);
        Assert.Equal(600, wider.Arrived);
        Assert.True(wider.Time < 0.7 * plain.Time, $"all out by {wider.Time} s against {plain.Time} s");
    }

    [Fact]
    public void A_road_without_an_opposite_or_with_it_also_named_is_refused()
    {
        var (road, opposite) = Road();
        var both = Assert.Throws<ArgumentException>(() => Contraflow.Apply(Grid, new TrafficDemand([VehicleType.DefaultCar], []), [road, opposite]));
        Assert.Contains("each other's opposite", both.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Contraflow.Apply(Grid, new TrafficDemand([VehicleType.DefaultCar], []), [999]));
    }
}
