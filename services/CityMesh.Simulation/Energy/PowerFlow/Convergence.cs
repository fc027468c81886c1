namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>How a solve ended.</summary>
/// <param name="Method">The method that solved it (never Auto).</param>
/// <param name="Iterations">Newton steps (each a Jacobian factorisation) or sweeps (each one backward and one forward).</param>
/// <param name="LargestMismatch">The largest real or reactive power mismatch at any bus at the end, per unit.</param>
/// <param name="MismatchBus">The bus number where it is.</param>
public sealed record Convergence(PowerFlowMethod Method, int Iterations, double LargestMismatch, int MismatchBus);
