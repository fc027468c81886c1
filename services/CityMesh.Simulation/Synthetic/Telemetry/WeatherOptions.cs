using System.ComponentModel;

namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// City-wide weather: rain showers (slowing and thinning traffic, washing particulates and NO2 out of the air) and an
/// air temperature whose distance from a comfortable 18 °C drives heating and cooling load.
/// </summary>
public sealed record WeatherOptions
{
    [Description("Chance that a given day has a rain shower, 0 to 1.")]
    public double RainProbabilityPerDay { get; init; } = 0.3;

    [Description("Peak intensity of a shower, 0 (none) to 1 (downpour: traffic speed -25 %, flow -15 %, PM2.5 -60 %).")]
    public ValueRange RainIntensity { get; init; } = new(0.3, 1.0);

    [Description("How long a shower lasts, hours.")]
    public ValueRange RainHours { get; init; } = new(1, 6);

    [Description("Mean air temperature, °C.")]
    public double MeanTemperature { get; init; } = 15;

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
    }
}
