namespace CityMesh.Simulation.Air.Index;

/// <summary>The averaging times the WHO guidelines and the local index use, as whole hours (a year as 8760 h).</summary>
public static class AirAveraging
{
    public const int OneHour = 1, EightHours = 8, Day = 24, Year = 8760;

    public static TimeSpan Of(int hours) => TimeSpan.FromHours(hours);

    public static string Name(int hours) => hours switch
    {
        OneHour => "1 h",
        EightHours => "8 h",
        Day => "24 h",
        Year => "annual",
        _ => $"{hours} h",
    };
}
