namespace CityMesh.Simulation.Air.Data;

/// <summary>
/// Settings of <see cref="AirDataset"/>. Defaults: a 6 km square of central Jinan, 16 stations, six weeks of hourly
/// NO2 and PM2.5 from a Monday, levels of a large Chinese city in winter (NO2 tens, PM2.5 tens to over a hundred µg/m³).
/// </summary>
public sealed record AirDatasetOptions
{
    public int Stations { get; init; } = 16;
    public int Days { get; init; } = 42;
    public double WidthMetres { get; init; } = 6000;
    public double AnchorLatitude { get; init; } = 36.6612;
    public double AnchorLongitude { get; init; } = 117.0201;

    /// <summary>The first hour, city local time (a Monday), and the city's offset.</summary>
    public DateTimeOffset Start { get; init; } = new(2025, 1, 6, 0, 0, 0, TimeSpan.FromHours(8));

    /// <summary>e-folding time of the meteorological factor, hours: stagnant spells last days.</summary>
    public double WeatherMemoryHours { get; init; } = 30;

    /// <summary>Standard deviation of the meteorological factor on the log scale (0.35: a spell can double or halve levels).</summary>
    public double WeatherSigma { get; init; } = 0.35;

    /// <summary>e-folding time and log-scale standard deviation of the regional (secondary) PM2.5 factor.</summary>
    public double RegionalPmMemoryHours { get; init; } = 72;
    public double RegionalPmSigma { get; init; } = 0.3;

    /// <summary>Chance of a rain shower on a day; a shower washes out PM2.5 (−40 % at peak) and NO2 (−20 %).</summary>
    public double RainProbabilityPerDay { get; init; } = 0.25;

    /// <summary>Station noise (micro-scale and measurement): log-scale AR(1), this standard deviation and lag-one correlation.</summary>
    public double StationNoiseSigma { get; init; } = 0.08;
    public double StationNoisePersistence { get; init; } = 0.5;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Stations is < 3 or > 1000) errors.Add($"Stations must be 3 to 1000 (got {Stations})");
        if (Days is < 2 or > 366) errors.Add($"Days must be 2 to 366 (got {Days})");
        if (!(WidthMetres is >= 500 and <= 100_000)) errors.Add($"WidthMetres must be 500 to 100000 (got {WidthMetres})");
        if (!(Math.Abs(AnchorLatitude) <= 85)) errors.Add($"AnchorLatitude must be -85 to 85 (got {AnchorLatitude})");
        if (!(Math.Abs(AnchorLongitude) <= 180)) errors.Add($"AnchorLongitude must be -180 to 180 (got {AnchorLongitude})");
        if (!(WeatherMemoryHours > 0)) errors.Add($"WeatherMemoryHours must be positive (got {WeatherMemoryHours})");
        if (!(RegionalPmMemoryHours > 0)) errors.Add($"RegionalPmMemoryHours must be positive (got {RegionalPmMemoryHours})");
        if (!(WeatherSigma is >= 0 and <= 2)) errors.Add($"WeatherSigma must be 0 to 2 (got {WeatherSigma})");
        if (!(RegionalPmSigma is >= 0 and <= 2)) errors.Add($"RegionalPmSigma must be 0 to 2 (got {RegionalPmSigma})");
        if (!(RainProbabilityPerDay is >= 0 and <= 1)) errors.Add($"RainProbabilityPerDay must be 0 to 1 (got {RainProbabilityPerDay})");
        if (!(StationNoiseSigma is >= 0 and <= 1)) errors.Add($"StationNoiseSigma must be 0 to 1 (got {StationNoiseSigma})");
        if (!(StationNoisePersistence is >= 0 and < 1)) errors.Add($"StationNoisePersistence must be 0 to below 1 (got {StationNoisePersistence})");
        return errors;
    }
}
