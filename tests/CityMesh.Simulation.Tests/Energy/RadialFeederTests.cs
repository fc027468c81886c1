using CityMesh.Simulation.Energy;
using CityMesh.Simulation.Energy.PowerFlow;
using CityMesh.Simulation.Energy.Synthetic;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>The benchmark's generated feeder: a tree from the slack that both methods solve to the same voltages.</summary>
public sealed class RadialFeederTests
{
    [Fact]
    public void Generated_feeder_is_radial_within_voltage_limits_and_both_methods_agree()
    {
        var grid = new RadialFeeder(2000, seed: 3).Build();
        Assert.Equal((2000, 1999), (grid.Buses.Count, grid.Branches.Count));
        Assert.Equal(grid.Branches.Select(b => (b.From, b.To)), new RadialFeeder(2000, seed: 3).Build().Branches.Select(b => (b.From, b.To)));

        var sweep = new PowerFlowSolver(grid);
        var newton = new PowerFlowSolver(grid, new PowerFlowOptions(PowerFlowMethod.NewtonRaphson));
        Assert.True(sweep.IsRadial);
        Assert.Equal(PowerFlowMethod.BackwardForwardSweep, sweep.Method);
        var (a, b) = (sweep.Solve(), newton.Solve());

        Assert.InRange(a.LowestVm, 0.9, 1);
        for (int i = 0; i < a.Vm.Length; i++) Assert.True(Math.Abs(a.Vm[i] - b.Vm[i]) <= 1e-6, $"bus {a.BusIds[i]}");
        Assert.Equal(a.TotalLossKw, b.TotalLossKw, 3);
    }
}
