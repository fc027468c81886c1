namespace CityMesh.Simulation.Traffic.Engine;

/// <summary>
/// The data-parallel half of a step, one call per phase over all lanes. The managed implementation is the CPU
/// fallback and the oracle the ILGPU implementation (Gpu/) must agree with; both read only the previous state and write
/// per-lane or per-vehicle slots, so their order of work cannot change the result.
/// </summary>
internal interface ITrafficKernels
{
    /// <summary>Next speed of every running vehicle from its leader, links ahead and dawdling (into Fleet.NextSpeed).</summary>
    void PlanSpeeds(TrafficState state);

    /// <summary>Applies the planned speeds, advances positions (Euler) and accumulates lane statistics.</summary>
    void Move(TrafficState state);

    /// <summary>Strategic lane changes, edge by edge (lanes of one edge interact, edges do not).</summary>
    void ChangeLanes(TrafficState state);
}
