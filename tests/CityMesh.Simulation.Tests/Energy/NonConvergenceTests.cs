using CityMesh.Simulation.Energy;
using CityMesh.Simulation.Energy.Matpower;
using CityMesh.Simulation.Energy.PowerFlow;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>A load far beyond what the 33-bus feeder can carry has no power-flow solution: both methods say so clearly.</summary>
public sealed class NonConvergenceTests
{
    [Theory]
    [InlineData(PowerFlowMethod.NewtonRaphson)]
    [InlineData(PowerFlowMethod.BackwardForwardSweep)]
    public void Twenty_times_the_33_bus_feeders_load_gives_a_clear_error(PowerFlowMethod method)
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared("case33bw.m"));
        var solver = new PowerFlowSolver(grid, new PowerFlowOptions(method));
        var scale = Enumerable.Repeat(20.0, grid.Buses.Count).ToArray();

        var e = Assert.Throws<PowerFlowException>(() => solver.Solve(scale));

        Assert.Equal(method, e.Method);
        Assert.True(e.Iteration > 0, e.Message);
        Assert.NotNull(e.Bus);
        Assert.Matches(@"(did not converge in \d+ iterations|diverged at iteration \d+)", e.Message);
        Assert.Contains("largest mismatch", e.Message);
        Assert.Contains($"bus {e.Bus}", e.Message);
        // The same solver still solves the feeder's own load afterwards.
        Assert.Equal(18, solver.Solve().LowestVmBus);
    }

    [Fact]
    public void An_iteration_limit_too_small_is_reported_with_the_mismatch_left()
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared("case69.m"));
        var e = Assert.Throws<PowerFlowException>(() => new PowerFlowSolver(grid, new PowerFlowOptions(PowerFlowMethod.NewtonRaphson, MaxNewtonIterations: 1)).Solve());
        Assert.Equal(1, e.Iteration);
        Assert.True(e.Mismatch > 1e-9);
        Assert.StartsWith("Newton–Raphson did not converge in 1 iterations", e.Message);
    }
}
