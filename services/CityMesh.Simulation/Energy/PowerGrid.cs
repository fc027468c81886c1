namespace CityMesh.Simulation.Energy;

/// <summary>
/// A grid as a power flow needs it: buses, generators and branches on one system base. Loads and outputs stay in MW and
/// MVAr (as a case file writes them), impedances are per unit; <see cref="PerUnit"/> converts between them.
/// </summary>
/// <param name="Name">The case's name (its <c>function mpc = NAME</c>, else the file's name).</param>
/// <param name="BaseMva">System base power, MVA.</param>
public sealed record PowerGrid(string Name, double BaseMva, IReadOnlyList<Bus> Buses, IReadOnlyList<Generator> Generators, IReadOnlyList<Branch> Branches)
{
    /// <summary>The one slack bus.</summary>
    public Bus Slack => Buses.Single(b => b.Type == BusType.Slack);

    /// <summary>Total real and reactive demand, MW and MVAr.</summary>
    public (double P, double Q) TotalLoad => (Buses.Sum(b => b.Pd), Buses.Sum(b => b.Qd));
}
