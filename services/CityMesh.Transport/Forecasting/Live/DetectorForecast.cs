namespace CityMesh.Transport.Forecasting.Live;

/// <summary>A detector's forecast at one horizon; null where the model had nothing to go on.</summary>
public sealed record HorizonForecast(int Minutes, DateTimeOffset At, double? FlowPerHour, double? SpeedKmh);

/// <summary>
/// What <see cref="DetectorForecaster.Forecast"/> answers: the horizons, the model that produced them, and when the
/// preferred model could not be used, why (<paramref name="Fallback"/>).
/// </summary>
/// <param name="Origin">End of the last complete 5-minute slot the forecast starts from.</param>
public sealed record DetectorForecast(string Detector, string Road, string Model, string? Fallback, DateTimeOffset Origin,
    IReadOnlyList<HorizonForecast> Horizons);
