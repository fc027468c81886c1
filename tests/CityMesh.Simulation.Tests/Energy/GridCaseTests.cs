using CityMesh.Simulation.Energy;
using CityMesh.Simulation.Energy.PowerFlow;
using CityMesh.Simulation.Energy.Twin;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>
/// A city grid as one power-flow case (<see cref="GridCase"/>), the conversion the live power flow's islands share: the
/// 33-bus feeder keeps its bus numbers and solves as the live power flow solves it; two substations' feeders, each fed
/// through its own source, solve in one case as the live power flow solves them apart.
/// </summary>
public sealed class GridCaseTests
{
    private static readonly PowerGrid Case33 = Simulation.Energy.Matpower.MatpowerReader.Read(EnergyFiles.Shared("case33bw.m"));

    [Fact]
    public void The_imported_feeder_keeps_its_bus_numbers_and_its_ties_and_solves_as_the_live_power_flow()
    {
        var grid = GridEntities.Read(GridEntities.Describe(MatpowerGrid.From(Case33, "case33bw")));
        var (kw, kvar) = MatpowerGrid.CaseLoads(Case33, grid, "case33bw");

        var model = GridCase.Of(grid, kw, "case33bw");

        Assert.Equal(Enumerable.Range(1, 33), model.Power.Buses.Select(b => b.Id));
        Assert.Equal([.. Enumerable.Range(1, 33).Select(b => $"case33bw-bus{b}")], model.BusIds);
        Assert.Equal(1, model.Power.Slack.Id);
        Assert.Equal(5, model.Branches.Count(b => b.NormallyOpen));
        Assert.All(model.Branches.Where(b => b.NormallyOpen), b => Assert.Equal(GridCaseElement.Switch, b.Element));
        Assert.Equal(32, model.Power.Branches.Count(b => b.InService));
        var (from, to) = (model.Power.Branches[model.Feeders.Single().Branch].From, model.Power.Branches[model.Feeders.Single().Branch].To);
        Assert.Equal((1, 2), (from, to));
        var live = new GridPowerFlow(grid).Solve(kw);
        var solved = new PowerFlowSolver(model.Power).Solve();
        for (int k = 0; k < model.Power.Buses.Count; k++)
            Assert.Equal(live.VoltagePu[model.BusIndex[k]], solved.Vm[k], 1e-6);
    }

    [Fact]
    public void Two_substations_feed_their_own_networks_through_a_transmission_slack_as_the_live_power_flow_solves_them()
    {
        var a = MatpowerGrid.From(Case33, "a");
        var b = MatpowerGrid.From(Case33, "b");
        var grid = GridEntities.Read(GridEntities.Describe(new CityGrid([.. a.Substations, .. b.Substations], [.. a.Buses, .. b.Buses], [.. a.Lines, .. b.Lines], [],
            [.. a.Switches, .. b.Switches], [.. a.Feeders, .. b.Feeders])));
        var kw = grid.Buses.Select(x => x.PeakKw).ToArray();

        var model = GridCase.Of(grid, kw, "two");

        Assert.Equal(67, model.Power.Buses.Count);
        Assert.Equal(67, model.Power.Slack.Id);
        Assert.Null(model.BusIds[^1]);
        Assert.Equal(2, model.Branches.Count(x => x.Element == GridCaseElement.SourceLink));
        Assert.All(model.Branches.Where(x => x.Element == GridCaseElement.SourceLink), x => Assert.True(double.IsNaN(x.RatingMva)));
        Assert.Equal(2, model.Feeders.Count);
        var live = new GridPowerFlow(grid).Solve(kw);
        var solved = new PowerFlowSolver(model.Power).Solve();
        // The links' 1e-5 pu carry each substation's whole load: their drop is what separates the two answers.
        for (int k = 0; k < 66; k++)
            Assert.Equal(live.VoltagePu[model.BusIndex[k]], solved.Vm[k], 1e-4);
        Assert.Equal(live.LossKw, solved.TotalLossKw, live.LossKw * 1e-3);
    }
}
