using CityMesh.Compute;
using CityMesh.Simulation.Energy.PowerFlow.Batch;

namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// Solves many load snapshots of the same grid with one <see cref="PowerFlowSolver"/>: the admittance matrix, the
/// feeder tree or the Jacobian's pattern, ordering and slot map are built once. A radial feeder solved by the sweep
/// goes as one batch (<see cref="BatchedPowerFlow"/>: every interval at once, each from the case's start, on the
/// device <see cref="ComputeSelector"/> chooses); Newton–Raphson goes interval after interval, each starting from the
/// previous interval's voltages (consecutive hours differ little, so Newton takes a step or two fewer than from a flat
/// start).
/// </summary>
public static class TimeSeriesPowerFlow
{
    /// <summary>
    /// Solves every interval: in one batch for the sweep (on <paramref name="compute"/>'s device, or where
    /// CITYMESH_COMPUTE says when null), else in order. An interval that does not converge throws, naming it (the
    /// first such interval of a batch; <see cref="BatchedPowerFlow"/> reports them all without throwing).
    /// </summary>
    /// <param name="pv">PV output per interval and bus, taken off the load; the sweep only.</param>
    public static TimeSeriesResult Run(PowerFlowSolver solver, LoadProfile profile, PvProfile? pv = null, ComputeSelection? compute = null)
    {
        ArgumentNullException.ThrowIfNull(solver);
        if (solver.Method == PowerFlowMethod.BackwardForwardSweep)
        {
            using var batch = new BatchedPowerFlow(solver, (compute ?? ComputeSelector.FromEnvironment()).Device);
            var result = batch.Solve(profile, pv);
            if (!result.AllConverged) throw result.Failures[0].ToException();
            return result.Series;
        }
        if (pv is not null)
            throw new ArgumentException("PV profiles are solved by the batched sweep (a radial feeder of PQ buses); this grid is solved by Newton–Raphson, which takes load scales only", nameof(pv));
        return RunSequential(solver, profile);
    }

    /// <summary>
    /// Solves every interval in order through the solver's own method, each from the last one's voltages (the first
    /// from the case's start). An interval that does not converge throws, naming it.
    /// </summary>
    public static TimeSeriesResult RunSequential(PowerFlowSolver solver, LoadProfile profile)
    {
        profile.Validate();
        int n = solver.BusCount;
        if (profile.Buses != n) throw new ArgumentException($"the profile has {profile.Buses} buses; the grid has {n}", nameof(profile));
        var net = solver.Network;
        var vm = new double[n];
        var va = new double[n];
        solver.Start(vm, va);
        var result = new TimeSeriesResult(solver.Method, profile.Intervals, n,
            new double[profile.Scale.Length], new double[profile.Scale.Length],
            new double[profile.Intervals], new double[profile.Intervals], new double[profile.Intervals], new int[profile.Intervals],
            new int[profile.Intervals], new double[profile.Intervals]);
        for (int t = 0; t < profile.Intervals; t++)
        {
            Convergence convergence;
            try
            {
                convergence = solver.Solve(profile.Interval(t), vm, va);
            }
            catch (PowerFlowException e)
            {
                throw new PowerFlowException($"interval {t}: {e.Message}", e.Method, e.Iteration, e.Mismatch, e.Bus);
            }
            vm.CopyTo(result.Vm, t * n);
            for (int i = 0; i < n; i++) result.VaDegrees[t * n + i] = va[i] * 180 / Math.PI;
            var loss = BranchFlows.TotalLoss(net, vm, va);
            result.LossKw[t] = PerUnit.PowerToKw(loss.Real, net.BaseMva);
            result.LossKvar[t] = PerUnit.PowerToKw(loss.Imaginary, net.BaseMva);
            int lowest = 0;
            for (int i = 1; i < n; i++)
                if (vm[i] < vm[lowest]) lowest = i;
            result.LowestVm[t] = vm[lowest];
            result.LowestVmBus[t] = net.BusId(lowest);
            result.Iterations[t] = convergence.Iterations;
            result.LargestMismatch[t] = convergence.LargestMismatch;
        }
        return result;
    }
}
