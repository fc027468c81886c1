namespace CityMesh.Simulation.Water.Hydraulics;

/// <summary>
/// The solver's small numbers, EPANET's (in ft and cfs there) converted to SI so the two decide statuses alike.
/// </summary>
internal static class HydraulicTolerances
{
    /// <summary>Head tolerance for status decisions: 0.0005 ft.</summary>
    public const double Head = 0.0005 * WaterUnits.Foot;
    /// <summary>Flow tolerance for status decisions: 1e-4 cfs.</summary>
    public const double Flow = 1e-4 * WaterUnits.CubicFoot;
    /// <summary>Flows at or under this count as none: 1e-6 cfs.</summary>
    public const double ZeroFlow = 1e-6 * WaterUnits.CubicFoot;
    /// <summary>The least head-loss gradient, so a link with next to no flow still conducts (m per m³/s).</summary>
    public const double MinGradient = 1e-7 * WaterUnits.Foot / WaterUnits.CubicFoot;
    /// <summary>A closed link's head-loss gradient: a conductance of 1e-8 cfs per ft, so it carries next to nothing.</summary>
    public const double ClosedGradient = 1e8 * WaterUnits.Foot / WaterUnits.CubicFoot;
    /// <summary>Flows are never evaluated below this in power laws (m³/s).</summary>
    public const double TinyFlow = 1e-6 * WaterUnits.CubicFoot;
}
