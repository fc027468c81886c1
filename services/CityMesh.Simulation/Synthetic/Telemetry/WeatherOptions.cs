using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// City-wide weather: rain showers (slowing and thinning traffic, washing particulates and NO2 out of the air) and an
/// air temperature that drives heating load below 15 °C and cooling load above 22 °C (<see cref="CleanSeries"/>).
/// The temperature is the season, warm and cold spells lasting days, and the day's cycle: the spells are what a
/// weather-aware load forecast knows and a seasonal naive cannot, as on real grids.
/// <para>
/// The defaults are a mid-latitude continental city like the default anchor, Jinan (climate normals: an annual mean of
/// about 15 °C, January about 0 °C, July about 27 °C). Day-to-day variability: the standard deviation of daily-mean
/// temperature anomalies at mid-latitude stations is of the order of 2–3 °C in summer and 3–5 °C in winter, the
/// larger inland (see e.g. Moberg et al. 2000, doi:10.1029/2000JD900300, who take the intramonthly standard deviation
/// of daily anomalies as the measure of day-to-day variability in long European series; James &amp; Argüez 2015,
/// doi:10.1175/JTECH-D-15-0086.1, for US stations), and the anomalies persist for a few days as weather systems pass,
/// a lag-one correlation of about 0.6–0.8 when fitted as AR(1). The defaults, 3 °C and 0.7, sit in the middle of
/// those ranges; they are typical orders of magnitude, not one station's fitted values.
/// </para>
/// </summary>
public sealed record WeatherOptions
{
    [Description("Chance that a given day has a rain shower, 0 to 1.")]
    public double RainProbabilityPerDay { get; init; } = 0.3;

    [Description("Peak intensity of a shower, 0 (none) to 1 (downpour: traffic speed -25 %, flow -15 %, PM2.5 -60 %).")]
    public ValueRange RainIntensity { get; init; } = new(0.3, 1.0);

    [Description("How long a shower lasts, hours.")]
    public ValueRange RainHours { get; init; } = new(1, 6);

    [Description("Annual mean air temperature, °C (the season swings about it).")]
    public double MeanTemperature { get; init; } = 15;

    [Description("Half the difference between the warmest and the coldest time of year, °C: an annual cosine about the mean (about 14 for Jinan; 0 for no season).")]
    public double SeasonalSwing { get; init; } = 14;

    [Description("Day of the year (1-366) the season is warmest; about a month after the summer solstice: 200 (19 July) north of the equator, 20 (20 January) south of it.")]
    public double WarmestDayOfYear { get; init; } = 200;

    [Description("Standard deviation of the day-to-day temperature anomaly (warm and cold spells), °C; 2-5 °C at mid-latitude stations, 0 for none.")]
    public double DailyAnomalySigma { get; init; } = 3;

    [Description("Correlation of one day's temperature anomaly with the next's (AR(1)), 0 to 0.99; 0.7 makes spells fade over about 3 days.")]
    public double DailyAnomalyPersistence { get; init; } = 0.7;

    [Description("Half the day-night temperature swing, °C (warmest at 15:00).")]
    public double TemperatureSwing { get; init; } = 6;

    internal IEnumerable<SynthesisOptionError> Check(string path)
    {
        if (!double.IsFinite(RainProbabilityPerDay) || RainProbabilityPerDay < 0 || RainProbabilityPerDay > 1)
            yield return new($"{path}.rainProbabilityPerDay", $"must be 0 to 1 (got {RainProbabilityPerDay})");
        if (RainIntensity is null) yield return new($"{path}.rainIntensity", "is required");
        else foreach (var e in RainIntensity.Check($"{path}.rainIntensity", 0, 1)) yield return e;
        if (RainHours is null) yield return new($"{path}.rainHours", "is required");
        else foreach (var e in RainHours.Check($"{path}.rainHours", 0.1, 24)) yield return e;
        if (!double.IsFinite(MeanTemperature) || MeanTemperature < -40 || MeanTemperature > 45)
            yield return new($"{path}.meanTemperature", $"must be -40 to 45 °C (got {MeanTemperature})");
        if (!double.IsFinite(TemperatureSwing) || TemperatureSwing < 0 || TemperatureSwing > 20)
            yield return new($"{path}.temperatureSwing", $"must be 0 to 20 °C (got {TemperatureSwing})");
        if (!double.IsFinite(SeasonalSwing) || SeasonalSwing < 0 || SeasonalSwing > 30)
            yield return new($"{path}.seasonalSwing", $"must be 0 to 30 °C (got {SeasonalSwing})");
        if (!double.IsFinite(WarmestDayOfYear) || WarmestDayOfYear < 1 || WarmestDayOfYear > 366)
            yield return new($"{path}.warmestDayOfYear", $"must be 1 to 366 (got {WarmestDayOfYear})");
        if (!double.IsFinite(DailyAnomalySigma) || DailyAnomalySigma < 0 || DailyAnomalySigma > 15)
            yield return new($"{path}.dailyAnomalySigma", $"must be 0 to 15 °C (got {DailyAnomalySigma})");
        if (!double.IsFinite(DailyAnomalyPersistence) || DailyAnomalyPersistence < 0 || DailyAnomalyPersistence > 0.99)
            yield return new($"{path}.dailyAnomalyPersistence", $"must be 0 to 0.99 (got {DailyAnomalyPersistence})");
    }
}
