namespace CityMesh.Health.Forecasting.Live;

/// <summary>A hospital's forecast for one day: the model's, the seasonal naive baseline's beside it, and the model's 80 % prediction interval.</summary>
/// <param name="Horizon">Days after the origin, 1 to 7.</param>
public sealed record DayForecast(int Horizon, DateOnly Date, double Admissions, double Baseline, double Lower80, double Upper80);

/// <summary>What <see cref="AdmissionsForecaster.Forecast"/> answers for one hospital.</summary>
/// <param name="Origin">The last day of history the forecast starts from.</param>
/// <param name="Model">The model's name; the baseline is seasonal naive over <paramref name="BaselineWeeks"/> weeks.</param>
public sealed record HospitalAdmissionsForecast(string Hospital, DateOnly Origin, string Model, int BaselineWeeks, IReadOnlyList<DayForecast> Days);
