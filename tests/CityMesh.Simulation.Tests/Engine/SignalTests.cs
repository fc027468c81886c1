using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Engine;

public sealed class SignalTests
{
    // Link index 3·arm + (right, straight, left), arms E, N, W, S: east–west links are 0–2 and 6–8.
    private static readonly (double, string)[] NorthSouthFirst =
    [
        (40, "rrrGGgrrrGGg"), (3, "rrryyyrrryyy"), (30, "GGgrrrGGgrrr"), (3, "yyyrrryyyrrr"),
    ];

    [Fact]
    public void A_red_light_holds_vehicles_at_the_stop_line_and_green_lets_them_go()
    {
        var network = TestNetworks.Crossing(200, NorthSouthFirst);
        var demand = TestDemand.Exact(
            new Trip("west-east", 0, 0, TestDemand.Route(network, "Win", "Eout")),
            new Trip("follower", 0, 2, TestDemand.Route(network, "Win", "Eout")),
            new Trip("north-south", 0, 0, TestDemand.Route(network, "Nin", "Sout")));
        var sim = new TrafficSimulation(network, demand, new TrafficSimulationOptions());
        var f = sim.State.Fleet;
        int westIn = network.Edges[network.EdgeIndex["Win"]].Lanes[0];

        while (sim.Time < 42) sim.Step();
        Assert.Equal(westIn, f.Lane[0]);
        Assert.InRange(f.Position[0], 200 - 1.0f, 200f);
        Assert.True(f.Speed[0] < 0.1f);
        Assert.Equal(westIn, f.Lane[1]);
        Assert.True(f.Position[1] < f.Position[0] - f.Length[0]);

        var results = sim.Run();
        Assert.Equal(3, results.Summary.Arrived);
        Assert.True(results.Trips[0].Arrival > 43, "it left on green, after 43 s");
        Assert.True(results.Trips[0].WaitingTime > 15);
        Assert.Equal(0, results.Trips[2].WaitingTime);
        var crossing = Assert.Single(results.Intersections, i => i.Id == "C");
        Assert.Equal(3, crossing.Passed);
        Assert.True(crossing.MaxQueue >= 2);
        Assert.True(crossing.MeanDelay > 0);
    }

    [Fact]
    public void The_phase_follows_the_offset_as_in_SUMO()
    {
        var program = new SignalProgram("p", 0, 10, [new SignalPhase(20, "G"), new SignalPhase(5, "y"), new SignalPhase(25, "r")]);
        Assert.Equal(2, SignalBoard.FixedTimePhase(program, 0));   // cycle position −10 ≡ 40: red
        Assert.Equal(0, SignalBoard.FixedTimePhase(program, 10));  // the first phase starts at the offset
        Assert.Equal(1, SignalBoard.FixedTimePhase(program, 31));
        Assert.Equal(2, SignalBoard.FixedTimePhase(program, 35));
        Assert.Equal(0, SignalBoard.FixedTimePhase(program, 60));
    }

    [Fact]
    public void Max_pressure_beats_fixed_time_on_an_unbalanced_crossing()
    {
        var network = TestNetworks.Crossing(300,
            [(30, "GGgrrrGGgrrr"), (3, "yyyrrryyyrrr"), (30, "rrrGGgrrrGGg"), (3, "rrryyyrrryyy")]);
        var trips = new List<Trip>();
        void Flow(string from, string to, double headway)
        {
            for (double t = 0; t < 900; t += headway)
                trips.Add(new Trip($"{from}-{to}-{trips.Count}", 0, t, TestDemand.Route(network, from, to)));
        }
        Flow("Win", "Eout", 2.5);
        Flow("Ein", "Wout", 4);
        Flow("Nin", "Sout", 20);
        Flow("Sin", "Nout", 30);
        var demand = new TrafficDemand([VehicleType.DefaultCar], trips.OrderBy(t => t.Depart).ToList());

        SimulationSummary RunWith(SignalControl control, IReadOnlySet<string>? maxPressureAt = null) =>
            new TrafficSimulation(network, demand, new TrafficSimulationOptions { Controller = control, Seed = 3, MaxTime = 7200, MaxPressureAt = maxPressureAt }).Run().Summary;

        var fixedTime = RunWith(SignalControl.FixedTime);
        var maxPressure = RunWith(SignalControl.MaxPressure);
        // One junction switched alone (how a retiming evaluates it) runs exactly as every junction switched.
        var switchedHere = RunWith(SignalControl.FixedTime, new HashSet<string> { network.Signals[0].Id });
        var switchedElsewhere = RunWith(SignalControl.FixedTime, new HashSet<string> { "no-such-signal" });

        Assert.Equal(trips.Count, fixedTime.Arrived);
        Assert.Equal(trips.Count, maxPressure.Arrived);
        Assert.True(maxPressure.MeanTravelTime < fixedTime.MeanTravelTime,
            $"max pressure {maxPressure.MeanTravelTime:F1} s vs fixed time {fixedTime.MeanTravelTime:F1} s");
        Assert.Equal(maxPressure.MeanTravelTime, switchedHere.MeanTravelTime);
        Assert.Equal(fixedTime.MeanTravelTime, switchedElsewhere.MeanTravelTime);
    }
}
