using CityMesh.Contracts.Safety;
using CityMesh.Energy.Grid;
using CityMesh.Energy.Relief;
using CityMesh.Simulation.Energy.Twin;

namespace CityMesh.Energy.Tests;

/// <summary>
/// Two substations, S and T, each with one feeder of four secondary substations in a chain of 1 km cables (3,000 kVA),
/// the far ends joined by a normally-open point; a hospital on S's second bus. A flood forecast at S: its transformer
/// and its feeder's breaker go out, and the tie picks S's feeder up from T where T's cable has the room.
/// </summary>
public sealed class FloodIsolationTests
{
    private static readonly EnergyOptions Options = new();
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 18, 0, 0, TimeSpan.Zero);

    private static CityGrid Grid()
    {
        var buses = new List<GridBus>();
        var lines = new List<GridLine>();
        var transformers = new List<GridTransformer>();
        var feeders = new List<GridFeeder>();
        foreach (var (s, f) in new[] { ("s", "a"), ("t", "b") })
        {
            buses.Add(new GridBus($"{s}-hv", s, 110, Source: true));
            buses.Add(new GridBus($"{s}-mv", s, 10));
            transformers.Add(new GridTransformer($"{s}-t1", s, $"{s}-hv", $"{s}-mv", 20_000, 0.005, 0.10));
            for (var i = 1; i <= 4; i++)
            {
                buses.Add(new GridBus($"{f}{i}", s, 10, Feeder: $"f{f}", Critical: f == "a" && i == 2));
                lines.Add(new GridLine($"{f}-l{i}", i == 1 ? $"{s}-mv" : $"{f}{i - 1}", $"{f}{i}", 0.125, 0.085, 3000, 1000, $"f{f}"));
            }
            feeders.Add(new GridFeeder($"f{f}", s, f.ToUpperInvariant(), $"{s}-mv", $"{f}-l1", 3000));
        }
        return new CityGrid([new GridSubstation("s", "S", 20_000), new GridSubstation("t", "T", 20_000)], buses, lines, transformers,
            [new GridSwitch("nop1", "a4", "b4", 0.125, 0.085, 3000, true, true)], feeders);
    }

    private static LiveGridInput Input(double perBusKw)
    {
        var grid = Grid();
        var loads = grid.Buses.Where(b => b.Feeder is not null).ToDictionary(b => b.Id, _ => perBusKw);
        return TwoFeeders.Input(grid, loads, critical: new HashSet<string> { "a2" });
    }

    private static readonly FloodedAsset Site = new("urn:ngsi-ld:Substation:test:s", "Substation", 0.6, Now.AddHours(2));
    private static readonly FloodImpact Impact = new("fc-1", "urn:ngsi-ld:Incident:test:flood-1", Now, [Site], []);

    [Fact]
    public void The_flooded_substations_feeder_is_picked_up_through_the_tie_and_the_proposal_names_the_incident()
    {
        var input = Input(300);
        var isolation = new FloodIsolation(Options, TwoFeeders.City);
        var plan = isolation.Plan(input, ["s"], []);
        Assert.NotNull(plan);
        Assert.Equal(["s-t1"], plan.Transformers);
        Assert.Equal(["a-l1"], plan.LinesOpened);
        Assert.Equal(["nop1"], plan.Ties);
        Assert.Equal(1200, plan.LostKw, 1);
        Assert.Equal(1200, plan.RestoredKw, 1);
        Assert.Equal(0, plan.FloodedKw);
        Assert.Equal((0, 0), (plan.BusesOff, plan.CriticalOff));
        // T's head cable now carries both feeders: 2.4 MW plus the longer path's losses at 0.95, about 85 % of 3 MVA.
        Assert.InRange(plan.LargestLoadingPercent, 80, 95);

        // The same grid solved with the plan's changes agrees: every load bus energised, nothing over its rating.
        var state = new GridPowerFlow(input.Grid).Solve(input.LoadKw, switching: new Dictionary<string, bool> { ["nop1"] = false },
            outOfService: new HashSet<string> { "s-t1", "a-l1" });
        Assert.Equal(0, state.UnservedKw, 1e-6);
        Assert.Empty(GridViolations.Find(input.Grid, state, Options, TwoFeeders.City));

        var proposal = isolation.Propose(plan, [Site], Impact, Now);
        Assert.Equal("energy.flood-isolation", proposal.Type);
        Assert.Equal("urn:ngsi-ld:Incident:test:flood-1", proposal.Incident);
        Assert.Equal("urn:ngsi-ld:Substation:test:s", proposal.Target);
        Assert.Equal("flood-isolation-fc-1", proposal.Id);
        Assert.Equal(
            ["urn:ngsi-ld:ACLineSegment:test:a-l1", "urn:ngsi-ld:PowerTransformer:test:s-t1", "urn:ngsi-ld:Switch:test:nop1"],
            proposal.Effect.Select(p => p.EntityId));
        Assert.False(proposal.Effect.Single(p => p.EntityId.EndsWith("nop1", StringComparison.Ordinal)).Attributes.GetProperty("open").GetProperty("value").GetBoolean());
        Assert.Equal(0, proposal.Measures["criticalUnserved"]);
        Assert.Equal(0, proposal.Measures["unservedKw"]);
        Assert.Contains("Flood forecast at substation s: take it out of service before the water arrives (first at 20:00)", proposal.Summary);
        Assert.Contains("no hospital or shelter left without supply", proposal.Summary);
    }

    [Fact]
    public void A_tie_that_would_overload_the_neighbour_is_not_closed_and_the_hospital_left_off_is_named()
    {
        // 4 × 500 kW on each feeder: T's cable would carry 4 MW (about 140 %) with S's feeder on it.
        var plan = new FloodIsolation(Options, TwoFeeders.City).Plan(Input(500), ["s"], []);
        Assert.NotNull(plan);
        Assert.Empty(plan.Ties);
        Assert.Equal(2000, plan.LostKw, 1);
        Assert.Equal(0, plan.RestoredKw, 1);
        Assert.Equal(4, plan.BusesOff);
        Assert.Equal(["urn:ngsi-ld:BusbarSection:test:a2"], plan.CriticalBusesOff);
        var proposal = new FloodIsolation(Options, TwoFeeders.City).Propose(plan, [Site], Impact, Now);
        Assert.Equal(1, proposal.Measures["criticalUnserved"]);
        Assert.Contains("1 hospital or shelter bus left without supply", proposal.Summary);
    }

    [Fact]
    public void A_flooded_kiosk_is_cut_off_on_both_sides_and_what_lies_beyond_it_is_picked_up_through_the_tie()
    {
        // a2, the hospital's bus, floods: the lines either side of it open, a3 and a4 come back from T through the tie;
        // a2's own 300 kW is under water and the hospital on it is named.
        var input = Input(300);
        var isolation = new FloodIsolation(Options, TwoFeeders.City);
        var plan = isolation.Plan(input, [], ["a2"]);
        Assert.NotNull(plan);
        Assert.Empty(plan.Transformers);
        Assert.Equal(["a-l2", "a-l3"], plan.LinesOpened.Order());
        Assert.Equal(["nop1"], plan.Ties);
        Assert.Equal(900, plan.LostKw, 1);
        Assert.Equal(600, plan.RestoredKw, 1);
        Assert.Equal(300, plan.FloodedKw, 1);
        Assert.Equal(1, plan.BusesOff);
        Assert.Equal(["urn:ngsi-ld:BusbarSection:test:a2"], plan.CriticalBusesOff);

        var kiosk = new FloodedAsset("urn:ngsi-ld:BusbarSection:test:a2", "BusbarSection", 0.5, Now.AddMinutes(40));
        var proposal = isolation.Propose(plan, [Site, kiosk], Impact, Now);
        Assert.Equal("urn:ngsi-ld:BusbarSection:test:a2", proposal.Target);
        Assert.Contains("Flood forecast at secondary substation a2: take it out of service before the water arrives (first at 18:40)", proposal.Summary);
        Assert.Contains("300 kW off (300 kW of it under water), 1 hospital or shelter bus left without supply", proposal.Summary);
        // The tie never closes onto a flooded bus, and both of a2's lines are opened.
        Assert.Equal(
            ["urn:ngsi-ld:ACLineSegment:test:a-l2", "urn:ngsi-ld:ACLineSegment:test:a-l3", "urn:ngsi-ld:Switch:test:nop1"],
            proposal.Effect.Select(p => p.EntityId));
    }

    [Fact]
    public void Sites_the_grid_does_not_have_leave_nothing_to_isolate()
    {
        Assert.Null(new FloodIsolation(Options, TwoFeeders.City).Plan(Input(300), ["nowhere"], ["b9"]));
    }
}
