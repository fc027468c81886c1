using CityMesh.Simulation.Evacuation;

namespace CityMesh.Simulation.Tests.Evacuation;

/// <summary>The fidelity checks of services/CityMesh.Simulation/Evacuation/README.md's table, each with its tolerance.</summary>
public sealed class EvacuationFidelityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly FundamentalDiagram Weidmann = new();

    /// <summary>
    /// RiMEA test 1 (RiMEA guideline 3.0, 2016): one person walks a 40 m × 2 m corridor. At the default free speed,
    /// 1.34 m/s, the time is 40 / 1.34 = 29.85 s; RiMEA accepts 26–34 s for 1.33 m/s. Walkers carry what they
    /// overshoot a link's end into the next and the arrival is interpolated within the step, so the expected time
    /// holds to round-off whatever the step and the cut of the corridor: tolerance 0.01 s.
    /// </summary>
    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(4, 0.1)]
    [InlineData(7, 0.3)]
    public void RiMEA_test_1_one_person_walks_40_m_at_the_free_speed(int pieces, double step)
    {
        var graph = EvacuationCases.Corridor(40, 2, pieces);
        var sim = new EvacuationSimulation(graph, [new Shelter("exit", pieces, 10, 2)], [],
            new EvacuationOptions { StepSeconds = step, Seconds = 60 }, [new StreetWalker(0, 1, graph.Length[0])]);
        var result = sim.Run();

        double expected = 40 / Weidmann.FreeSpeed;
        double measured = result.Clearance100Seconds ?? double.NaN;
        output.WriteLine($"{pieces} links, step {step} s: {measured:F4} s (expected {expected:F4} s; RiMEA window 26–34 s)");
        Assert.Equal(1, result.Final.Sheltered);
        Assert.InRange(measured, expected - 0.01, expected + 0.01);
        Assert.InRange(measured, 26, 34);
    }

    /// <summary>
    /// RiMEA test 4 (fundamental diagram): a 1000 m × 10 m corridor filled evenly at a set density, everyone walking
    /// to its far end. Measured as RiMEA does, at a measuring area in steady state: a 20 m link in the corridor's
    /// middle, counting people leaving it over 200 s after a 20 s settling time, before the disturbances from the
    /// corridor's ends (the rear arrives at ρ-speed, the front's rarefaction at |dq/dρ|) reach it. The flow must be
    /// ρ · v(ρ) · width of Weidmann's diagram within 5 %; the density and speed seen there are reported beside it.
    /// </summary>
    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.0)]
    [InlineData(3.0)]
    [InlineData(4.0)]
    public void RiMEA_test_4_flow_in_a_corridor_follows_the_fundamental_diagram(double density)
    {
        const double length = 1000, width = 10, piece = 20, settle = 20, window = 200;
        int pieces = (int)(length / piece), middle = pieces / 2;
        var graph = EvacuationCases.Corridor(length, width, pieces);
        int each = (int)Math.Round(density * width * piece);
        var walkers = Enumerable.Range(0, pieces).SelectMany(l => EvacuationCases.Spread(graph, l, each)).ToList();
        var sim = new EvacuationSimulation(graph, [new Shelter("end", pieces, walkers.Count, width)], [],
            new EvacuationOptions { StepSeconds = 0.2, Seconds = settle + window + 1 }, walkers);

        while (sim.Time < settle - 1e-9) sim.Step();
        long before = sim.Passed(middle);
        double onLink = 0, speed = 0;
        int samples = 0;
        while (sim.Time < settle + window - 1e-9)
        {
            sim.Step();
            onLink += sim.OnLink(middle);
            speed += sim.Speed(middle);
            samples++;
        }
        double flow = (sim.Passed(middle) - before) / window;
        double expected = density * Weidmann.Speed(density) * width;
        double seenDensity = onLink / samples / (width * piece), seenSpeed = speed / samples;
        output.WriteLine($"ρ {density}: flow {flow:F3} /s, expected ρ·v(ρ)·b = {expected:F3} /s ({(flow - expected) / expected:+0.00%;-0.00%}); " +
                         $"in the measuring area ρ {seenDensity:F3} /m², v {seenSpeed:F3} m/s (v(ρ) = {Weidmann.Speed(density):F3})");
        Assert.InRange(flow, 0.95 * expected, 1.05 * expected);
        Assert.InRange(seenDensity, 0.95 * density, 1.05 * density);
    }

    /// <summary>
    /// A 10 m × 10 m room of 100 people drains through a 1 m door: the door never passes more than its width × the
    /// maximum specific flow (1.3 persons/(m·s)) in any window, checked at every step (a budget starts at one
    /// person: at most 1 + c·t by time t), and the room empties in (N − 1) / c within 1 %, the people reaching the
    /// door long before it frees.
    /// </summary>
    [Fact]
    public void A_door_never_passes_more_than_its_capacity_and_drains_a_room_at_it()
    {
        const int people = 100;
        const double door = 1.0, js = 1.3, step = 0.1;
        var graph = EvacuationCases.Chain((10, 10));
        var sim = new EvacuationSimulation(graph, [new Shelter("outside", 1, 1000, door)], [],
            new EvacuationOptions { StepSeconds = step, Seconds = 600 }, EvacuationCases.Spread(graph, 0, people).ToList());

        double capacity = js * door;
        var history = new List<(double Time, int Out)> { (0, 0) };
        while (!sim.IsFinished)
        {
            sim.Step();
            int passed = sim.Occupancy(0);
            history.Add((sim.Time, passed));
            Assert.True(passed <= 1 + capacity * sim.Time + 1e-9, $"{passed} through the door by {sim.Time:F1} s; capacity {capacity}/s");
        }
        // Every window [t1, t2]: at most c · (t2 − t1) + 1.
        for (int a = 0; a < history.Count; a += 7)
            for (int b = a + 1; b < history.Count; b += 13)
                Assert.True(history[b].Out - history[a].Out <= capacity * (history[b].Time - history[a].Time) + 1 + 1e-9);
        var result = sim.Result;
        double expected = (people - 1) / capacity;
        output.WriteLine($"room emptied in {result.Clearance100Seconds:F2} s; (N − 1)/c = {expected:F2} s; peak density in the room {result.Links[0].PeakDensity:F2} /m²");
        Assert.Equal(people, result.Final.Sheltered);
        Assert.InRange(result.Clearance100Seconds!.Value, 0.99 * expected, 1.01 * expected);
    }

    /// <summary>
    /// A room drains into a 1 m wide, 20 m corridor: the corridor never passes more than 1.3 persons/s (its width × the
    /// maximum specific flow) at any step, and fed beyond it, it carries the largest flow of Weidmann's diagram
    /// (1.22 persons/(m·s) at 1.75 /m²) within 5 %, measured between the 50th and the 250th person out.
    /// </summary>
    [Fact]
    public void A_narrow_corridor_fed_beyond_its_capacity_carries_the_diagrams_largest_flow()
    {
        const int people = 400;
        const double step = 0.1;
        var graph = EvacuationCases.Chain((10, 10), (20, 1));
        var sim = new EvacuationSimulation(graph, [new Shelter("outside", 2, 1000, 10)], [],
            new EvacuationOptions { StepSeconds = step, Seconds = 1200 }, EvacuationCases.Spread(graph, 0, people).ToList());
        var times = new List<double>();
        while (!sim.IsFinished)
        {
            sim.Step();
            Assert.True(sim.Passed(1) <= 1 + 1.3 * sim.Time + 1e-9, $"{sim.Passed(1)} out of the corridor by {sim.Time:F1} s");
            while (times.Count < sim.Passed(1)) times.Add(sim.Time);
        }
        double flow = 200 / (times[249] - times[49]);
        double expected = Weidmann.MaxFlow() * 1.0;
        output.WriteLine($"corridor flow {flow:F3} /s; diagram's largest flow × width {expected:F3} /s at {Weidmann.CriticalDensity():F3} /m²; " +
                         $"all out by {sim.Result.Clearance100Seconds:F1} s; corridor peak density {sim.Result.Links[1].PeakDensity:F2} /m²");
        Assert.Equal(people, sim.Counts.Sheltered);
        Assert.InRange(flow, 0.95 * expected, 1.05 * expected);
        Assert.True(flow <= 1.3, $"{flow} > 1.3");
    }

    [Fact]
    public void Weidmanns_diagram_has_its_published_shape()
    {
        // v0 at no density, 0 at ρmax, and the capacity point near 1.75 /m² at about 1.22 /(m·s).
        Assert.Equal(1.34, Weidmann.Speed(0));
        Assert.Equal(0, Weidmann.Speed(5.4));
        Assert.Equal(1.34 * (1 - Math.Exp(-1.913 * (1 / 2.0 - 1 / 5.4))), Weidmann.Speed(2), 12);
        Assert.InRange(Weidmann.CriticalDensity(), 1.6, 1.9);
        Assert.InRange(Weidmann.MaxFlow(), 1.2, 1.25);
        Assert.True(Weidmann.Flow(Weidmann.CriticalDensity()) >= Weidmann.Flow(Weidmann.CriticalDensity() * 1.05));
        Assert.True(Weidmann.Flow(Weidmann.CriticalDensity()) >= Weidmann.Flow(Weidmann.CriticalDensity() * 0.95));
    }

    [Fact]
    public void The_Rayleigh_response_curve_has_its_mean_and_median()
    {
        var curve = new ResponseCurve { MeanSeconds = 600 };
        double sigma = 600 / Math.Sqrt(Math.PI / 2);
        Assert.Equal(sigma * Math.Sqrt(2 * Math.Log(2)), curve.Delay(0.5), 9);
        // 20,000 draws of the engine's own departures: the sample mean within 2 % (its standard error is 0.4 %).
        var graph = EvacuationCases.Chain((10, 2));
        var sim = new EvacuationSimulation(graph, [new Shelter("s", 1, 100_000, 2)], [new EvacueeGroup("block", 0, 20_000, 2)],
            new EvacuationOptions { Response = curve, Seed = 5 });
        double mean = sim.State.Depart.Average();
        output.WriteLine($"mean departure {mean:F1} s (600), median {Median(sim.State.Depart):F1} s ({curve.Delay(0.5):F1})");
        Assert.InRange(mean, 588, 612);
        Assert.InRange(Median(sim.State.Depart), 0.98 * curve.Delay(0.5), 1.02 * curve.Delay(0.5));

        var logistic = new ResponseCurve { Shape = ResponseShape.Logistic, MeanSeconds = 900, SpreadSeconds = 120 };
        Assert.Equal(900, logistic.Delay(0.5), 9);
        Assert.Equal(900 + 120 * Math.Log(9), logistic.Delay(0.9), 9);
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
