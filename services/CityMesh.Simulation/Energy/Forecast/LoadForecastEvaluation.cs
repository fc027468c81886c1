using CityMesh.Simulation.Synthetic.Telemetry;

namespace CityMesh.Simulation.Energy.Forecast;

/// <summary>
/// MAE in kW at one horizon over every meter and scored hour: the model, the three seasonal baselines and the oracle
/// (the generator's noise-free load: a forecast right about everything but the noise, the floor no forecast reaches).
/// </summary>
public sealed record LoadHorizonRow(int Hours, double ModelMae, double MedianMae, double MeanMae, double WeekMae, double OracleMae, long Points)
{
    /// <summary>How much lower the model's MAE is than the judged baseline's (the four-week median), percent.</summary>
    public double Improvement => Gain(ModelMae, MedianMae);

    /// <summary>Against the mean of the last four weeks, percent.</summary>
    public double MeanImprovement => Gain(ModelMae, MeanMae);

    /// <summary>Against the same hour a week before, percent.</summary>
    public double WeekImprovement => Gain(ModelMae, WeekMae);

    /// <summary>What the oracle gains over the judged baseline: about the most any forecast could, percent (information, not the bar).</summary>
    public double OracleImprovement => Gain(OracleMae, MedianMae);

    /// <summary>The model's MAE over the oracle's, less one, percent: how far from the floor it is.</summary>
    public double AboveOracle => 100 * (ModelMae / OracleMae - 1);

    /// <summary>
    /// The bar: MAE at least <paramref name="required"/> % below every baseline's, so below the strongest's
    /// whichever that is at this horizon (the four-week median on the default set, but a trend can favour the one-week).
    /// </summary>
    public bool Meets(double required) => Improvement >= required && MeanImprovement >= required && WeekImprovement >= required;

    private static double Gain(double model, double baseline) => 100 * (1 - model / baseline);
}

/// <summary>The forecast scored on held-out weeks of synthetic meter data.</summary>
public sealed record LoadForecastReport(
    int Meters, int Seed, int TrainingWeeks, int TestWeeks, double MeanLoad, string Model, IReadOnlyList<string> Baselines,
    IReadOnlyList<LoadHorizonRow> Rows, double RequiredImprovement)
{
    /// <summary>The bar at every horizon (<see cref="LoadHorizonRow.Meets"/>).</summary>
    public bool Passes => Rows.All(r => r.Meets(RequiredImprovement));

    /// <summary>Whether the plain 15 % holds at every horizon against the judged baseline, the four-week mean and the one-week naive.</summary>
    public bool BeatsMedianBy15 => Rows.All(r => r.Improvement >= RequiredImprovement);

    public bool BeatsMeanBy15 => Rows.All(r => r.MeanImprovement >= RequiredImprovement);

    public bool BeatsWeekBy15 => Rows.All(r => r.WeekImprovement >= RequiredImprovement);
}

/// <summary>
/// Trains <see cref="LoadForecastModel"/> per energy meter on the first weeks of a synthetic telemetry set (hourly
/// means of its 5-minute load, the city's hourly temperature from the set's own weather, as a perfect weather forecast)
/// and forecasts 1–24 h ahead from every hour of the held-out last weeks. Scored hours: those with a reading that no
/// label marks as faulty (a meter fault is not load; neither model is asked to forecast it). The baselines and the
/// oracle are scored on the same hours, so every row compares like with like. The histories keep their faults.
/// </summary>
public static class LoadForecastEvaluation
{
    public const double RequiredImprovement = 15;

    /// <summary>The data set <c>citymesh eval load</c> makes when not given one: energy meters only, default weather, noise and anomalies.</summary>
    public static TelemetrySynthesisOptions DataOptions(int meters = 16, int weeks = 10) => new()
    {
        Kinds = [SensorKinds.EnergyMeter],
        SitesPerKind = meters,
        DurationHours = weeks * HourlyLoad.HoursPerWeek,
        IntervalSeconds = 300,
    };

    /// <exception cref="ArgumentException">The set has no energy meters, or the weeks do not split it; the message names what.</exception>
    public static LoadForecastReport Run(TelemetrySeries series, int testWeeks, LoadForecastOptions? options = null)
    {
        var o = options ?? new LoadForecastOptions();
        var channel = series.Channel(SensorKinds.EnergyMeter, SensorKinds.Load.Name)
            ?? throw new ArgumentException("the data set has no energy-meter load series", nameof(series));
        var hours = series.Steps * (long)series.Interval.Ticks / TimeSpan.TicksPerHour;
        var weeks = (int)(hours / HourlyLoad.HoursPerWeek);
        var trainingWeeks = weeks - testWeeks;
        if (testWeeks < 1 || trainingWeeks * 7 < o.MinTrainingDays || trainingWeeks < 4)
            throw new ArgumentException($"{testWeeks} test weeks of {weeks} leave {trainingWeeks} training weeks; at least 4 are needed (the baseline looks 4 weeks back)", nameof(testWeeks));

        var temperature = HourlyLoad.Means(series.Interval, WeatherTimeline.Of(series.Options, series.Seed).Temperature);
        var truth = NoiseFree(series);
        var truthChannel = truth.Channel(SensorKinds.EnergyMeter, SensorKinds.Load.Name)!;
        var trainHours = trainingWeeks * HourlyLoad.HoursPerWeek;
        var testEnd = weeks * HourlyLoad.HoursPerWeek;
        var horizons = o.MaxHorizonHours;
        var sums = new double[5, horizons];
        var points = new long[horizons];
        double loadSum = 0;
        long loadCount = 0;
        var model = new LoadForecastModel(o);
        // The judged baseline first: the strongest of the three on meter data (see the Energy README).
        ILoadForecaster[] baselines = [new SeasonalNaive(4, horizons, median: true), new SeasonalNaive(4, horizons), new SeasonalNaive(1, horizons)];
        var forecasts = new double[4, horizons];
        Span<double> buffer = stackalloc double[horizons];
        for (var m = 0; m < channel.SiteIndexes.Length; m++)
        {
            var id = series.Sites[channel.SiteIndexes[m]].Id;
            var load = HourlyLoad.Means(series.Start, series.Interval, channel.Row(m))[..testEnd];
            var exact = HourlyLoad.Means(truth.Start, truth.Interval, truthChannel.Row(m));
            var faulty = FaultyHours(series, id, testEnd);
            var history = new HourlyLoad(series.Start, load, temperature);
            model.Train(history, trainHours);
            for (var origin = trainHours - 1; origin < testEnd - 1; origin++)
            {
                model.Forecast(history, origin, buffer);
                Copy(buffer, forecasts, 0);
                baselines[0].Forecast(history, origin, buffer);
                Copy(buffer, forecasts, 1);
                baselines[1].Forecast(history, origin, buffer);
                Copy(buffer, forecasts, 2);
                baselines[2].Forecast(history, origin, buffer);
                Copy(buffer, forecasts, 3);
                for (var h = 1; h <= horizons && origin + h < testEnd; h++)
                {
                    var target = origin + h;
                    var actual = load[target];
                    if (double.IsNaN(actual) || faulty[target]) continue;
                    if (!double.IsFinite(forecasts[0, h - 1] + forecasts[1, h - 1] + forecasts[2, h - 1] + forecasts[3, h - 1])) continue;
                    for (var k = 0; k < 4; k++) sums[k, h - 1] += Math.Abs(forecasts[k, h - 1] - actual);
                    sums[4, h - 1] += Math.Abs(exact[target] - actual);
                    points[h - 1]++;
                    if (h == 1) { loadSum += actual; loadCount++; }
                }
            }
        }
        var rows = new LoadHorizonRow[horizons];
        for (var h = 0; h < horizons; h++)
            rows[h] = new LoadHorizonRow(h + 1, sums[0, h] / points[h], sums[1, h] / points[h], sums[2, h] / points[h], sums[3, h] / points[h], sums[4, h] / points[h], points[h]);
        return new LoadForecastReport(channel.SiteIndexes.Length, series.Seed, trainingWeeks, testWeeks, loadSum / loadCount,
            model.Name, [.. baselines.Select(b => b.Name)], rows, RequiredImprovement);
    }

    private static void Copy(ReadOnlySpan<double> from, double[,] to, int row)
    {
        for (var h = 0; h < from.Length; h++) to[row, h] = from[h];
    }

    /// <summary>Hours that any labelled anomaly of the meter touches.</summary>
    private static bool[] FaultyHours(TelemetrySeries series, string meter, int hours)
    {
        var faulty = new bool[hours];
        foreach (var label in series.Labels)
        {
            if (label.SensorId != meter) continue;
            var first = (int)Math.Floor((label.Start - series.Start).TotalHours);
            var last = (int)Math.Floor((label.End - series.Start).TotalHours);
            for (var t = Math.Max(0, first); t <= Math.Min(hours - 1, last); t++) faulty[t] = true;
        }
        return faulty;
    }

    /// <summary>
    /// The same set without noise or anomalies: the generator draws weather, site sizes, noise and anomalies from
    /// separate streams, so this is exactly the expected load behind every reading. Energy meters only: their rows keep
    /// their order, and other kinds' streams do not touch them.
    /// </summary>
    private static TelemetrySeries NoiseFree(TelemetrySeries series)
    {
        var rates = new AnomalyRates();
        var o = series.Options with
        {
            Kinds = [SensorKinds.EnergyMeter],
            Noise = series.Options.Noise with { Sigma = 0 },
            Anomalies = new AnomalyRates
            {
                Spike = rates.Spike with { Rate = 0 }, LevelShift = rates.LevelShift with { Rate = 0 }, Drift = rates.Drift with { Rate = 0 },
                Stuck = rates.Stuck with { Rate = 0 }, Dropout = rates.Dropout with { Rate = 0 }, Leak = rates.Leak with { Rate = 0 },
            },
        };
        return TelemetryDataset.Generate(o, series.Sites, series.Seed);
    }
}
