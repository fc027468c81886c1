namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// A power flow that found no solution: it did not converge within its iteration limit, it diverged (voltages collapsing
/// or growing without bound, as when the load is beyond what the grid can carry), the Jacobian was singular, or the
/// method cannot solve this grid. The message names the method, the iteration and the largest mismatch and its bus.
/// </summary>
public sealed class PowerFlowException(string message, PowerFlowMethod method, int iteration, double mismatch, int? bus) : Exception(message)
{
    public PowerFlowMethod Method { get; } = method;

    /// <summary>The iteration it stopped at (0 when it could not start).</summary>
    public int Iteration { get; } = iteration;

    /// <summary>The largest power mismatch when it stopped, per unit (NaN when none was computed).</summary>
    public double Mismatch { get; } = mismatch;

    /// <summary>The bus number of the largest mismatch, or the bus at fault.</summary>
    public int? Bus { get; } = bus;

    internal static PowerFlowException NotConverged(PowerFlowMethod method, int iterations, double mismatch, int bus, double baseMva) =>
        new($"{method.Describe()} did not converge in {iterations} iterations: the largest mismatch is {mismatch:G4} pu " +
            $"({PerUnit.PowerToMw(mismatch, baseMva):G4} MW or MVAr) at bus {bus}", method, iterations, mismatch, bus);

    internal static PowerFlowException Diverged(PowerFlowMethod method, int iteration, double mismatch, int bus, double baseMva, string how) =>
        new($"{method.Describe()} diverged at iteration {iteration} ({how}): the largest mismatch is {mismatch:G4} pu " +
            $"({PerUnit.PowerToMw(mismatch, baseMva):G4} MW or MVAr) at bus {bus}; the load is likely beyond what the grid can carry",
            method, iteration, mismatch, bus);
}
