using CityMesh.Simulation.Energy.Matpower;
using CityMesh.Simulation.Energy.PowerFlow;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>Many load snapshots of one feeder through one solver: each interval as a single solve of that load would give.</summary>
public sealed class TimeSeriesPowerFlowTests
{
    private static readonly double[] Day = [0.45, 0.4, 0.38, 0.4, 0.5, 0.7, 0.9, 1.0, 0.95, 0.9, 0.85, 0.8, 0.8, 0.82, 0.85, 0.9, 1.0, 1.15, 1.2, 1.1, 0.95, 0.8, 0.65, 0.5];

    [Theory]
    [InlineData(PowerFlowMethod.NewtonRaphson)]
    [InlineData(PowerFlowMethod.BackwardForwardSweep)]
    public void Each_hour_of_a_day_matches_a_single_solve_of_its_load(PowerFlowMethod method)
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared("case33bw.m"));
        var solver = new PowerFlowSolver(grid, new PowerFlowOptions(method));
        var profile = LoadProfile.Uniform(grid.Buses.Count, Day);

        var series = TimeSeriesPowerFlow.Run(solver, profile);

        Assert.Equal((24, 33), (series.Intervals, series.Buses));
        Assert.Equal(24 * 33, series.Vm.Length);
        foreach (int hour in new[] { 2, 7, 18 })
        {
            var single = new PowerFlowSolver(grid, new PowerFlowOptions(method)).Solve(profile.Interval(hour));
            // Warm and flat starts stop at different points within the 1e-9 pu (0.01 W) tolerance.
            Assert.Equal(single.TotalLossKw, series.LossKw[hour], 4);
            Assert.Equal(single.TotalLossKvar, series.LossKvar[hour], 4);
            Assert.Equal(single.LowestVmBus, series.LowestVmBus[hour]);
            Assert.Equal(single.LowestVm, series.LowestVm[hour], 7);
            for (int i = 0; i < 33; i++) Assert.Equal(single.Vm[i], series.VmAt(hour, i), 7);
        }
        // Hour 7 is the case's own load: the published figures.
        Assert.InRange(series.LossKw[7], 202.68 * 0.9995, 202.68 * 1.0005);
        // Losses grow with the square of the load, near enough: the evening peak (1.2) loses more than 1.2² times the night's trough.
        Assert.True(series.LossKw[18] > series.LossKw[2] * (1.2 / 0.38) * (1.2 / 0.38));
        Assert.All(series.LargestMismatch, m => Assert.True(m <= 1e-9));
    }

    [Fact]
    public void Scales_apply_per_bus()
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared("case33bw.m"));
        var scale = new double[2 * 33];
        scale.AsSpan(33).Fill(1);
        scale[33 + 17] = 0; // the second interval without bus 18's load
        var series = TimeSeriesPowerFlow.Run(new PowerFlowSolver(grid), new LoadProfile(2, 33, scale));

        // No load at all: flat voltages, no losses.
        Assert.All(series.Vm.Take(33), vm => Assert.Equal(1, vm, 12));
        Assert.Equal(0, series.LossKw[0], 9);
        var single = new PowerFlowSolver(grid).Solve(scale.AsSpan(33));
        Assert.Equal(single.TotalLossKw, series.LossKw[1], 4);
        Assert.True(series.LossKw[1] < 202.6, $"{series.LossKw[1]} kW");
        Assert.True(series.VmAt(1, 17) > 0.9131, $"bus 18 at {series.VmAt(1, 17)} pu");
        Assert.Throws<ArgumentException>(() => TimeSeriesPowerFlow.Run(new PowerFlowSolver(grid), new LoadProfile(1, 32, new double[32])));
        Assert.Throws<ArgumentException>(() => new LoadProfile(1, 2, [1, -1]).Validate());
    }
}
