namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>The network at one solved moment: heads (m) and outflows (m³/s) by node, flows (m³/s) and states by link.</summary>
/// <param name="Time">Seconds from the run's start.</param>
/// <param name="Outflow">What leaves each junction: its delivered demand plus its emitter's flow (EPANET's "demand"); for a tank or reservoir, minus its net inflow.</param>
/// <param name="Leak">What leaves each junction through its emitter (m³/s); zero at other nodes.</param>
public sealed record HydraulicStep(long Time, double[] Head, double[] Outflow, double[] Leak, double[] Flow, LinkState[] State, SolveReport Solve);

/// <summary>
/// An extended-period run: every solved moment in time order (the hydraulic steps, and the moments in between where a
/// tank filled or emptied or a control acted), with the ids to read them by.
/// </summary>
public sealed class HydraulicResults(IReadOnlyList<string> nodeIds, IReadOnlyList<double> elevations, IReadOnlyList<string> linkIds, IReadOnlyList<HydraulicStep> steps, double wallSeconds)
{
    public IReadOnlyList<string> NodeIds { get; } = nodeIds;
    /// <summary>Junction elevations and tank bottoms (m), for pressures; a reservoir's nominal head.</summary>
    public IReadOnlyList<double> Elevations { get; } = elevations;
    public IReadOnlyList<string> LinkIds { get; } = linkIds;
    public IReadOnlyList<HydraulicStep> Steps { get; } = steps;
    public double WallSeconds { get; } = wallSeconds;

    public int Node(string id)
    {
        for (int i = 0; i < NodeIds.Count; i++) if (NodeIds[i] == id) return i;
        throw new KeyNotFoundException($"no node '{id}' in the results");
    }

    public int Link(string id)
    {
        for (int i = 0; i < LinkIds.Count; i++) if (LinkIds[i] == id) return i;
        throw new KeyNotFoundException($"no link '{id}' in the results");
    }

    /// <summary>The step solved at exactly <paramref name="time"/>, or null when none was.</summary>
    public HydraulicStep? At(long time) => Steps.FirstOrDefault(s => s.Time == time);

    /// <summary>Pressure head (m) at node <paramref name="node"/> in <paramref name="step"/>.</summary>
    public double Pressure(HydraulicStep step, int node) => step.Head[node] - Elevations[node];
}
