using CityMesh.Simulation.Energy.Forecast;

namespace CityMesh.Energy.Forecast;

/// <summary>A feeder's load forecast, or why there is none yet.</summary>
/// <param name="Status">"collecting" (too few hours yet) or "forecast".</param>
/// <param name="LoadKw">Hours 1–24 ahead of the last complete hour, kW.</param>
/// <param name="BaselineKw">The seasonal baseline's forecast for the same hours: the same hour a week before, or the median of the last four weeks once they are held.</param>
public sealed record FeederForecast(string Feeder, string Status, int HoursHeld, int HoursNeeded, DateTimeOffset? Origin,
    IReadOnlyList<double>? LoadKw, IReadOnlyList<double?>? BaselineKw, string Model, string? Baseline);

/// <summary>An hour a feeder is forecast to run over its rating.</summary>
public sealed record ForecastOverload(string Feeder, DateTimeOffset Hour, int HoursAhead, double LoadKw, double LoadingPercent);

/// <summary>
/// Forecasts of each feeder's load 1–24 h ahead from its history (<see cref="FeederLoadHistory"/>) by the model
/// <c>citymesh eval load</c> scores (<see cref="LoadForecastModel"/>), trained again once a city day, with the seasonal
/// baseline beside it. The live city has no temperature forecast in the twin yet, so the model runs on its calendar and
/// recent error only (the scored figures use temperature).
/// </summary>
public sealed class FeederForecasts(FeederLoadHistory history)
{
    private readonly Dictionary<string, (LoadForecastModel Model, long Day)> _models = new(StringComparer.Ordinal);

    /// <summary>
    /// The hours of the next day each feeder is forecast over <paramref name="limitPercent"/> of its rating, its load
    /// drawn at the metered power factor (<see cref="Simulation.Energy.Twin.GridPowerFlow.LoadPowerFactor"/>); feeders
    /// still collecting their history are left out.
    /// </summary>
    /// <param name="feeders">Each feeder's entity id and rating, kVA.</param>
    public List<ForecastOverload> Overloads(IEnumerable<(string Feeder, double RatedKva)> feeders, double limitPercent)
    {
        var found = new List<ForecastOverload>();
        foreach (var (feeder, rated) in feeders)
        {
            if (rated <= 0 || For(feeder) is not { Status: "forecast", LoadKw: { } load, Origin: { } origin }) continue;
            for (var h = 1; h <= load.Count; h++)
            {
                var loading = load[h - 1] / Simulation.Energy.Twin.GridPowerFlow.LoadPowerFactor / rated * 100;
                if (loading > limitPercent) found.Add(new ForecastOverload(feeder, origin.AddHours(h), h, load[h - 1], Math.Round(loading, 1)));
            }
        }
        return found;
    }

    public FeederForecast For(string feeder)
    {
        var needed = new LoadForecastOptions().MinTrainingDays * 24 + 1;
        var load = history.Of(feeder);
        var held = load?.Hours ?? 0;
        var model = new LoadForecastModel();
        if (load is null || held < needed)
            return new FeederForecast(feeder, "collecting", held, needed, null, null, null, model.Name, null);
        var day = (load.Start + TimeSpan.FromHours(held)).ToUnixTimeSeconds() / 86_400;
        lock (_models)
        {
            if (!_models.TryGetValue(feeder, out var trained) || trained.Day != day)
            {
                model.Train(load, held);
                _models[feeder] = trained = (model, day);
            }
            model = trained.Model;
        }
        var origin = held - 1;
        var forecast = new double[24];
        model.Forecast(load, origin, forecast);
        var baseline = new SeasonalNaive(held >= 4 * HourlyLoad.HoursPerWeek + 24 ? 4 : 1, median: held >= 4 * HourlyLoad.HoursPerWeek + 24);
        var base24 = new double[24];
        baseline.Forecast(load, origin, base24);
        return new FeederForecast(feeder, "forecast", held, needed, load.TimeAt(origin),
            [.. forecast.Select(v => Math.Round(v, 1))], [.. base24.Select(v => double.IsFinite(v) ? Math.Round(v, 1) : (double?)null)], model.Name, baseline.Name);
    }
}
