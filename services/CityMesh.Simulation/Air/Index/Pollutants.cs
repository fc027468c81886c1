namespace CityMesh.Simulation.Air.Index;

/// <summary>
/// Pollutant names as the twin's FIWARE AirQualityObserved entities carry them (and as the synthetic telemetry writes
/// no2 and pm25), so a reading's attribute name is its pollutant here. Units: µg/m³, except CO in mg/m³ as WHO gives it.
/// </summary>
public static class Pollutants
{
    public const string Pm25 = "pm25", Pm10 = "pm10", No2 = "no2", O3 = "o3", So2 = "so2", Co = "co";

    public static readonly IReadOnlyList<string> All = [Pm25, Pm10, No2, O3, So2, Co];

    public static string UnitOf(string pollutant) => pollutant == Co ? "mg/m³" : "µg/m³";
}
