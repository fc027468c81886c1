using CityMesh.Simulation.Air.Forecast;
using CityMesh.Simulation.Air.Index;

namespace CityMesh.Safety.Air;

/// <summary>One hour of a station's forecast: hours ahead, the hour's start, the mean (µg/m³) and its band on the index's bounds.</summary>
/// <param name="Band">The band an hourly mean this high would be in on the index (its bounds are for the averaging times, so indicative).</param>
public sealed record AirForecastHour(int Ahead, DateTimeOffset At, double Value, string Band);

/// <summary>A station's forecast of one pollutant, or why there is none yet.</summary>
/// <param name="Status"><c>collecting</c> (fewer hours than the model learns from) or <c>ready</c>.</param>
/// <param name="HoursHeld">Hours of hourly means the monitor holds for the station (the span, missing hours included).</param>
/// <param name="Through">The end of the last complete hour the forecast starts from.</param>
/// <param name="Persistence">The last hourly mean: what persistence, the forecast's baseline, would say for every hour ahead.</param>
public sealed record AirStationForecast(string Station, string Name, string Pollutant, string Status, int HoursHeld, int HoursNeeded,
    DateTimeOffset? Through, double? Persistence, IReadOnlyList<AirForecastHour> Hours);

/// <summary>
/// Each station's short-term forecast, live: the monitor's hourly means of NO2 and PM2.5 (the pollutants
/// <c>citymesh eval air</c> scores the model on against persistence) train <see cref="AirForecastModel"/> once a
/// station has <see cref="AirForecastOptions.MinTrainingDays"/> days of them (the last four weeks at most, trained
/// again each day), and forecast hours 1–6 from the last complete hour. Until then a station says how many hours it
/// holds of those it needs. Hours are on the city's clock (<paramref name="utcOffset"/>): the model's daily profile
/// is by local hour.
/// </summary>
public sealed class AirForecasts(AirMonitor monitor, TimeSpan utcOffset)
{
    public static readonly IReadOnlyList<string> Forecast = [Pollutants.No2, Pollutants.Pm25];

    public const string Collecting = "collecting", Ready = "ready";

    private readonly AirForecastOptions _options = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Station, string Pollutant), (AirForecastModel Model, DateTimeOffset Through)> _models = [];

    /// <summary>Forecasts now, by station then pollutant; <paramref name="station"/> narrows to one.</summary>
    public IReadOnlyList<AirStationForecast> Now(string? station = null)
    {
        var forecasts = new List<AirStationForecast>();
        int needed = _options.MinTrainingDays * 24;
        foreach (var pollutant in Forecast)
            foreach (var (id, name, startUtc, means) in monitor.HourlyMeans(pollutant))
            {
                if (station is not null && id != station) continue;
                var start = startUtc.ToOffset(utcOffset);
                var through = start.AddHours(means.Length);
                double? persistence = LastFinite(means);
                if (means.Length < needed)
                {
                    forecasts.Add(new AirStationForecast(id, name, pollutant, Collecting, means.Length, needed, through, persistence, []));
                    continue;
                }
                var model = ModelFor(id, pollutant, start, means, through);
                var latest = start.AddHours(means.Length - 1);
                var values = model.Forecast(latest, means.AsSpan(means.Length - 24));
                var hours = values.Select((v, i) => new AirForecastHour(i + 1, latest.AddHours(i + 1), Math.Round(v, 1),
                    monitor.Index.Bands[monitor.Index.Band(pollutant, v)].Name)).ToList();
                forecasts.Add(new AirStationForecast(id, name, pollutant, Ready, means.Length, needed, through, persistence is { } p ? Math.Round(p, 1) : null, hours));
            }
        return [.. forecasts.OrderBy(f => f.Station, StringComparer.Ordinal).ThenBy(f => f.Pollutant, StringComparer.Ordinal)];
    }

    /// <summary>The station's model, trained again once a day of new hours has come.</summary>
    private AirForecastModel ModelFor(string station, string pollutant, DateTimeOffset start, double[] means, DateTimeOffset through)
    {
        lock (_gate)
        {
            if (_models.TryGetValue((station, pollutant), out var held) && through - held.Through < TimeSpan.FromDays(1)) return held.Model;
            var model = AirForecastModel.Train(start, means, _options);
            _models[(station, pollutant)] = (model, through);
            return model;
        }
    }

    private static double? LastFinite(double[] means)
    {
        for (int i = means.Length - 1; i >= 0; i--) if (double.IsFinite(means[i])) return means[i];
        return null;
    }
}
