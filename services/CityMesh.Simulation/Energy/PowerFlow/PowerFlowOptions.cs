namespace CityMesh.Simulation.Energy.PowerFlow;

/// <param name="Method">How to solve; <see cref="PowerFlowMethod.Auto"/> picks by topology.</param>
/// <param name="Tolerance">
/// Converged when no bus's real or reactive power mismatch exceeds this, per unit of the system base (1e-9 of 10 MVA is
/// 0.01 W): tighter than MATPOWER's default 1e-8 so the two methods agree to far better than the 1e-6 pu the tests ask.
/// </param>
/// <param name="MaxNewtonIterations">Newton–Raphson converges quadratically: a well-posed case needs 3–6 iterations.</param>
/// <param name="MaxSweeps">The sweep converges linearly, slower the more heavily loaded the feeder.</param>
public sealed record PowerFlowOptions(
    PowerFlowMethod Method = PowerFlowMethod.Auto, double Tolerance = 1e-9, int MaxNewtonIterations = 20, int MaxSweeps = 500)
{
    public static PowerFlowOptions Default { get; } = new();
}
