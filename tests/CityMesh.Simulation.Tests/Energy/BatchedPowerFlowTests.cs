using CityMesh.Simulation.Energy;
using CityMesh.Simulation.Energy.Matpower;
using CityMesh.Simulation.Energy.PowerFlow;
using CityMesh.Simulation.Energy.PowerFlow.Batch;
using CityMesh.Simulation.Energy.Synthetic;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.Energy;

/// <summary>
/// The batched sweep (managed path) against one solve per snapshot: the single sweep and Newton–Raphson, the published
/// 33-bus figures, PV as negative load, and a batch in which one snapshot has no solution.
/// </summary>
public sealed class BatchedPowerFlowTests(ITestOutputHelper output)
{
    private static readonly double[] Day = [0.45, 0.4, 0.38, 0.4, 0.5, 0.7, 0.9, 1.0, 0.95, 0.9, 0.85, 0.8, 0.8, 0.82, 0.85, 0.9, 1.0, 1.15, 1.2, 1.1, 0.95, 0.8, 0.65, 0.5];

    /// <summary>Tolerance of the comparisons, pu (and radians): the figure.</summary>
    private const double Agreement = 1e-9;

    [Fact]
    public void Every_snapshot_equals_the_single_sweep_and_Newton_Raphson_within_a_billionth_of_a_per_unit()
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared("case33bw.m"));
        // Both references and the batch stop at 1e-11 pu of mismatch so that each is within 1e-10 pu of the exact
        // voltages: what is compared is then the methods, not where each stopped inside the default 1e-9 pu.
        var options = new PowerFlowOptions(PowerFlowMethod.BackwardForwardSweep, Tolerance: 1e-11);
        var profile = DayAndRandomScales(grid.Buses.Count, seed: 26);
        var sweep = new PowerFlowSolver(grid, options);
        var newton = new PowerFlowSolver(grid, options with { Method = PowerFlowMethod.NewtonRaphson });

        using var batched = new BatchedPowerFlow(sweep);
        var result = batched.Solve(profile);

        Assert.True(result.AllConverged);
        Assert.Equal(48, result.Series.Intervals);
        double worstSweep = 0, worstNewton = 0;
        for (int t = 0; t < profile.Intervals; t++)
        {
            var single = sweep.Solve(profile.Interval(t));
            var nr = newton.Solve(profile.Interval(t));
            // Same start, same sweeps: the single sweep stops at the same iteration.
            Assert.Equal(single.Convergence.Iterations, result.Series.Iterations[t]);
            Assert.Equal(single.LowestVmBus, result.Series.LowestVmBus[t]);
            Assert.Equal(single.TotalLossKw, result.Series.LossKw[t], 6);
            Assert.Equal(nr.TotalLossKw, result.Series.LossKw[t], 4); // 0.1 W: the branch sums amplify the last digits
            for (int i = 0; i < 33; i++)
            {
                worstSweep = Math.Max(worstSweep, Distance(result.Series, t, i, single));
                worstNewton = Math.Max(worstNewton, Distance(result.Series, t, i, nr));
            }
        }
        output.WriteLine($"largest difference over 48 snapshots × 33 buses: {worstSweep:G3} pu from the single sweep, {worstNewton:G3} pu from Newton–Raphson");
        Assert.InRange(worstSweep, 0, Agreement);
        Assert.InRange(worstNewton, 0, Agreement);
    }

    [Fact]
    public void A_generated_2000_bus_feeder_batch_equals_its_single_sweeps()
    {
        var grid = new RadialFeeder(2000, seed: 3).Build();
        var solver = new PowerFlowSolver(grid);
        var profile = DayAndRandomScales(grid.Buses.Count, seed: 7, hours: 4);

        using var batched = new BatchedPowerFlow(solver);
        var result = batched.Solve(profile);

        Assert.True(result.AllConverged);
        for (int t = 0; t < profile.Intervals; t++)
        {
            var single = solver.Solve(profile.Interval(t));
            for (int i = 0; i < grid.Buses.Count; i++) Assert.True(Distance(result.Series, t, i, single) <= Agreement, $"snapshot {t}, bus index {i}");
            Assert.Equal(single.TotalLossKw, result.Series.LossKw[t], 6);
        }
    }

    /// <summary>Hour 7 of the day is the case's own load: the figures MATPOWER's runpf gives for case33bw.</summary>
    [Fact]
    public void The_batch_reproduces_the_33_bus_feeders_published_losses_and_lowest_voltage()
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared("case33bw.m"));
        using var batched = new BatchedPowerFlow(new PowerFlowSolver(grid));

        var series = batched.Solve(LoadProfile.Uniform(grid.Buses.Count, Day)).Series;

        Assert.InRange(series.LossKw[7], 202.68 * 0.9995, 202.68 * 1.0005);
        Assert.InRange(series.LossKvar[7], 135.14 * 0.9995, 135.14 * 1.0005);
        Assert.Equal(18, series.LowestVmBus[7]);
        Assert.InRange(series.LowestVm[7], 0.91309 - 1e-4, 0.91309 + 1e-4);
        Assert.All(series.LargestMismatch, m => Assert.InRange(m, 0, 1e-9));
        output.WriteLine($"hour 7: {series.LossKw[7]:F3} kW, {series.LossKvar[7]:F3} kvar, {series.LowestVm[7]:F6} pu at bus {series.LowestVmBus[7]}");
    }

    [Fact]
    public void A_snapshot_without_a_solution_is_reported_and_the_others_are_solved()
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared("case33bw.m"));
        var solver = new PowerFlowSolver(grid);
        var profile = LoadProfile.Uniform(grid.Buses.Count, Day);
        profile.Scale.AsSpan(5 * 33, 33).Fill(20); // hour 5 at 20× the feeder's load: no solution
        var single = Assert.Throws<PowerFlowException>(() => solver.Solve(profile.Interval(5)));

        using var batched = new BatchedPowerFlow(solver);
        var result = batched.Solve(profile);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(5, failure.Snapshot);
        Assert.NotEqual(SnapshotOutcome.Converged, result.Outcomes[5]);
        Assert.Equal(result.Outcomes[5], failure.Outcome);
        Assert.True(failure.Iterations > 0);
        Assert.False(failure.LargestMismatch <= 1e-9, $"mismatch {failure.LargestMismatch}");
        Assert.InRange(failure.Bus, 2, 33);
        Assert.True(double.IsNaN(result.Series.LossKw[5]));
        Assert.All(result.Series.Vm.AsSpan(5 * 33, 33).ToArray(), vm => Assert.True(double.IsNaN(vm)));
        // The single sweep meets the same end: the same kind, sweep and bus.
        Assert.Equal(single.Iteration, failure.Iterations);
        Assert.Equal(single.Bus, failure.Bus);
        var thrown = failure.ToException();
        Assert.Equal($"interval 5: {single.Message}", thrown.Message);
        output.WriteLine(thrown.Message);
        // Every other hour is solved as on its own.
        for (int t = 0; t < 24; t++)
        {
            if (t == 5) continue;
            Assert.Equal(SnapshotOutcome.Converged, result.Outcomes[t]);
            Assert.Equal(solver.Solve(profile.Interval(t)).TotalLossKw, result.Series.LossKw[t], 6);
        }
        // The time series, the caller that cannot go on without every interval, throws naming it.
        var e = Assert.Throws<PowerFlowException>(() => TimeSeriesPowerFlow.Run(solver, profile));
        Assert.StartsWith("interval 5: backward/forward sweep ", e.Message, StringComparison.Ordinal);
        Assert.Equal(failure.Bus, e.Bus);
    }

    [Fact]
    public void PV_is_solved_as_negative_load_and_can_reverse_the_flow()
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared("case33bw.m"));
        const int N = 33;
        var pv = new PvProfile(2, N, new double[2 * N]);
        // Midday: 0.3 MW on bus 18 (three times its load, so it exports) and 0.1 MW on buses 25 to 33; the second
        // snapshot has none.
        pv.Mw[17] = 0.3;
        for (int i = 24; i < 33; i++) pv.Mw[i] = 0.1;
        using var batched = new BatchedPowerFlow(new PowerFlowSolver(grid));

        var series = batched.Solve(LoadProfile.Uniform(N, [1.0, 1.0]), pv).Series;

        // The same grid with the PV taken off its loads, solved once.
        var netted = grid with { Buses = [.. grid.Buses.Select((b, i) => b with { Pd = b.Pd - pv.Mw[i] })] };
        var single = new PowerFlowSolver(netted).Solve();
        for (int i = 0; i < N; i++) Assert.True(Distance(series, 0, i, single) <= Agreement, $"bus index {i}");
        Assert.Equal(single.TotalLossKw, series.LossKw[0], 6);
        Assert.True(series.LossKw[0] < series.LossKw[1], $"{series.LossKw[0]} kW with PV, {series.LossKw[1]} without");
        Assert.True(series.VmAt(0, 17) > series.VmAt(0, 16), "bus 18 exports, so it sits above bus 17");
        Assert.Throws<ArgumentException>(() => batched.Solve(LoadProfile.Uniform(N, [1.0]), pv));
        Assert.Throws<ArgumentException>(() => new PvProfile(1, 2, [1, -1]).Validate());
        // Newton–Raphson's time series takes load scales only, and says so.
        var newton = new PowerFlowSolver(grid, new PowerFlowOptions(PowerFlowMethod.NewtonRaphson));
        Assert.Contains("Newton–Raphson", Assert.Throws<ArgumentException>(() => TimeSeriesPowerFlow.Run(newton, LoadProfile.Uniform(N, [1.0, 1.0]), pv)).Message);
    }

    [Fact]
    public void Only_a_radial_feeder_solved_by_the_sweep_is_batched()
    {
        var grid = MatpowerReader.Read(EnergyFiles.Shared("case33bw.m"));
        var e = Assert.Throws<PowerFlowException>(() => new BatchedPowerFlow(new PowerFlowSolver(grid, new PowerFlowOptions(PowerFlowMethod.NewtonRaphson))));
        Assert.Contains("radial feeders", e.Message);
        using var batched = new BatchedPowerFlow(new PowerFlowSolver(grid));
        Assert.Throws<ArgumentException>(() => batched.Solve(new LoadProfile(1, 32, new double[32])));
    }

    /// <summary>A day of hourly scales alike at every bus, then as many hours with each bus's scale drawn from 0.2–1.6.</summary>
    internal static LoadProfile DayAndRandomScales(int buses, int seed, int hours = 24)
    {
        var random = new Random(seed);
        var scale = new double[2 * hours * buses];
        for (int t = 0; t < hours; t++) scale.AsSpan(t * buses, buses).Fill(Day[t % Day.Length]);
        for (int k = hours * buses; k < scale.Length; k++) scale[k] = 0.2 + 1.4 * random.NextDouble();
        return new LoadProfile(2 * hours, buses, scale);
    }

    /// <summary>The larger of the magnitude and angle (radians) differences at a bus.</summary>
    private static double Distance(TimeSeriesResult series, int t, int i, PowerFlowResult single) =>
        Math.Max(Math.Abs(series.VmAt(t, i) - single.Vm[i]), Math.Abs(series.VaDegrees[t * series.Buses + i] - single.VaDegrees[i]) * Math.PI / 180);
}
