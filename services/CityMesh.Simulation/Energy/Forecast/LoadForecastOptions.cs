namespace CityMesh.Simulation.Energy.Forecast;

/// <summary>Settings of <see cref="LoadForecastModel"/>; the defaults are what <c>citymesh eval load</c> scores.</summary>
public sealed record LoadForecastOptions
{
    public int MaxHorizonHours { get; init; } = 24;

    /// <summary>Base of the heating and cooling degrees, °C: the usual comfort temperature of building energy models.</summary>
    public double BaseTemperature { get; init; } = 18;

    /// <summary>Ridge penalty per training row: small for the day-type levels and the degrees, strong for the scaled hour-of-week deviations (<see cref="LoadCalendar.DeviationScale"/>).</summary>
    public double Lambda { get; init; } = 1e-5;

    /// <summary>
    /// A training hour whose log residual is beyond this many robust standard deviations is a faulty reading (a spike,
    /// a level shift, a stuck meter), left out of the refit and never used as a recent error.
    /// </summary>
    public double OutlierSigmas { get; init; } = 4;

    /// <summary>Hours whose mean residual is the recent level, beside the last two hours' residuals.</summary>
    public int RecentHours { get; init; } = 24;

    /// <summary>Fewest training days: every hour of the week must be seen twice.</summary>
    public int MinTrainingDays { get; init; } = 14;

    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (MaxHorizonHours is < 1 or > 168) errors.Add($"MaxHorizonHours must be 1 to 168 (got {MaxHorizonHours})");
        if (!double.IsFinite(BaseTemperature)) errors.Add($"BaseTemperature must be finite (got {BaseTemperature})");
        if (!(Lambda >= 0)) errors.Add($"Lambda must be 0 or more (got {Lambda})");
        if (!(OutlierSigmas > 0)) errors.Add($"OutlierSigmas must be positive (got {OutlierSigmas})");
        if (RecentHours is < 1 or > 168) errors.Add($"RecentHours must be 1 to 168 (got {RecentHours})");
        if (MinTrainingDays < 14) errors.Add($"MinTrainingDays must be at least 14 (got {MinTrainingDays})");
        return errors;
    }
}
