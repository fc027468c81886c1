using CityMesh.Contracts.Energy;
using CityMesh.Energy.Grid;
using CityMesh.Energy.Relief;
using CityMesh.Simulation.Energy.Twin;

namespace CityMesh.Energy.Tests;

/// <summary>
/// Relief is offered only where the power flow shows it works, least disruptive first: feeder A carries 4 × 900 kW on
/// a 3,000 kVA head cable (about 125 % with the 0.95 power factor), feeder B 4 × 300 kW.
/// </summary>
public sealed class ReliefPlannerTests
{
    private static readonly EnergyOptions Options = new();
    private static readonly Dictionary<string, double> Heavy = new() { ["a1"] = 900, ["a2"] = 900, ["a3"] = 900, ["a4"] = 900, ["b1"] = 300, ["b2"] = 300, ["b3"] = 300, ["b4"] = 300 };

    private static (ReliefPlan? Plan, GridViolation Violation, GridState Before) Plan(LiveGridInput input)
    {
        var flow = new GridPowerFlow(input.Grid);
        var state = flow.Solve(input.LoadKw);
        var violation = GridViolations.Find(input.Grid, state, Options, TwoFeeders.City).Single(v => v.Kind == GridViolation.Overload && v.Element.EndsWith(":fa", StringComparison.Ordinal));
        var raised = new GridViolation(violation.Kind, violation.Element, violation.Feeder, true, violation.Value, violation.Limit, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        return (new ReliefPlanner(Options, TwoFeeders.City).Plan(input, flow, state, raised), raised, state);
    }

    [Fact]
    public void The_overloaded_feeder_is_found_at_its_head_line()
    {
        var grid = TwoFeeders.Grid();
        var state = new GridPowerFlow(grid).Solve(TwoFeeders.Input(grid, Heavy).LoadKw);
        var violations = GridViolations.Find(grid, state, Options, TwoFeeders.City);
        var feeder = Assert.Single(violations, v => v.Kind == GridViolation.Overload);
        Assert.Equal("urn:ngsi-ld:Feeder:test:fa", feeder.Element);
        // 3.6 MW at 0.95 is 3.79 MVA, plus the cable's losses, over 3 MVA.
        Assert.InRange(feeder.Value, 126, 130);
    }

    [Fact]
    public void Chargers_that_can_wait_are_deferred_first()
    {
        var grid = TwoFeeders.Grid();
        var input = TwoFeeders.Input(grid, Heavy, charging: new Dictionary<string, double> { ["a3"] = 500, ["a4"] = 500 });
        var (plan, _, _) = Plan(input);
        Assert.NotNull(plan);
        Assert.Equal(ReliefKinds.ShiftCharging, plan.Kind);
        Assert.Equal(1000, plan.ShiftedKw);
        Assert.Equal(2, plan.Changes.Count);
        Assert.All(plan.Changes.Values, c => Assert.Equal("deferred", c["chargingMode"]!["value"]!.GetValue<string>()));
        Assert.InRange(plan.After.LoadingPercent, 85, 100);
    }

    [Fact]
    public void Without_chargers_the_far_end_moves_to_the_neighbour_where_neither_feeder_overloads()
    {
        var grid = TwoFeeders.Grid();
        var (plan, _, _) = Plan(TwoFeeders.Input(grid, Heavy));
        Assert.NotNull(plan);
        Assert.Equal(ReliefKinds.TransferLoad, plan.Kind);
        // Opening a2–a3 would move 1.8 MW onto B (3.0 MW there: overloaded); a3–a4 moves 0.9 MW and leaves both within rating.
        Assert.False(plan.Changes["urn:ngsi-ld:Switch:test:nop1"]["open"]!["value"]!.GetValue<bool>());
        Assert.False(plan.Changes["urn:ngsi-ld:ACLineSegment:test:a-l4"]["inService"]!["value"]!.GetValue<bool>());
        Assert.Equal(2, plan.Changes.Count);

        // The plan, applied to the grid, leaves nothing violated.
        var flow = new GridPowerFlow(grid);
        var after = flow.Solve(TwoFeeders.Input(grid, Heavy).LoadKw, switching: new Dictionary<string, bool> { ["nop1"] = false }, outOfService: new HashSet<string> { "a-l4" });
        Assert.Empty(GridViolations.Find(grid, after, Options, TwoFeeders.City));
        Assert.All(after.Energised, Assert.True);
    }

    [Fact]
    public void Shedding_takes_non_critical_load_only()
    {
        var grid = TwoFeeders.Grid(withTie: false);
        var critical = new HashSet<string> { "a1", "a2", "a3" };
        var (plan, _, _) = Plan(TwoFeeders.Input(grid, Heavy, critical: critical));
        Assert.NotNull(plan);
        Assert.Equal(ReliefKinds.ShedLoad, plan.Kind);
        var shed = Assert.Single(plan.Changes);
        Assert.Equal("urn:ngsi-ld:BusbarSection:test:a4", shed.Key);
        Assert.Equal("shed", shed.Value["supplyStatus"]!["value"]!.GetValue<string>());
        Assert.Equal(900, plan.ShedKw);
        Assert.Equal(0, plan.CriticalShed);
    }

    [Fact]
    public void When_only_hospitals_and_shelters_could_be_shed_nothing_is_proposed()
    {
        var grid = TwoFeeders.Grid(withTie: false);
        var (plan, _, _) = Plan(TwoFeeders.Input(grid, Heavy, critical: new HashSet<string> { "a1", "a2", "a3", "a4" }));
        Assert.Null(plan);
    }

    [Fact]
    public void A_proposal_carries_the_plan_as_governed_patches_and_guardrail_measures()
    {
        var grid = TwoFeeders.Grid(withTie: false);
        var (plan, violation, _) = Plan(TwoFeeders.Input(grid, Heavy, critical: new HashSet<string> { "a1" }));
        var proposal = ReliefProposals.Create(plan!, violation, DateTimeOffset.UnixEpoch, Options);
        Assert.Equal("energy.shed-load", proposal.Type);
        Assert.Equal("energy", proposal.Domain);
        Assert.Equal("urn:ngsi-ld:Feeder:test:fa", proposal.Target);
        Assert.Equal(0, proposal.Measures["criticalShed"]);
        Assert.True(proposal.Measures["shedKw"] > 0);
        Assert.DoesNotContain(proposal.Effect, p => p.EntityId.EndsWith(":a1", StringComparison.Ordinal));
        Assert.Equal(DateTimeOffset.UnixEpoch + Options.ProposalLifetime, proposal.ExpiresAt);
    }

    [Fact]
    public void Too_high_a_voltage_from_PV_export_is_relieved_by_curtailing_it()
    {
        // A substation holding 1.04 pu (as many do, against the drop at peak) and 2.6 MW exported at the far end of A
        // 4 km out: the export raises the voltage by about P·R/V² = 2.6 MW × 0.5 ohm / (10 kV)² = 1.3 %, past 1.05 pu.
        var grid = TwoFeeders.Grid(withTie: false, setpointPu: 1.04);
        var export = new Dictionary<string, double> { ["a1"] = 100, ["a2"] = 100, ["a3"] = 100, ["a4"] = -2600 };
        var input = TwoFeeders.Input(grid, export, solar: new Dictionary<string, double> { ["a4"] = 2700 });
        var flow = new GridPowerFlow(grid);
        var state = flow.Solve(input.LoadKw);
        var high = GridViolations.Find(grid, state, Options, TwoFeeders.City).FirstOrDefault(v => v.Kind == GridViolation.Overvoltage);
        Assert.NotNull(high);
        var raised = new GridViolation(high.Kind, high.Element, high.Feeder, true, high.Value, high.Limit, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        var plan = new ReliefPlanner(Options, TwoFeeders.City).Plan(input, flow, state, raised);
        Assert.NotNull(plan);
        Assert.Equal(ReliefKinds.CurtailSolar, plan.Kind);
        Assert.Equal(2700, plan.CurtailedKw);
    }
}
