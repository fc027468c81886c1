namespace CityMesh.Simulation.Energy;

/// <summary>A generator (or the feeder's supply point), in MW, MVAr and pu as MATPOWER's <c>mpc.gen</c> holds it.</summary>
/// <param name="Bus">The bus number it feeds.</param>
/// <param name="Pg">Real power output, MW (a PV bus's fixed injection).</param>
/// <param name="Qg">Reactive power output, MVAr (solved at PV and slack buses).</param>
/// <param name="Qmax">Reactive limit, MVAr (reported, not enforced: as MATPOWER's default power flow).</param>
/// <param name="Qmin">Reactive limit, MVAr.</param>
/// <param name="Vg">Voltage magnitude set point of its bus, pu.</param>
/// <param name="MBase">Machine base, MVA.</param>
/// <param name="InService">Status column: only generators in service inject power or hold a voltage.</param>
public sealed record Generator(int Bus, double Pg, double Qg, double Qmax, double Qmin, double Vg, double MBase, bool InService, double Pmax, double Pmin);
