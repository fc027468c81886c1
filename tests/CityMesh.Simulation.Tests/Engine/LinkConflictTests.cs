using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Model;

namespace CityMesh.Simulation.Tests.Engine;

/// <summary>SUMO's gap acceptance on yielding links (LinkConflict) and the junction behaviour it gives.</summary>
public sealed class LinkConflictTests
{
    [Theory]
    // From rest, reached within the ramp: t = √(2d/a).
    [InlineData(8, 0, 10, 2, 5, 2.828)]
    // At the arrival speed already: d / v.
    [InlineData(100, 10, 10, 2, 5, 10)]
    // Ramp 0 → 10 m/s at 2 m/s² (5 s, 25 m), then 75 m at 10 m/s.
    [InlineData(100, 0, 10, 2, 5, 12.5)]
    // Holds 20 m/s, then brakes at 5 m/s² to 10 m/s over the last 30 m (2 s): 70 / 20 + 2.
    [InlineData(100, 20, 10, 2, 5, 5.5)]
    public void The_minimal_arrival_time_is_SUMOs(float distance, float speed, float arrivalSpeed, float accel, float decel, float expected)
    {
        Assert.Equal(expected, Krauss.MinimalArrivalTime(distance, speed, arrivalSpeed, accel, decel), 3);
    }

    [Fact]
    public void A_vehicle_waiting_at_its_line_announces_the_window_SUMO_does()
    {
        // SUMO 1.15's link output for a car standing 0.1 m before a left turn across 14.19 m of junction at 8 m/s
        // (netconvert's T-junction, default car): arrival 0.04 s on, leave 3.58 s after its arrival.
        var w = LinkConflict.Window(LinkState.Minor, 0.1f, 0f, 13.89f, 8f, 2.6f, 4.5f, 1f, 14.19f, 5f, 1f);
        Assert.Equal(0.04f, w.Arrival, 0.01f);
        Assert.Equal(3.58f, w.Leave - w.Arrival, 0.02f);
        // At its line it cannot be counted on to brake: it arrives about as soon, braking or not.
        Assert.Equal(w.Arrival, w.ArrivalBraking, 0.05f);
        // 150 m out at 13 m/s it could stop: braking, SUMO counts it as not arriving for another 30 s.
        var far = LinkConflict.Window(LinkState.Major, 150f, 13f, 13.89f, 13.89f, 2.6f, 4.5f, 1f, 14.4f, 5f, 1f);
        Assert.Equal(far.Arrival + 30f, far.ArrivalBraking, 0.01f);
        Assert.InRange(far.Arrival, 10.5f, 11.5f);
    }

    private static readonly CrossingWindow Me = new(0f, 4f, 30f);
    private static readonly CrossingWindow Soon = new(4.5f, 6f, 34.5f);
    private static readonly CrossingWindow Late = new(8f, 9f, 38f);

    [Fact]
    public void A_foe_arriving_before_this_vehicle_has_crossed_plus_the_gap_holds_it_and_a_later_one_does_not()
    {
        Assert.True(Blocks(LinkState.Minor, LinkState.Major, Soon));
        Assert.False(Blocks(LinkState.Minor, LinkState.Major, Late));
        // One that will have left before this one arrives does not, unless it goes into the same lane less than
        // the gap ahead.
        var gone = new CrossingWindow(0f, 0.5f, 30f);
        var me = new CrossingWindow(1f, 5f, 31f);
        Assert.False(LinkConflict.FoeBlocks(LinkState.Minor, LinkState.Major, me, gone, sameTarget: false, true, 0f, 5f, 10f, 0f, 0f, true));
        Assert.True(LinkConflict.FoeBlocks(LinkState.Minor, LinkState.Major, me, gone, sameTarget: true, true, 0f, 5f, 10f, 0f, 0f, true));
    }

    [Fact]
    public void A_foe_with_no_room_beyond_its_link_asks_for_nothing_and_holds_no_one()
    {
        Assert.False(LinkConflict.FoeBlocks(LinkState.Minor, LinkState.Major, Me, Soon, false, foeWillPass: false, 0f, 5f, 10f, 0f, 0f, true));
    }

    [Fact]
    public void A_foe_rolling_towards_a_stop_line_is_not_yet_in_the_way_and_one_halted_there_is()
    {
        Assert.False(LinkConflict.FoeBlocks(LinkState.Minor, LinkState.Stop, Me, Soon, false, true, 0f, 1f, 5f, 0f, 0f, true));
        Assert.True(LinkConflict.FoeBlocks(LinkState.Minor, LinkState.Stop, Me, Soon, false, true, 0f, 1f, 0f, 0f, 0f, true));
    }

    [Fact]
    public void At_an_all_way_stop_the_one_that_has_stood_longer_goes_first()
    {
        Assert.False(LinkConflict.FoeBlocks(LinkState.AllWayStop, LinkState.AllWayStop, Me, Soon, false, true, 0f, 1f, 0f, myStanding: 6f, foeStanding: 3f, true));
        Assert.True(LinkConflict.FoeBlocks(LinkState.AllWayStop, LinkState.AllWayStop, Me, Soon, false, true, 0f, 1f, 0f, myStanding: 3f, foeStanding: 6f, true));
        Assert.False(LinkConflict.FoeBlocks(LinkState.AllWayStop, LinkState.AllWayStop, Me, Soon, false, true, 0f, 1f, 0f, 4f, 4f, iAmFirstOnTies: true));
        Assert.True(LinkConflict.FoeBlocks(LinkState.AllWayStop, LinkState.AllWayStop, Me, Soon, false, true, 0f, 1f, 0f, 4f, 4f, iAmFirstOnTies: false));
        // Elsewhere standing longer earns nothing: a minor link still yields.
        Assert.True(LinkConflict.FoeBlocks(LinkState.Minor, LinkState.Minor, Me, Soon, false, true, 0f, 1f, 0f, 60f, 3f, true));
    }

    [Fact]
    public void A_driver_kept_waiting_takes_a_gap_a_patient_one_does_not()
    {
        Assert.Equal(0f, LinkConflict.Impatience(0f, canStop: true));
        Assert.Equal(1f / 3f, LinkConflict.Impatience(60f, canStop: true), 4);
        Assert.Equal(1f, LinkConflict.Impatience(600f, canStop: true));
        Assert.Equal(1f, LinkConflict.Impatience(0f, canStop: false));
        Assert.True(Blocks(LinkState.Minor, LinkState.Major, Soon, impatience: 0f));
        // (1 − 1/3)·4.5 + 1/3·34.5 = 14.5 s: after the 5 s it needs.
        Assert.False(Blocks(LinkState.Minor, LinkState.Major, Soon, impatience: LinkConflict.Impatience(60f, true)));
    }

    private static bool Blocks(LinkState mine, LinkState foeState, CrossingWindow foe, float impatience = 0f) =>
        LinkConflict.FoeBlocks(mine, foeState, Me, foe, sameTarget: false, foeWillPass: true, impatience, foeDist: 30f, foeSpeed: 10f, 0f, 0f, true);

    /// <summary>
    /// A three-armed junction whose minor links each yield to the next arm's (a to b, b to c and, when
    /// <paramref name="cycle"/>, c to a); one car on each arm, all reaching their lines together.
    /// </summary>
    private static (TrafficNetwork Network, Trip[] Trips) ThreeArms(bool cycle)
    {
        var b = new RoadBuilder();
        int centre = b.Junction("j", 0, 0);
        var ends = new[] { b.Junction("A", 200, 0, JunctionKind.DeadEnd), b.Junction("B", -100, 173.2, JunctionKind.DeadEnd), b.Junction("C", -100, -173.2, JunctionKind.DeadEnd) };
        var into = ends.Select((e, i) => b.Edge($"in{i}", e, centre)).ToArray();
        var outOf = ends.Select((e, i) => b.Edge($"out{i}", centre, e)).ToArray();
        var links = Enumerable.Range(0, 3).Select(i => b.Connect(into[i], 0, outOf[(i + 1) % 3], 0, Turn.Left, via: 12, major: false)).ToArray();
        b.Yield(links[0], links[1]);
        b.Yield(links[1], links[2]);
        if (cycle) b.Yield(links[2], links[0]);
        var network = b.Build();
        var trips = Enumerable.Range(0, 3).Select(i => new Trip($"car{i}", 0, 0, TestDemand.Route(network, $"in{i}", $"out{(i + 1) % 3}"))).ToArray();
        return (network, trips);
    }

    /// <summary>Runs to the end: the results and the time each car left its first edge.</summary>
    private static (SimulationSummary Summary, double[] Crossed) Run(TrafficNetwork network, Trip[] trips)
    {
        var sim = new TrafficSimulation(network, TestDemand.Exact(trips), new TrafficSimulationOptions { TimeToTeleport = 120 });
        var f = sim.State.Fleet;
        var crossed = new double[trips.Length];
        while (!sim.IsFinished)
        {
            sim.Step();
            for (int v = 0; v < trips.Length; v++)
                if (crossed[v] == 0 && (f.RoutePos[v] > f.RouteStart[v] || f.Status[v] == VehicleStatus.Arrived)) crossed[v] = sim.Time;
        }
        return (sim.Results.Summary, crossed);
    }

    [Fact]
    public void Links_that_yield_in_a_cycle_hold_each_other_until_the_time_to_teleport_as_in_SUMO()
    {
        var (network, trips) = ThreeArms(cycle: true);
        var (summary, crossed) = Run(network, trips);
        // Some 20 s to the line; then none goes until they have stood the 120 s, when each lane's first is teleported,
        // all three in the same step (as SUMO teleports every lane's first that has waited the time-to-teleport).
        Assert.All(crossed, t => Assert.InRange(t, 130, 150));
        Assert.Equal(3, summary.Arrived);
        Assert.Equal((3, 3), (summary.Teleports, summary.TeleportsYield));
    }

    [Fact]
    public void Links_that_yield_without_a_cycle_let_one_go_after_another()
    {
        var (network, trips) = ThreeArms(cycle: false);
        var (summary, crossed) = Run(network, trips);
        Assert.Equal((3, 0), (summary.Arrived, summary.Teleports));
        // c yields to no one, b to c, a to b.
        Assert.True(crossed[2] < crossed[1] && crossed[1] < crossed[0], string.Join(", ", crossed));
        Assert.True(crossed[0] < 60, string.Join(", ", crossed));
    }
}
