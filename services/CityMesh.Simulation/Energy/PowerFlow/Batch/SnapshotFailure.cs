namespace CityMesh.Simulation.Energy.PowerFlow.Batch;

/// <summary>
/// A snapshot of a batch that found no solution. The batch goes on with the others; the caller decides what a failure
/// means (<see cref="TimeSeriesPowerFlow"/> throws <see cref="ToException"/>, naming the interval).
/// </summary>
/// <param name="Snapshot">Its index in the batch (the interval of a time series).</param>
/// <param name="Iterations">The sweep it stopped at.</param>
/// <param name="LargestMismatch">The largest ΔP or ΔQ then, per unit (NaN when it diverged to NaN).</param>
/// <param name="Bus">The bus number of that mismatch, or of the bus whose voltage collapsed.</param>
public sealed record SnapshotFailure(int Snapshot, SnapshotOutcome Outcome, int Iterations, double LargestMismatch, int Bus, double BaseMva)
{
    /// <summary>The exception the single sweep throws for the same outcome, its message prefixed with the interval.</summary>
    public PowerFlowException ToException()
    {
        const PowerFlowMethod Method = PowerFlowMethod.BackwardForwardSweep;
        var e = Outcome switch
        {
            SnapshotOutcome.NotConverged => PowerFlowException.NotConverged(Method, Iterations, LargestMismatch, Bus, BaseMva),
            SnapshotOutcome.Diverged => PowerFlowException.Diverged(Method, Iterations, LargestMismatch, Bus, BaseMva, "the mismatch grew without bound"),
            SnapshotOutcome.VoltageCollapsed => PowerFlowException.Diverged(Method, Iterations, LargestMismatch, Bus, BaseMva, $"bus {Bus}'s voltage collapsed below 1e-3 pu"),
            _ => throw new InvalidOperationException($"snapshot {Snapshot} converged; it is no failure"),
        };
        return new PowerFlowException($"interval {Snapshot}: {e.Message}", e.Method, e.Iteration, e.Mismatch, e.Bus);
    }
}
