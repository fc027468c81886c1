using CityMesh.Compute;
using CityMesh.Simulation.Energy.Matpower;
using CityMesh.Simulation.Energy.PowerFlow;
using CityMesh.Simulation.Energy.PowerFlow.Batch;
using CityMesh.Simulation.Tests.EngineGpu;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>
/// The batched sweep's ILGPU kernel on ILGPU's CPU accelerator against the managed path: both run the same rules, so
/// every figure agrees to the bit, failures included. Small batches: the CPU accelerator is far slower.
/// </summary>
public sealed class BatchedSweepKernelAgreementTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("case33bw.m")]
    [InlineData("case69.m")]
    public void The_ILGPU_kernel_on_the_CPU_accelerator_agrees_with_the_managed_path_bit_for_bit(string file)
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared(file));
        int n = grid.Buses.Count;
        var profile = BatchedPowerFlowTests.DayAndRandomScales(n, seed: 3, hours: 6);
        profile.Scale.AsSpan(2 * n, n).Fill(20); // a snapshot with no solution: both must stop it alike
        var pv = new PvProfile(profile.Intervals, n, new double[profile.Scale.Length]);
        for (int k = 0; k < pv.Mw.Length; k += 5) pv.Mw[k] = 0.05;
        var solver = new PowerFlowSolver(grid);

        BatchPowerFlowResult managed, ilgpu;
        using (var batched = new BatchedPowerFlow(solver)) managed = batched.Solve(profile, pv);
        using (var batched = new BatchedPowerFlow(solver, CpuAccelerator.Device))
        {
            Assert.StartsWith("ilgpu-cpu: ", batched.Description, StringComparison.Ordinal);
            ilgpu = batched.Solve(profile, pv);
        }

        Assert.Equal(managed.Outcomes, ilgpu.Outcomes);
        Assert.Equal(managed.Failures, ilgpu.Failures);
        Assert.Equal(managed.Series.Iterations, ilgpu.Series.Iterations);
        Assert.Equal(managed.Series.LargestMismatch, ilgpu.Series.LargestMismatch);
        Assert.Equal(managed.Series.Vm, ilgpu.Series.Vm);
        Assert.Equal(managed.Series.VaDegrees, ilgpu.Series.VaDegrees);
        Assert.Equal(managed.Series.LossKw, ilgpu.Series.LossKw);
        Assert.Equal(managed.Series.LowestVmBus, ilgpu.Series.LowestVmBus);
        // The case holds: one failure, the rest solved after several sweeps each.
        Assert.Equal(2, Assert.Single(managed.Failures).Snapshot);
        Assert.All(managed.Series.Iterations, i => Assert.True(i >= 3, $"{i} sweeps"));
        output.WriteLine($"{file}: {profile.Intervals} snapshots, {managed.Series.Iterations.Sum()} sweeps; the CPU accelerator's kernel {ilgpu.KernelSeconds:F2} s, managed {managed.KernelSeconds * 1e3:F2} ms");
    }

    [Fact]
    public void The_time_series_solves_its_batch_on_the_backend_the_compute_selection_names()
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared("case33bw.m"));
        var solver = new PowerFlowSolver(grid);
        var profile = LoadProfile.Uniform(grid.Buses.Count, [0.4, 0.7, 1.0, 1.2]);

        var managed = TimeSeriesPowerFlow.Run(solver, profile, compute: ComputeSelector.Select(ComputeBackendKind.Managed));
        var ilgpu = TimeSeriesPowerFlow.Run(solver, profile, compute: CpuAccelerator.Selection);

        Assert.Equal(managed.Vm, ilgpu.Vm);
        Assert.Equal(managed.LossKw, ilgpu.LossKw);
        Assert.InRange(ilgpu.LossKw[2], 202.68 * 0.9995, 202.68 * 1.0005);
    }
}
