using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Engine;

public sealed class RightOfWayTests
{
    [Fact]
    public void A_minor_road_vehicle_yields_to_major_road_vehicles_arriving_with_it()
    {
        var network = TestNetworks.Crossing(200);
        // Two major-road cars 3 s apart, and a minor-road car that reaches its stop line with the first.
        var first = new Trip("major1", 0, 0, TestDemand.Route(network, "Win", "Eout"), DepartSpeed: 0);
        var second = new Trip("major2", 0, 3, TestDemand.Route(network, "Win", "Eout"), DepartSpeed: 0);
        var minor = new Trip("minor", 0, 0, TestDemand.Route(network, "Sin", "Nout"), DepartSpeed: 0);

        var (withFoes, crossed) = Run(network, first, second, minor);
        var (alone, _) = Run(network, minor);

        Assert.True(crossed[2] > crossed[1], $"minor crossed at {crossed[2]} s, the majors at {crossed[0]} and {crossed[1]} s");
        Assert.True(withFoes.Trips[2].WaitingTime > 0, "it stopped at its line");
        Assert.Equal(0, withFoes.Trips[0].WaitingTime);
        Assert.Equal(0, withFoes.Trips[1].WaitingTime);
        Assert.Equal(0, alone.Trips[0].WaitingTime);
        Assert.True(withFoes.Trips[2].Duration > alone.Trips[0].Duration + 2);
    }

    /// <summary>Runs to the end; the time each vehicle left its first edge.</summary>
    private static (TrafficResults Results, double[] Crossed) Run(TrafficNetwork network, params Trip[] trips)
    {
        var sim = new TrafficSimulation(network, TestDemand.Exact(trips), new TrafficSimulationOptions());
        var crossed = new double[trips.Length];
        var f = sim.State.Fleet;
        while (!sim.IsFinished)
        {
            sim.Step();
            for (int v = 0; v < trips.Length; v++)
                if (crossed[v] == 0 && f.RoutePos[v] > f.RouteStart[v]) crossed[v] = sim.Time;
        }
        return (sim.Results, crossed);
    }
}
