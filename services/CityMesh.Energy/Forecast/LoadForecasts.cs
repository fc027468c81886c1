using CityMesh.Simulation.Energy.Forecast;

namespace CityMesh.Energy.Forecast;

/// <summary>A feeder's or substation's load forecast, or why there is none yet.</summary>
/// <param name="Element">The Feeder or Substation entity.</param>
/// <param name="Status">"collecting" (too few hours yet) or "forecast".</param>
/// <param name="Origin">The start of the last complete hour held: the forecast is of the 24 hours after it.</param>
/// <param name="LoadKw">Hours 1–24 ahead of the last complete hour, kW.</param>
/// <param name="BaselineKw">The seasonal baseline's forecast for the same hours: the same hour a week before, or the median of the last four weeks once they are held.</param>
public sealed record ElementForecast(string Element, string Status, int HoursHeld, int HoursNeeded, DateTimeOffset? Origin,
    IReadOnlyList<double>? LoadKw, IReadOnlyList<double?>? BaselineKw, string Model, string? Baseline)
{
    public const string Collecting = "collecting", Forecasting = "forecast";
}

/// <summary>
/// Forecasts of each feeder's and substation's load 1–24 h ahead from its history (<see cref="LoadHistory"/>) by the
/// model <c>citymesh eval load</c> scores (<see cref="LoadForecastModel"/>), trained again once a city day, with the
/// seasonal baseline beside it. The live city has no temperature forecast in the twin yet, so the model runs on its
/// calendar and recent error only (the scored figures use temperature). Thread-safe.
/// </summary>
public sealed class LoadForecasts(LoadHistory history)
{
    private readonly Dictionary<string, (LoadForecastModel Model, long Day)> _models = new(StringComparer.Ordinal);

    public ElementForecast For(string element)
    {
        var needed = new LoadForecastOptions().MinTrainingDays * 24 + 1;
        var load = history.Of(element);
        var held = load?.Hours ?? 0;
        var model = new LoadForecastModel();
        if (load is null || held < needed)
            return new ElementForecast(element, ElementForecast.Collecting, held, needed, null, null, null, model.Name, null);
        var day = (load.Start + TimeSpan.FromHours(held)).ToUnixTimeSeconds() / 86_400;
        lock (_models)
        {
            if (!_models.TryGetValue(element, out var trained) || trained.Day != day)
            {
                model.Train(load, held);
                _models[element] = trained = (model, day);
            }
            model = trained.Model;
        }
        var origin = held - 1;
        var forecast = new double[24];
        model.Forecast(load, origin, forecast);
        var baseline = new SeasonalNaive(held >= 4 * HourlyLoad.HoursPerWeek + 24 ? 4 : 1, median: held >= 4 * HourlyLoad.HoursPerWeek + 24);
        var base24 = new double[24];
        baseline.Forecast(load, origin, base24);
        return new ElementForecast(element, ElementForecast.Forecasting, held, needed, load.TimeAt(origin),
            [.. forecast.Select(v => Math.Round(v, 1))], [.. base24.Select(v => double.IsFinite(v) ? Math.Round(v, 1) : (double?)null)], model.Name, baseline.Name);
    }
}
