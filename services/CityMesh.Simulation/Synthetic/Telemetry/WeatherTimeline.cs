namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// City-wide weather per sample: rain 0–1 (each day, with the configured chance, one shower rising and passing as a
/// half sine) and air temperature: the season (an annual cosine about the mean, warmest on
/// <see cref="WeatherOptions.WarmestDayOfYear"/>), plus warm and cold spells (<see cref="TemperatureAnomaly"/>), plus the
/// day's cycle (a cosine warmest at 15:00), cooled 3 °C by heavy rain.
/// </summary>
internal sealed class WeatherTimeline
{
    public double[] Rain { get; }
    public double[] Temperature { get; }

    /// <summary>
    /// The weather of a generated data set: its own random stream, so the same options and seed give the same weather
    /// whether the series is being generated or read back (the energy load forecast takes its temperature from here).
    /// The spells draw from a stream of their own, so adding them left every data set's rain as it was.
    /// </summary>
    public static WeatherTimeline Of(TelemetrySynthesisOptions o, int seed) => new(o.Weather, o.Start, o.Interval, o.Steps,
        new Random(seed ^ 0x7EA7), new GaussianSource(new Random(StableHash.Of("weather.temperature-anomaly", seed))));

    public WeatherTimeline(WeatherOptions options, DateTimeOffset start, TimeSpan interval, int steps, Random random, GaussianSource spells)
    {
        Rain = new double[steps];
        Temperature = new double[steps];
        var localStart = start.DateTime; // start carries the city's offset
        var firstDay = localStart.Date;
        var days = (int)Math.Ceiling((localStart - firstDay + interval * steps).TotalDays) + 1;
        for (var d = 0; d < days; d++)
        {
            // Draw every day's numbers whether it rains or not, so the stream does not depend on earlier days.
            var rains = random.NextDouble() < options.RainProbabilityPerDay;
            var startHour = 24 * random.NextDouble();
            var hours = options.RainHours.Sample(random.NextDouble());
            var peak = options.RainIntensity.Sample(random.NextDouble());
            if (!rains) continue;
            var from = firstDay.AddDays(d).AddHours(startHour);
            for (var t = 0; t < steps; t++)
            {
                var position = (localStart + interval * t - from).TotalHours / hours;
                if (position is > 0 and < 1) Rain[t] = Math.Max(Rain[t], peak * Math.Sin(Math.PI * position));
            }
        }
        var anomaly = new TemperatureAnomaly(firstDay, days, options.DailyAnomalySigma, options.DailyAnomalyPersistence, spells);
        for (var t = 0; t < steps; t++)
        {
            var local = localStart + interval * t;
            var hour = local.TimeOfDay.TotalHours;
            Temperature[t] = Season(options, local) + anomaly.At(local)
                + options.TemperatureSwing * Math.Cos(2 * Math.PI * (hour - 15) / 24) - 3 * Rain[t];
        }
    }

    /// <summary>The season's mean temperature at a local time: noon of day-of-year N is N on the cosine's axis.</summary>
    private static double Season(WeatherOptions options, DateTime local)
    {
        var dayOfYear = local.DayOfYear - 0.5 + local.TimeOfDay.TotalDays;
        return options.MeanTemperature + options.SeasonalSwing * Math.Cos(2 * Math.PI * (dayOfYear - options.WarmestDayOfYear) / 365.25);
    }
}
