using CityMesh.Health.Twin;
using CityMesh.Twin.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CityMesh.Health.Forecasting.Live;

/// <summary>Where the live forecast stands: ready with its forecasts, or why not yet (training, collecting history).</summary>
/// <param name="HistoryDays">Days every hospital has, contiguous, up to the newest they all have.</param>
public sealed record AdmissionsForecastState(string Status, string Detail, int HistoryDays, DateTimeOffset? UpdatedAt,
    IReadOnlyList<HospitalAdmissionsForecast> Hospitals)
{
    public const string Training = "training", Collecting = "collecting", Ready = "ready";

    public static AdmissionsForecastState Starting { get; } = new(Training, "the model is being trained", 0, null, []);
}

/// <summary>
/// Serves the admissions forecast live: trains <see cref="AdmissionsForecaster"/> once (on the synthetic data set
/// until the city has years of its own), then every <see cref="ForecastOptions.Refresh"/> reads each emergency
/// hospital's <c>dailyAdmissions</c> history from the twin's temporal API and forecasts 1–7 days from the newest day
/// they all have. Until every hospital has <see cref="AdmissionsForecaster.MinimumHistoryDays"/> days it says how many it has.
/// </summary>
public sealed class AdmissionsForecastService(HealthView view, TwinWriter twin, HealthOptions options, TimeSpan utcOffset, TimeProvider clock,
    ILogger<AdmissionsForecastService> logger) : BackgroundService
{
    private AdmissionsForecastState _state = AdmissionsForecastState.Starting;
    private AdmissionsForecaster? _forecaster;

    public AdmissionsForecastState State => Volatile.Read(ref _state);

    /// <summary>The hospital's forecast when one is ready; null otherwise (evidence for proposals, where there is one).</summary>
    public HospitalAdmissionsForecast? For(string hospital) => State.Hospitals.FirstOrDefault(h => h.Hospital == hospital);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Training takes seconds of CPU and cannot be interrupted; a stop while it runs must not wait for it (the host
        // gives every service 30 s in all, and on two busy cores training alone can take that long).
        _forecaster = await Task.Run(() => AdmissionsForecaster.TrainOnSynthetic(), stoppingToken).WaitAsync(stoppingToken);
        Volatile.Write(ref _state, new AdmissionsForecastState(AdmissionsForecastState.Collecting, "waiting for the twin's hospitals", 0, null, []));
        using var timer = new PeriodicTimer(options.Forecast.Refresh, clock);
        do
        {
            try
            {
                if (view.Ready) await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Admissions forecast not refreshed; the last one stands");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Reads the history and forecasts now.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        var forecaster = _forecaster ?? throw new InvalidOperationException("the model is not trained yet");
        var hospitals = view.Current.Hospitals.Values.Where(h => h.EmergencyDepartment).Select(h => h.Id).Order(StringComparer.Ordinal).ToList();
        var byHospital = new Dictionary<string, SortedDictionary<DateOnly, int>>(StringComparer.Ordinal);
        foreach (var id in hospitals)
            byHospital[id] = await twin.ReadHistoryAsync(id, AdmissionsHistory.Attribute, options.Forecast.HistoryDays, ct) is { } temporal
                ? AdmissionsHistory.Days(temporal, utcOffset)
                : [];
        var series = AdmissionsHistory.Common(byHospital);
        int days = series?.Days ?? 0;
        var now = clock.GetUtcNow();
        AdmissionsForecastState next = series is null || days < AdmissionsForecaster.MinimumHistoryDays
            ? new(AdmissionsForecastState.Collecting,
                $"{days} of the {AdmissionsForecaster.MinimumHistoryDays} days of daily admissions a forecast needs, for every one of {hospitals.Count} emergency hospitals",
                days, now, [])
            : new(AdmissionsForecastState.Ready, $"forecast from {series.LastDay:yyyy-MM-dd} on {days} days of history", days, now, forecaster.Forecast(series));
        Volatile.Write(ref _state, next);
    }
}
