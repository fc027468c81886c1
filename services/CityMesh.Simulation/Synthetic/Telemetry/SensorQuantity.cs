namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// A measured quantity: <see cref="Name"/> is the twin attribute it lands on, <see cref="UnitCode"/> the UN/CEFACT code
/// the twin holds for it ("" where the twin keeps no unit, as for a detector's intensity), <see cref="Unit"/> for people.
/// </summary>
public sealed record SensorQuantity(string Name, string UnitCode, string Unit);
