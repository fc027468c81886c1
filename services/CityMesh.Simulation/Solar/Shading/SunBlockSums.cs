namespace CityMesh.Simulation.Solar.Shading;

/// <summary>
/// One roof sample over one block of sun positions: plane-of-array irradiation (Wh/m²), AC energy per kWp (kWh/kWp),
/// and of the suns in front of the plane, how many were shaded and how many were looked at (rays cast).
/// </summary>
internal readonly record struct SunBlockSums(double Poa, double Ac, int Shaded, int Cast);
