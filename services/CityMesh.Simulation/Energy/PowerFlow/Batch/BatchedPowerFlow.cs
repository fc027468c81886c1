using System.Numerics;
using CityMesh.Compute;
using CityMesh.Simulation.Energy.PowerFlow.Batch.Gpu;

namespace CityMesh.Simulation.Energy.PowerFlow.Batch;

/// <summary>
/// Many snapshots (intervals × scenarios) of one radial feeder solved at once by the backward/forward sweep: each its
/// own load (a scale per bus) and PV (a negative load), all from the feeder's start, on the managed path or an ILGPU
/// device (<see cref="ComputeDevice"/>, as <see cref="ComputeSelector"/> chooses). The grid is compiled once, by the
/// <see cref="PowerFlowSolver"/> it is made from (network, feeder tree, chain-form two-ports); a batch pays its
/// sweeps and the copies. A snapshot that fails is reported and the others are solved. One batch at a time per
/// instance (the managed path keeps its scratch between batches).
/// </summary>
public sealed class BatchedPowerFlow : IDisposable
{
    private readonly PowerFlowSolver _solver;
    private readonly FeederArrays _feeder;
    private readonly IFeederSweepKernels _kernels;

    /// <param name="solver">A solver using the backward/forward sweep (a radial feeder of PQ buses).</param>
    /// <param name="device">The ILGPU device to run on; null runs the managed path.</param>
    public BatchedPowerFlow(PowerFlowSolver solver, ComputeDevice? device = null)
    {
        ArgumentNullException.ThrowIfNull(solver);
        if (solver.Method != PowerFlowMethod.BackwardForwardSweep || solver.Tree is null)
            throw new PowerFlowException($"the batched power flow is a backward/forward sweep for radial feeders; {solver.Grid.Name} is solved by {solver.Method.Describe()}",
                PowerFlowMethod.BackwardForwardSweep, 0, double.NaN, null);
        _solver = solver;
        _feeder = new FeederArrays(solver.Network, solver.Tree);
        _kernels = device is null ? new ManagedFeederSweepKernels(_feeder) : new IlgpuFeederSweepKernels(device, _feeder);
    }

    /// <summary>Where the sweeps run.</summary>
    public string Description => _kernels.Description;

    public int BusCount => _feeder.Buses;

    /// <summary>
    /// The bytes one sweep of one snapshot reads or writes at least once: its injections, voltages and currents
    /// (six doubles a bus). The shared feeder (<see cref="FeederBytes"/>) is read by all snapshots and stays in cache.
    /// </summary>
    public long SnapshotIterationBytes => 6L * 8 * _feeder.Buses;

    public long FeederBytes => _feeder.Bytes;

    /// <summary>Solves every interval of <paramref name="loads"/> (with <paramref name="pv"/> taken off the load) at once.</summary>
    public BatchPowerFlowResult Solve(LoadProfile loads, PvProfile? pv = null)
    {
        ArgumentNullException.ThrowIfNull(loads);
        loads.Validate();
        int n = _feeder.Buses, snapshots = loads.Intervals;
        if (loads.Buses != n) throw new ArgumentException($"the profile has {loads.Buses} buses; the grid has {n}", nameof(loads));
        if (pv is not null)
        {
            pv.Validate();
            if ((pv.Intervals, pv.Buses) != (snapshots, n))
                throw new ArgumentException($"the PV profile has {pv.Intervals} intervals of {pv.Buses} buses; the load profile {snapshots} of {n}", nameof(pv));
        }
        var batch = new SweepBatch(snapshots, n, _kernels.BusMajor);
        Specify(batch, loads, pv);
        _kernels.Run(batch, _solver.Options);
        return Gather(batch);
    }

    public void Dispose() => _kernels.Dispose();

    /// <summary>Each snapshot's specified injection, as the single solve computes it, laid out for the backend.</summary>
    private void Specify(SweepBatch batch, LoadProfile loads, PvProfile? pv)
    {
        var net = _feeder.Network;
        int n = batch.Buses;
        Parallel.For(0, batch.Snapshots, () => (P: new double[n], Q: new double[n]), (t, _, spec) =>
        {
            net.Specified(loads.Interval(t), spec.P, spec.Q);
            for (int bus = 0; bus < n; bus++)
            {
                int slot = batch.Slot(bus, t);
                batch.PSpec[slot] = pv is null ? spec.P[bus] : spec.P[bus] + PerUnit.PowerFromMw(pv.Mw[t * n + bus], net.BaseMva);
                batch.QSpec[slot] = spec.Q[bus];
            }
            return spec;
        }, _ => { });
    }

    /// <summary>The flat per-interval results the time series gives, from the voltages and outcomes.</summary>
    private BatchPowerFlowResult Gather(SweepBatch batch)
    {
        var net = _feeder.Network;
        int n = batch.Buses, snapshots = batch.Snapshots;
        var series = new TimeSeriesResult(PowerFlowMethod.BackwardForwardSweep, snapshots, n,
            new double[snapshots * n], new double[snapshots * n], new double[snapshots], new double[snapshots], new double[snapshots], new int[snapshots],
            batch.Iterations, batch.Mismatch);
        var outcomes = new SnapshotOutcome[snapshots];
        Parallel.For(0, snapshots, () => new Complex[n], (t, _, voltages) =>
        {
            outcomes[t] = (SnapshotOutcome)batch.Outcome[t];
            if (outcomes[t] != SnapshotOutcome.Converged)
            {
                series.Vm.AsSpan(t * n, n).Fill(double.NaN);
                series.VaDegrees.AsSpan(t * n, n).Fill(double.NaN);
                (series.LossKw[t], series.LossKvar[t], series.LowestVm[t], series.LowestVmBus[t]) = (double.NaN, double.NaN, double.NaN, 0);
                return voltages;
            }
            var vm = series.Vm.AsSpan(t * n, n);
            int lowest = 0;
            for (int bus = 0; bus < n; bus++)
            {
                int slot = batch.Slot(bus, t);
                var v = voltages[bus] = new Complex(batch.E[slot], batch.F[slot]);
                vm[bus] = v.Magnitude;
                series.VaDegrees[t * n + bus] = v.Phase * 180 / Math.PI;
                if (vm[bus] < vm[lowest]) lowest = bus;
            }
            var loss = BranchFlows.TotalLoss(net, voltages);
            series.LossKw[t] = PerUnit.PowerToKw(loss.Real, net.BaseMva);
            series.LossKvar[t] = PerUnit.PowerToKw(loss.Imaginary, net.BaseMva);
            (series.LowestVm[t], series.LowestVmBus[t]) = (vm[lowest], net.BusId(lowest));
            return voltages;
        }, _ => { });
        var failures = new List<SnapshotFailure>();
        for (int t = 0; t < snapshots; t++)
            if (outcomes[t] != SnapshotOutcome.Converged)
                failures.Add(new SnapshotFailure(t, outcomes[t], batch.Iterations[t], batch.Mismatch[t], net.BusId(batch.MismatchBus[t]), net.BaseMva));
        return new BatchPowerFlowResult(series, outcomes, failures, _kernels.Description, _kernels.KernelSeconds);
    }
}
