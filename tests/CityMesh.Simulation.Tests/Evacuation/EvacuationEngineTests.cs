using CityMesh.Simulation.Evacuation;

namespace CityMesh.Simulation.Tests.Evacuation;

public sealed class EvacuationEngineTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>
    /// A town whose shelters hold fewer than its people, with a street closed mid-run: at every step everyone is in
    /// exactly one state, the state counts match the people's own statuses, and every link holds exactly the people
    /// whose link it is.
    /// </summary>
    [Fact]
    public void Every_person_is_somewhere_at_every_step()
    {
        var (builder, graph, groups, shelters) = EvacuationCases.Town(4, 60, 300);
        var closures = builder.LinksOf("h2-1").Select(l => new WalkwayClosure(l, 120)).ToList();
        var sim = new EvacuationSimulation(graph, shelters, groups,
            new EvacuationOptions { StepSeconds = 0.5, Seconds = 3600, Response = new ResponseCurve { MeanSeconds = 120 }, Closures = closures });
        int people = groups.Sum(g => g.People);
        var onLink = new int[graph.LinkCount];
        while (!sim.IsFinished)
        {
            sim.Step();
            var counts = sim.Counts;
            Assert.Equal(people, counts.Total);
            var status = sim.State.Status;
            for (int k = 0; k <= (int)PersonStatus.Stranded; k++)
                Assert.Equal(status.Count(x => (int)x == k), k switch
                {
                    0 => counts.Waiting, 1 => counts.Walking, 2 => counts.Queued, 3 => counts.Sheltered, 4 => counts.Unsheltered, _ => counts.Stranded,
                });
            Array.Clear(onLink);
            for (int i = 0; i < people; i++)
                if (status[i] is PersonStatus.Walking or PersonStatus.Queued) onLink[sim.State.Link[i]]++;
            for (int l = 0; l < graph.LinkCount; l++) Assert.Equal(onLink[l], sim.OnLink(l));
            Assert.Equal(sim.Counts.Sheltered, sim.Occupancy(0) + sim.Occupancy(1));
        }
        var result = sim.Result;
        output.WriteLine($"{people} people, {shelters.Sum(s => s.Capacity)} places: {result.Final}; 90 % by {result.Clearance90Seconds?.ToString("F0") ?? "never"}, turned away {result.Shelters.Sum(s => s.TurnedAway)}");
        // The shelters filled; the rest were turned away, or cut off where the closed street was their only way out
        // (homes whose path joins it mid-block); no one is left moving.
        Assert.Equal(600, result.Final.Sheltered);
        Assert.Equal(people - 600, result.Final.Unsheltered + result.Final.Stranded);
        Assert.True(result.Final.Unsheltered > 0 && result.Final.Stranded > 0, $"{result.Final}");
        Assert.Equal(0, result.Final.Moving);
        Assert.All(result.Shelters, s => Assert.Equal(s.Capacity, s.Peak));
        Assert.Null(result.Clearance90Seconds);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_another_seed_another()
    {
        EvacuationResult Run(ulong seed, out double[] arrivals)
        {
            var (_, graph, groups, shelters) = EvacuationCases.Town(3, 40, 1000);
            var sim = new EvacuationSimulation(graph, shelters, groups, new EvacuationOptions { Seed = seed, Response = new ResponseCurve { MeanSeconds = 300 } });
            var result = sim.Run();
            arrivals = (double[])sim.State.Arrival.Clone();
            return result;
        }
        var a = Run(7, out var first);
        var b = Run(7, out var second);
        var c = Run(8, out var third);
        Assert.Equal(first, second);
        Assert.Equal(a.Clearance90Seconds, b.Clearance90Seconds);
        Assert.Equal(a.Links.Select(l => l.PeakDensity), b.Links.Select(l => l.PeakDensity));
        Assert.NotEqual(first, third);
        Assert.Equal(a.Final.Sheltered, c.Final.Sheltered);
    }

    [Fact]
    public void A_full_shelter_turns_people_away_to_the_next_with_room_unless_they_were_sent_there_first()
    {
        // A shelter 100 m east holding 10, another 400 m west holding 100; 50 people at x = 0.
        var graph = new WalkwayGraph([0, 100, -400], [0, 0, 0], [0, 0], [1, 2], [100, 400], [3, 3], ["east", "west"]);
        var shelters = new List<Shelter> { new("near", 1, 10, 2), new("far", 2, 100, 2) };
        var groups = new List<EvacueeGroup> { new("home", 0, 50, 2) };

        var nearest = new EvacuationSimulation(graph, shelters, groups, new EvacuationOptions { Response = new ResponseCurve { MeanSeconds = 30 } }).Run();
        Assert.Equal([10, 40], nearest.Shelters.Select(s => s.Peak));
        Assert.Equal(40, nearest.Shelters[0].TurnedAway);
        Assert.True(nearest.Links[0].Passed >= 50, "everyone walked east first");

        var withRoom = new EvacuationSimulation(graph, shelters, groups,
            new EvacuationOptions { Rule = ShelterRule.NearestWithRoom, Response = new ResponseCurve { MeanSeconds = 30 } }).Run();
        Assert.Equal([10, 40], withRoom.Shelters.Select(s => s.Peak));
        Assert.Equal(0, withRoom.Shelters[0].TurnedAway);
        Assert.Equal(10, withRoom.Links[0].Passed);
        // Sent there directly, the last arrives sooner than when turned back at the near door.
        Assert.True(withRoom.Clearance100Seconds < nearest.Clearance100Seconds, $"{withRoom.Clearance100Seconds} vs {nearest.Clearance100Seconds}");
    }

    [Fact]
    public void A_group_sent_to_its_zones_shelter_goes_there_past_a_nearer_one()
    {
        var graph = new WalkwayGraph([0, 100, -400], [0, 0, 0], [0, 0], [1, 2], [100, 400], [3, 3], ["east", "west"]);
        var shelters = new List<Shelter> { new("near", 1, 100, 2), new("far", 2, 100, 2) };
        var result = new EvacuationSimulation(graph, shelters, [new EvacueeGroup("home", 0, 20, 2, Shelters: [1])], new EvacuationOptions()).Run();
        Assert.Equal([0, 20], result.Shelters.Select(s => s.Peak));
    }

    [Fact]
    public void A_closure_reroutes_walkers_and_strands_those_it_cuts_off()
    {
        // A square: home at 0, shelter at 2; the direct way 0-1-2, the long way 0-3-2. Closing 1-2 at 30 s sends
        // people who have not passed it the long way; closing 3-2 too strands those who then cannot get there.
        var graph = new WalkwayGraph([0, 100, 100, 0, 50], [0, 0, 300, 300, 400], [0, 1, 0, 3, 4], [1, 2, 3, 2, 2], [100, 100, 300, 300, 112], [2, 2, 2, 2, 2], ["a", "b", "c", "d", "x"]);
        var groups = new List<EvacueeGroup> { new("home", 0, 100, 2) };
        var shelters = new List<Shelter> { new("hill", 2, 1000, 4) };
        var opts = new EvacuationOptions { StepSeconds = 0.5, Response = new ResponseCurve { MeanSeconds = 200 } };

        var open = new EvacuationSimulation(graph, shelters, groups, opts).Run();
        var detour = new EvacuationSimulation(graph, shelters, groups, opts with { Closures = [new WalkwayClosure(1, 30)] }).Run();
        var cut = new EvacuationSimulation(graph, shelters, groups, opts with { Closures = [new WalkwayClosure(1, 30), new WalkwayClosure(3, 30)] }).Run();

        output.WriteLine($"open: {open.Final}, last in {open.Clearance100Seconds:F0} s; detour: {detour.Final}, {detour.Clearance100Seconds:F0} s; cut: {cut.Final}");
        Assert.Equal(100, open.Final.Sheltered);
        Assert.Equal(0, open.Links[2].Passed);
        Assert.Equal(100, detour.Final.Sheltered);
        Assert.True(detour.Links[2].Passed > 50, $"{detour.Links[2].Passed} took the long way");
        Assert.True(detour.Clearance100Seconds > open.Clearance100Seconds);
        // Those past the closure's start before 30 s get in; the rest are cut off.
        Assert.Equal(100, cut.Final.Sheltered + cut.Final.Stranded);
        Assert.True(cut.Final.Stranded > 50, $"{cut.Final.Stranded} stranded");
        Assert.Equal(0, cut.Final.Moving);
    }

    [Fact]
    public void People_who_can_reach_no_shelter_are_stranded_from_the_start()
    {
        var graph = new WalkwayGraph([0, 10, 50, 60], [0, 0, 0, 0], [0, 2], [1, 3], [10, 10], [2, 2], ["a", "b"]);
        var result = new EvacuationSimulation(graph, [new Shelter("s", 1, 100, 2)], [new EvacueeGroup("island", 2, 7, 2), new EvacueeGroup("ok", 0, 3, 2)],
            new EvacuationOptions()).Run();
        Assert.Equal(7, result.Final.Stranded);
        Assert.Equal(3, result.Final.Sheltered);
        Assert.Equal(7, result.NotReached);
    }

    [Fact]
    public void A_step_allocates_nothing()
    {
        var (builder, graph, groups, shelters) = EvacuationCases.Town(3, 50, 400);
        var sim = new EvacuationSimulation(graph, shelters, groups, new EvacuationOptions
        {
            Response = new ResponseCurve { MeanSeconds = 60 },
            SampleSeconds = 5,
            Closures = builder.LinksOf("v1-1").Select(l => new WalkwayClosure(l, 80)).ToList(),
        });
        for (int k = 0; k < 20; k++) sim.Step(); // the first calls compile
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 400; k++) sim.Step(); // through departures, crowds, samples and the closure at 80 s
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(sim.Counts.Sheltered > 0 && sim.Time > 80);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void The_crowded_links_are_the_bottlenecks_and_are_reported_first()
    {
        var graph = EvacuationCases.Chain((10, 10), (20, 1), (20, 10));
        var result = new EvacuationSimulation(graph, [new Shelter("out", 3, 1000, 10)], [],
            new EvacuationOptions { StepSeconds = 0.2 }, EvacuationCases.Spread(graph, 0, 300).ToList()).Run();
        var top = result.Bottlenecks(3);
        output.WriteLine(string.Join("; ", result.Links.Select(l => $"{l.Road}: peak {l.PeakDensity:F2} /m², crowded {l.CrowdedSeconds:F0} s")));
        // The room in front of the narrow corridor stays crowded longest; the wide corridor after it never is.
        Assert.Equal("l0", top[0].Road);
        Assert.DoesNotContain(top, l => l.Road == "l2");
        Assert.True(top[0].CrowdedSeconds > 30, $"{top[0].CrowdedSeconds} s crowded");
    }

    public static TheoryData<string, Func<WalkwayGraph, WalkwayGraph>, Func<EvacuationOptions, EvacuationOptions>, EvacueeGroup?, Shelter?, StreetWalker?> BadInputs() => new()
    {
        { "graph.width[1]", g => g with { Width = [2, -1] }, o => o, null, null, null },
        { "graph.length[0]", g => g with { Length = [double.NaN, 10] }, o => o, null, null, null },
        { "graph link 1", g => g with { To = [1, 1], From = [0, 1] }, o => o, null, null, null },
        { "graph.road must have", g => g with { Road = ["a"] }, o => o, null, null, null },
        { "stepSeconds", g => g, o => o with { StepSeconds = 0 }, null, null, null },
        { "seconds", g => g, o => o with { Seconds = -5 }, null, null, null },
        { "walking.freeSpeed", g => g, o => o with { Walking = new FundamentalDiagram { FreeSpeed = 0 } }, null, null, null },
        { "walking.maxDensity", g => g, o => o with { Walking = new FundamentalDiagram { MaxDensity = 50 } }, null, null, null },
        { "maxSpecificFlow", g => g, o => o with { MaxSpecificFlow = double.NaN }, null, null, null },
        { "response.meanSeconds", g => g, o => o with { Response = new ResponseCurve { MeanSeconds = -1 } }, null, null, null },
        { "response.spreadSeconds", g => g, o => o with { Response = new ResponseCurve { Shape = ResponseShape.Logistic, SpreadSeconds = 0 } }, null, null, null },
        { "closures[0].link", g => g, o => o with { Closures = [new WalkwayClosure(9, 10)] }, null, null, null },
        { "groups[1] ('bad').people", g => g, o => o, new EvacueeGroup("bad", 0, -3, 1), null, null },
        { "groups[1] ('bad').doorWidth", g => g, o => o, new EvacueeGroup("bad", 0, 3, 0), null, null },
        { "groups[1] ('bad').shelters names shelter 4", g => g, o => o, new EvacueeGroup("bad", 0, 3, 1, Shelters: [4]), null, null },
        { "shelters[1] ('bad').node", g => g, o => o, null, new Shelter("bad", 7, 10, 2), null },
        { "shelters[1] ('bad').capacity", g => g, o => o, null, new Shelter("bad", 1, -10, 2), null },
        { "walkers[0].toward", g => g, o => o, null, null, new StreetWalker(1, 0, 1) },
        { "walkers[0].remaining", g => g, o => o, null, null, new StreetWalker(0, 1, 50) },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_inputs_are_refused_naming_the_field(string field, Func<WalkwayGraph, WalkwayGraph> graph, Func<EvacuationOptions, EvacuationOptions> options,
        EvacueeGroup? group, Shelter? shelter, StreetWalker? walker)
    {
        var chain = EvacuationCases.Chain((10, 2), (10, 2));
        var groups = new List<EvacueeGroup> { new("ok", 0, 5, 1) };
        if (group is not null) groups.Add(group);
        var shelters = new List<Shelter> { new("ok", 2, 10, 2) };
        if (shelter is not null) shelters.Add(shelter);
        var error = Assert.Throws<ArgumentException>(() => new EvacuationSimulation(graph(chain), shelters, groups, options(new EvacuationOptions()),
            walker is null ? null : [walker]));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_walkers_for_a_link_are_refused()
    {
        var chain = EvacuationCases.Chain((2, 1));
        var error = Assert.Throws<ArgumentException>(() => new EvacuationSimulation(chain, [new Shelter("s", 1, 100, 1)], [], new EvacuationOptions(),
            EvacuationCases.Spread(chain, 0, 11).ToList()));
        Assert.Contains("walkers put 11 people on link 0, more than its 10", error.Message);
    }
}

/// <summary>Two crowds walking at each other down a full corridor: they squeeze past instead of locking.</summary>
public sealed class CounterFlowTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void Crowds_meeting_in_a_full_corridor_pass_each_other_instead_of_locking()
    {
        // Five 10 m × 2 m links, each holding 100 of its 108: 50 going west to one shelter, 50 east to the other.
        var graph = EvacuationCases.Corridor(50, 2, 5);
        var walkers = new List<StreetWalker>();
        for (int l = 0; l < 5; l++)
            for (int k = 0; k < 50; k++)
            {
                walkers.Add(new StreetWalker(l, l + 1, (k + 0.5) * 10 / 50));
                walkers.Add(new StreetWalker(l, l, (k + 0.5) * 10 / 50));
            }
        var sim = new EvacuationSimulation(graph, [new Shelter("west", 0, 1000, 2), new Shelter("east", 5, 1000, 2)], [],
            new EvacuationOptions { StepSeconds = 0.2, Seconds = 3600 }, walkers);
        var result = sim.Run();
        output.WriteLine($"{result.Final}; all in by {result.Clearance100Seconds:F0} s; peak densities {string.Join(", ", result.Links.Select(l => l.PeakDensity.ToString("F2")))}");
        Assert.Equal(500, result.Final.Sheltered);
        Assert.Equal(250, sim.Occupancy(0));
        Assert.Equal(250, sim.Occupancy(1));
    }
}

/// <summary>A small shelter at the end of a narrow path, a big one the other way: the turned away turn back through the packed path.</summary>
public sealed class TurnBackTests
{
    [Fact]
    public void People_turned_away_at_the_end_of_a_packed_path_turn_back_and_reach_the_other_shelter()
    {
        // Street 0-1-2 (40 m, 6 m wide); a 1.5 m × 15 m path from node 1 to a 20-place shelter at node 3; a big shelter at node 2.
        var graph = new WalkwayGraph([0, 20, 40, 20], [0, 0, 0, 15], [0, 1, 1], [1, 2, 3], [20, 20, 15], [6, 6, 1.5], ["s", "s", "path"]);
        var shelters = new List<Shelter> { new("small", 3, 20, 1.5), new("big", 2, 1000, 4) };
        var result = new EvacuationSimulation(graph, shelters, [new EvacueeGroup("block", 0, 300, 3)],
            new EvacuationOptions { StepSeconds = 0.2, Seconds = 3600, Response = new ResponseCurve { MeanSeconds = 10 } }).Run();

        // The path fills (it holds 121) and most of it is turned away at the small shelter's door.
        Assert.True(result.Links[2].PeakDensity > 4, $"path peak {result.Links[2].PeakDensity}");
        Assert.Equal(20, result.Shelters[0].Peak);
        Assert.Equal(280, result.Shelters[1].Peak);
        Assert.True(result.Shelters[0].TurnedAway > 50, $"{result.Shelters[0].TurnedAway} turned away");
        Assert.Equal(0, result.Final.Moving);
    }
}

/// <summary>People who come by car take a shelter's places as walkers do: first come, first served.</summary>
public sealed class ShelterArrivalTests
{
    [Fact]
    public void Cars_and_walkers_share_a_shelters_places_first_come_first_served()
    {
        // 30 walkers 100 m from a 50-place shelter (about 75 s away); 40 by car at 10 s, 20 more at 1000 s; a far shelter with room.
        var graph = new WalkwayGraph([0, 100, -300], [0, 0, 0], [0, 0], [1, 2], [100, 300], [4, 4], ["a", "b"]);
        var shelters = new List<Shelter> { new("near", 1, 50, 4), new("far", 2, 1000, 4) };
        var sim = new EvacuationSimulation(graph, shelters, [new EvacueeGroup("block", 0, 30, 4)],
            new EvacuationOptions { StepSeconds = 0.5, Response = new ResponseCurve { MeanSeconds = 0 } }, null,
            [new ShelterArrival(0, 10, 40), new ShelterArrival(0, 1000, 20)]);
        var result = sim.Run();

        var near = result.Shelters[0];
        Assert.Equal(50, near.Peak);
        Assert.Equal(40, near.Others[^1]); // the first cars all got in
        Assert.Equal(20, near.OthersTurnedAway); // the late ones found it full
        Assert.Equal(20, near.TurnedAway); // walkers after the cars: 10 got in, 20 walked on
        Assert.Equal(20, result.Shelters[1].Peak);
        Assert.Equal([(40, 40), (20, 0)], result.OtherArrivals.Select(a => (a.Arrival.People, a.Admitted)));
        // The run waited for the last car, long after the last walker.
        Assert.True(result.SimulatedSeconds >= 1000);
        Assert.Equal(30, result.Final.Sheltered);
    }

    [Fact]
    public void An_arrival_at_a_shelter_that_is_not_there_is_refused_naming_it()
    {
        var graph = EvacuationCases.Chain((10, 2));
        var error = Assert.Throws<ArgumentException>(() => new EvacuationSimulation(graph, [new Shelter("s", 1, 10, 2)], [], new EvacuationOptions(), null,
            [new ShelterArrival(3, 5, 1)]));
        Assert.Contains("arrivals[0].shelter", error.Message);
    }
}
