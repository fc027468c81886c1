using CityMesh.Simulation.Energy.Matpower;
using CityMesh.Simulation.Energy.PowerFlow;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>
/// The two radial feeders of shared/data/energy solved by both methods against their published figures, and the two
/// methods against each other.
/// </summary>
public sealed class FeederFidelityTests
{
    private static PowerFlowResult Solve(string file, PowerFlowMethod method) =>
        new PowerFlowSolver(MatpowerReader.Read(EnergyFiles.Shared(file)), new PowerFlowOptions(method)).Solve();

    /// <summary>
    /// Baran &amp; Wu's 33-bus feeder (tie switches open): 202.68 kW and 135.14 kvar of losses, lowest voltage 0.91309 pu
    /// at bus 18 — the figures MATPOWER's runpf gives for case33bw and that issue 26 asks for, within 0.05 % and 1e-4 pu.
    /// </summary>
    [Theory]
    [InlineData(PowerFlowMethod.NewtonRaphson)]
    [InlineData(PowerFlowMethod.BackwardForwardSweep)]
    public void Baran_and_Wu_33_bus_feeder_has_its_published_losses_and_lowest_voltage(PowerFlowMethod method)
    {
        var result = Solve("case33bw.m", method);

        Assert.Equal(method, result.Method);
        Assert.InRange(result.TotalLossKw, 202.68 * 0.9995, 202.68 * 1.0005);
        Assert.InRange(result.TotalLossKvar, 135.14 * 0.9995, 135.14 * 1.0005);
        Assert.Equal(18, result.LowestVmBus);
        Assert.InRange(result.LowestVm, 0.91309 - 1e-4, 0.91309 + 1e-4);
        // The slack supplies the load (3715 kW) and the losses.
        Assert.InRange(result.SlackPMw * 1000, 3715 + result.TotalLossKw - 1e-3, 3715 + result.TotalLossKw + 1e-3);
        Assert.True(result.Convergence.LargestMismatch <= 1e-9);
        // The five tie switches are open and carry nothing.
        Assert.Equal(5, result.Branches.Count(b => !b.InService));
        Assert.All(result.Branches.Where(b => !b.InService), b => Assert.Equal((0.0, 0.0), (b.PFromMw, b.LossKw)));
    }

    /// <summary>
    /// The 69-bus feeder (Baran &amp; Wu 1989, "Optimal capacitor placement on radial distribution systems"; MATPOWER's
    /// case69): the base-case figures quoted across the distribution literature that uses it are 224.95 kW of losses and
    /// a lowest voltage of 0.9092 pu at bus 65 (e.g. D. Das, IJEPES 30 (2008) 361-367, cited in the case file). The
    /// search for MATPOWER's own documented runpf figures for case69 found none to cite, so this test takes the quoted
    /// figures at the tolerances (0.05 %, 1e-4 pu) and leans for exactness on the two methods agreeing
    /// (<see cref="Newton_Raphson_and_the_sweep_agree_to_a_millionth_of_a_per_unit"/>) and on the power balance below.
    /// Both methods give 224.99 kW, 102.16 kvar and 0.90919 pu at bus 65.
    /// </summary>
    [Theory]
    [InlineData(PowerFlowMethod.NewtonRaphson)]
    [InlineData(PowerFlowMethod.BackwardForwardSweep)]
    public void Sixty_nine_bus_feeder_has_its_quoted_losses_and_lowest_voltage(PowerFlowMethod method)
    {
        var result = Solve("case69.m", method);

        Assert.InRange(result.TotalLossKw, 224.95 * 0.9995, 224.95 * 1.0005);
        Assert.Equal(65, result.LowestVmBus);
        Assert.InRange(result.LowestVm, 0.9092 - 1e-4, 0.9092 + 1e-4);
        // Power balance: the slack supplies the 3802.1 kW of load and the losses, and 2694.7 kvar and the reactive losses.
        Assert.InRange(result.SlackPMw * 1000 - 3802.1 - result.TotalLossKw, -1e-3, 1e-3);
        Assert.InRange(result.SlackQMvar * 1000 - 2694.7 - result.TotalLossKvar, -1e-3, 1e-3);
    }

    [Fact]
    public void Auto_picks_the_sweep_for_a_radial_feeder()
    {
        var solver = new PowerFlowSolver(MatpowerReader.Read(EnergyFiles.Shared("case33bw.m")));
        Assert.True(solver.IsRadial);
        Assert.Equal(PowerFlowMethod.BackwardForwardSweep, solver.Method);
    }

    [Theory]
    [InlineData("case33bw.m")]
    [InlineData("case69.m")]
    public void Newton_Raphson_and_the_sweep_agree_to_a_millionth_of_a_per_unit(string file)
    {
        var newton = Solve(file, PowerFlowMethod.NewtonRaphson);
        var sweep = Solve(file, PowerFlowMethod.BackwardForwardSweep);

        for (int i = 0; i < newton.Vm.Length; i++)
        {
            Assert.True(Math.Abs(newton.Vm[i] - sweep.Vm[i]) <= 1e-6, $"bus {newton.BusIds[i]}: |V| {newton.Vm[i]} by NR, {sweep.Vm[i]} by the sweep");
            Assert.True(Math.Abs(newton.VaDegrees[i] - sweep.VaDegrees[i]) * Math.PI / 180 <= 1e-6, $"bus {newton.BusIds[i]}: angle {newton.VaDegrees[i]}° by NR, {sweep.VaDegrees[i]}° by the sweep");
        }
        Assert.True(Math.Abs(newton.TotalLossKw - sweep.TotalLossKw) <= 1e-3, $"{newton.TotalLossKw} kW by NR, {sweep.TotalLossKw} kW by the sweep");
        Assert.Equal(newton.LowestVmBus, sweep.LowestVmBus);
        // Quadratic against linear convergence: Newton needs far fewer iterations.
        Assert.InRange(newton.Convergence.Iterations, 2, 8);
        Assert.True(sweep.Convergence.Iterations > newton.Convergence.Iterations);
    }
}
