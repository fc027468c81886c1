using CityMesh.Simulation.Energy.Twin;
using CityMesh.Simulation.Twin;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>
/// The city grid's power flow against the published feeder: the 33-bus Baran &amp; Wu case imported as the twin's
/// elements (lines in ohm, the five tie lines as normally-open switches) and read back solves to its published losses
/// (202.68 kW within 0.05 %) and lowest voltage (0.91309 pu at bus 18 within 1e-4 pu); closing a tie to restore an
/// outage, islands and refusals.
/// </summary>
public sealed class GridPowerFlowTests
{
    private static readonly Simulation.Energy.PowerGrid Case33 = Simulation.Energy.Matpower.MatpowerReader.Read(EnergyFiles.Shared("case33bw.m"));

    private static CityGrid Imported() => MatpowerGrid.From(Case33, "case33bw");

    [Fact]
    public void The_imported_Baran_and_Wu_feeder_has_its_published_losses_and_lowest_voltage()
    {
        // Through the twin's elements and back, as the energy service reads it.
        var grid = GridEntities.Read(GridEntities.Describe(Imported()));
        Assert.Equal(33, grid.Buses.Count);
        Assert.Equal(5, grid.Switches.Count);
        Assert.All(grid.Switches, s => Assert.True(s.NormalOpen && s.Open));
        var (kw, kvar) = MatpowerGrid.CaseLoads(Case33, grid, "case33bw");
        var state = new GridPowerFlow(grid).Solve(kw, kvar);
        Assert.Empty(state.Failures);
        Assert.Equal(202.68, state.LossKw, 202.68 * 0.0005);
        var lowest = Array.IndexOf(state.VoltagePu, state.VoltagePu.Min());
        Assert.Equal("case33bw-bus18", grid.Buses[lowest].Id);
        Assert.Equal(0.91309, state.VoltagePu[lowest], 1e-4);
        Assert.Equal(0, state.UnservedKw);
        var feeder = Assert.Single(state.Feeders);
        Assert.Equal(kw.Sum() + state.LossKw, feeder.LoadKw, 1e-3);
    }

    [Fact]
    public void A_line_out_leaves_its_far_side_unserved_until_a_tie_closes()
    {
        var grid = Imported();
        var (kw, kvar) = MatpowerGrid.CaseLoads(Case33, grid, "case33bw");
        var flow = new GridPowerFlow(grid);
        // Branch 22 joins bus 22 to bus 23... take the line from bus 6 to 7 (branch 6): buses 7–18 are beyond it.
        var cut = grid.Lines.Single(l => l.From == "case33bw-bus6" && l.To == "case33bw-bus7").Id;
        var outage = flow.Solve(kw, kvar, outOfService: new HashSet<string> { cut });
        var beyond = Enumerable.Range(7, 12).Select(b => flow.IndexOf($"case33bw-bus{b}")).ToList();
        Assert.All(beyond, b => Assert.False(outage.Energised[b]));
        Assert.Equal(beyond.Sum(b => kw[b]), outage.UnservedKw, 1e-9);
        // The tie from bus 12 to 22 (case33bw's branch 34) closes: everything is served again.
        var tie = grid.Switches.Single(s => s.From == "case33bw-bus12" && s.To == "case33bw-bus22").Id;
        var restored = flow.Solve(kw, kvar, new Dictionary<string, bool> { [tie] = false }, new HashSet<string> { cut });
        Assert.Empty(restored.Failures);
        Assert.All(restored.Energised, Assert.True);
        Assert.Equal(0, restored.UnservedKw);
        Assert.Equal(beyond.Sum(b => kw[b]), Math.Abs(restored.SwitchKw[grid.Switches.ToList().FindIndex(s => s.Id == tie)]), beyond.Sum(b => kw[b]) * 0.1);
    }

    [Fact]
    public void A_switch_that_joins_two_sources_is_reported_not_solved()
    {
        var a = Imported();
        var b = MatpowerGrid.From(Case33, "other");
        var tie = new GridSwitch("joint", "case33bw-bus18", "other-bus33", 0.1, 0.1, 1000, true, false);
        var grid = new CityGrid([.. a.Substations, .. b.Substations], [.. a.Buses, .. b.Buses], [.. a.Lines, .. b.Lines], [], [.. a.Switches, .. b.Switches, tie], [.. a.Feeders, .. b.Feeders]);
        var loads = new double[grid.Buses.Count];
        var state = new GridPowerFlow(grid).Solve(loads);
        var failure = Assert.Single(state.Failures);
        Assert.Contains("case33bw-bus1", failure.Reason);
        Assert.Contains("other-bus1", failure.Reason);
        Assert.All(state.VoltagePu, v => Assert.True(double.IsNaN(v)));
    }

    [Fact]
    public void Elements_that_do_not_fit_are_refused_naming_the_attribute()
    {
        var elements = GridEntities.Describe(Imported()).ToList();
        var line = elements.First(e => e.Type == "ACLineSegment");
        var broken = line with { Relationships = new Dictionary<string, (string, string)>(line.Relationships) { ["endsAt"] = ("BusbarSection", "nowhere") } };
        var e = Assert.Throws<GridFormatException>(() => GridEntities.Read(elements.Select(x => ReferenceEquals(x, line) ? broken : x)));
        Assert.Equal("endsAt", e.Attribute);
        Assert.Contains("BusbarSection 'nowhere'", e.Message);

        var negative = line with { Properties = new Dictionary<string, ElementProperty>(line.Properties) { ["resistance"] = ElementProperty.Of(-1, "OHM") } };
        e = Assert.Throws<GridFormatException>(() => GridEntities.Read(elements.Select(x => ReferenceEquals(x, line) ? negative : x)));
        Assert.Equal("resistance", e.Attribute);
        Assert.Contains("cannot be negative", e.Message);
    }
}
