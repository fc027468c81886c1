namespace CityMesh.Simulation.Solar;

/// <summary>
/// A roof's suitability by its annual irradiation, in the three bands of the Helsinki Energy and Climate Atlas's solar
/// map: above 900, 750–900 and below 750 kWh/m² a year.
/// </summary>
public enum SolarClass
{
    /// <summary>Below 750 kWh/m²/yr.</summary>
    Poor,

    /// <summary>750–900 kWh/m²/yr.</summary>
    Moderate,

    /// <summary>Above 900 kWh/m²/yr.</summary>
    Good,
}

public static class SolarClasses
{
    public const double GoodAbove = 900.0;
    public const double ModerateFrom = 750.0;

    /// <summary>The class of a roof receiving <paramref name="annualKwhPerM2"/> (900 itself is moderate, 750 moderate).</summary>
    public static SolarClass Of(double annualKwhPerM2) =>
        annualKwhPerM2 > GoodAbove ? SolarClass.Good : annualKwhPerM2 >= ModerateFrom ? SolarClass.Moderate : SolarClass.Poor;
}
