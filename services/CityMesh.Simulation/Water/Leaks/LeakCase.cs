using CityMesh.Simulation.Water.Hydraulics;

namespace CityMesh.Simulation.Water.Leaks;

/// <summary>
/// One case of a labelled leak data set: what the utility's meters read every step (the area's inflow, each pressure
/// logger, each tank's level, each link's status from SCADA) and, as the label, the leak: its pipe, when it began
/// (the first reading with water leaving), its mean flow over the readings it ran (m³/s, as the network let it out at
/// its pressures) and that flow's share of the area's mean inflow. Null pipe: no leak.
/// </summary>
/// <param name="AreaInflow">Each district metered area's inflow meter, by reading and area (m³/s; see <see cref="DistrictPartition"/>).</param>
public sealed record LeakCase(
    int Index, string? Pipe, long? Start, double LeakFlow, double Share,
    long[] Times, double[] Inflow, double[][] Pressure, double[][] TankHeads, LinkState[][] States, double[][] AreaInflow)
{
    /// <summary>Live readings (no label): what a utility's meters gave, for the monitor.</summary>
    public static LeakCase Live(long[] times, double[] inflow, double[][] pressure, double[][] tankHeads, LinkState[][] states, double[][] areaInflow) =>
        new(-1, null, null, 0, 0, times, inflow, pressure, tankHeads, states, areaInflow);
}
