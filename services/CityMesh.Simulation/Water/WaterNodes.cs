namespace CityMesh.Simulation.Water;

/// <summary>
/// Where water leaves the network: a base demand (m³/s) times its pattern's multiplier at the time, times the
/// network's demand multiplier. A junction may have several, one per category (EPANET's <c>[DEMANDS]</c>).
/// </summary>
/// <param name="Pattern">The pattern's id; null for the network's default pattern (<see cref="WaterOptions.DefaultPattern"/>).</param>
public sealed record WaterDemand(double Base, string? Pattern, string? Category = null);

/// <summary>A node whose head the hydraulics solve for: an elevation (m), its demands, and an emitter (a nozzle or a leak).</summary>
/// <param name="EmitterCoefficient">
/// Flow out through the emitter, m³/s per m of pressure to the emitter exponent (<see cref="WaterOptions.EmitterExponent"/>):
/// q = C · p^γ. Zero for none. A leak is an emitter.
/// </param>
public sealed record WaterJunction(string Id, double Elevation, IReadOnlyList<WaterDemand> Demands, double EmitterCoefficient = 0);

/// <summary>A fixed-head source or sink (a lake, a river, a treatment works' clearwell): head in m, optionally varied by a pattern.</summary>
public sealed record WaterReservoir(string Id, double Head, string? Pattern = null);

/// <summary>
/// A storage tank: its head is its bottom's elevation plus its water level, which rises and falls with its net inflow
/// over an extended-period run. A cylinder of a diameter, or a volume curve (level → volume). Levels in m above the
/// bottom, volumes in m³.
/// </summary>
/// <param name="MinVolume">The volume below the minimum level for a cylinder (EPANET's MinVol; 0 for none).</param>
/// <param name="VolumeCurve">Level (m) to volume (m³) points, rising; null for a cylinder.</param>
/// <param name="CanOverflow">Whether water spills at the top rather than the tank closing its inlets.</param>
public sealed record WaterTank(
    string Id, double Elevation, double InitialLevel, double MinLevel, double MaxLevel, double Diameter,
    double MinVolume = 0, WaterCurve? VolumeCurve = null, bool CanOverflow = false);
