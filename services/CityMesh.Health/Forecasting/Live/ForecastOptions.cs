namespace CityMesh.Health.Forecasting.Live;

/// <summary>The live admissions forecast (<c>CityMesh:Health:Forecast</c>).</summary>
public sealed record ForecastOptions
{
    /// <summary>Wall-clock time between two reads of the history (a new day may have closed).</summary>
    public TimeSpan Refresh { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Days of history read per hospital: every feature of the model uses at most 112.</summary>
    public int HistoryDays { get; init; } = AdmissionsForecaster.FullHistoryDays;

    internal void Validate(string section)
    {
        if (Refresh < TimeSpan.FromSeconds(1)) throw new InvalidOperationException($"{section}:Refresh is {Refresh}; it must be at least 00:00:01.");
        if (HistoryDays < AdmissionsForecaster.MinimumHistoryDays || HistoryDays > 3660)
            throw new InvalidOperationException($"{section}:HistoryDays is {HistoryDays}; it must be from {AdmissionsForecaster.MinimumHistoryDays} to 3660.");
    }
}
