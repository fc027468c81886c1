namespace CityMesh.Simulation.Energy.PowerFlow;

/// <summary>
/// A solved power flow. Voltages by bus in the case's bus order (structure of arrays: magnitude and angle apiece);
/// branch flows in the case's branch order.
/// </summary>
/// <param name="BusIds">The case's bus numbers, in order.</param>
/// <param name="Vm">Voltage magnitude per bus, pu.</param>
/// <param name="VaDegrees">Voltage angle per bus, degrees.</param>
/// <param name="SlackPMw">What the slack bus supplies, MW: the load plus the losses.</param>
public sealed record PowerFlowResult(
    Convergence Convergence,
    IReadOnlyList<int> BusIds,
    double[] Vm,
    double[] VaDegrees,
    IReadOnlyList<BranchFlow> Branches,
    double TotalLossKw,
    double TotalLossKvar,
    double LowestVm,
    int LowestVmBus,
    double SlackPMw,
    double SlackQMvar)
{
    public PowerFlowMethod Method => Convergence.Method;

    /// <summary>The voltage magnitude of a bus by its number.</summary>
    public double VmOf(int bus) => Vm[IndexOf(bus)];

    public double VaOf(int bus) => VaDegrees[IndexOf(bus)];

    /// <summary>The in-service branches with a rating, most loaded first.</summary>
    public IEnumerable<BranchFlow> WorstLoaded(int count) =>
        Branches.Where(b => b.LoadingPercent is not null).OrderByDescending(b => b.LoadingPercent).Take(count);

    private int IndexOf(int bus)
    {
        for (int i = 0; i < BusIds.Count; i++)
            if (BusIds[i] == bus) return i;
        throw new ArgumentException($"bus {bus} is not in the grid", nameof(bus));
    }
}
