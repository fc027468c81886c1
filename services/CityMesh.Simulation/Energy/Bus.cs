namespace CityMesh.Simulation.Energy;

/// <summary>
/// A bus (node) of the grid, in MATPOWER's units: loads in MW and MVAr, shunts in MW and MVAr drawn at 1 pu voltage,
/// voltages in pu and degrees, base voltage in kV.
/// </summary>
/// <param name="Id">The case's bus number (<c>bus_i</c>); branches and generators name buses by it.</param>
/// <param name="Pd">Real power demand, MW.</param>
/// <param name="Qd">Reactive power demand, MVAr.</param>
/// <param name="Gs">Shunt conductance, MW drawn at 1 pu.</param>
/// <param name="Bs">Shunt susceptance, MVAr injected at 1 pu.</param>
/// <param name="Vm">Voltage magnitude, pu: the starting point, and the set point of a slack bus without a generator.</param>
/// <param name="Va">Voltage angle, degrees: the reference of the slack bus.</param>
/// <param name="BaseKv">Base voltage, kV (line to line).</param>
/// <param name="Vmax">Upper voltage limit, pu.</param>
/// <param name="Vmin">Lower voltage limit, pu.</param>
public sealed record Bus(
    int Id, BusType Type, double Pd, double Qd, double Gs, double Bs, double Vm, double Va, double BaseKv, double Vmax, double Vmin);
