namespace CityMesh.Simulation.Energy.PowerFlow.Batch;

/// <summary>
/// A batch solved: every snapshot as a time series' interval (<see cref="TimeSeriesResult"/>, flat arrays; a failed
/// snapshot's voltages, losses and lowest voltage are NaN and its lowest-voltage bus 0), how each ended, and the
/// failures, in snapshot order, for the caller to report or throw.
/// </summary>
/// <param name="Backend">Where it ran, e.g. "managed: 2 cores, Vector&lt;float&gt; width 8".</param>
/// <param name="KernelSeconds">The sweeps alone (on a device, without the copies).</param>
public sealed record BatchPowerFlowResult(
    TimeSeriesResult Series, SnapshotOutcome[] Outcomes, IReadOnlyList<SnapshotFailure> Failures, string Backend, double KernelSeconds)
{
    public bool AllConverged => Failures.Count == 0;
}
