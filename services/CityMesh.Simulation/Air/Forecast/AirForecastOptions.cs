namespace CityMesh.Simulation.Air.Forecast;

/// <summary>Settings of <see cref="AirForecastModel"/>.</summary>
public sealed record AirForecastOptions
{
    /// <summary>Hours ahead forecast, 1 to 24 (the issue asks for 1–6).</summary>
    public int MaxHorizonHours { get; init; } = 6;

    /// <summary>Recent hourly deviations used (the latest and those before it).</summary>
    public int Lags { get; init; } = 3;

    /// <summary>Ridge penalty per row; keeps coefficients sane on a station with little or flat history.</summary>
    public double Ridge { get; init; } = 1e-3;

    /// <summary>Concentrations are modelled on the log scale; values below this floor (µg/m³) are raised to it first.</summary>
    public double Floor { get; init; } = 1;

    /// <summary>Fewest training days: the daily profile needs each hour seen a few times.</summary>
    public int MinTrainingDays { get; init; } = 7;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxHorizonHours is < 1 or > 24) errors.Add($"MaxHorizonHours must be 1 to 24 (got {MaxHorizonHours})");
        if (Lags is < 1 or > 24) errors.Add($"Lags must be 1 to 24 (got {Lags})");
        if (!(Ridge >= 0)) errors.Add($"Ridge must be 0 or more (got {Ridge})");
        if (!(Floor > 0)) errors.Add($"Floor must be positive (got {Floor})");
        if (MinTrainingDays is < 2 or > 366) errors.Add($"MinTrainingDays must be 2 to 366 (got {MinTrainingDays})");
        return errors;
    }
}
