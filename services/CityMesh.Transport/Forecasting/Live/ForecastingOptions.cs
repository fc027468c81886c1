using CityMesh.Limits.Settings;

namespace CityMesh.Transport.Forecasting.Live;

/// <summary>How the live forecaster is trained, under <c>CityMesh:Transport:Forecasting</c>.</summary>
public sealed record ForecastingOptions : ISettings<ForecastingOptions>
{
    public const string Section = "CityMesh:Transport:Forecasting";

    static string ISettings<ForecastingOptions>.Section => Section;

    /// <summary>Train as soon as the road network is read (<c>citymesh up</c> does); otherwise on the first forecast asked for.</summary>
    public bool TrainAtStart { get; init; }

    /// <summary>
    /// A CityFlow flow JSON on the city's network: the hour of demand each simulated training day replays along the
    /// daily profile. Null draws that hour from the detectors' flows at training time.
    /// </summary>
    public string? TrainingFlow { get; init; }

    /// <summary>Simulated days to train on (weekdays and a weekend from 7).</summary>
    public int TrainingDays { get; init; } = 7;

    public ulong Seed { get; init; } = 42;

    /// <exception cref="InvalidOperationException">A setting out of range, or a flow file missing; the message names the key.</exception>
    public ForecastingOptions Validated()
    {
        if (TrainingDays is < 2 or > 60)
            throw new InvalidOperationException($"{Section}:TrainingDays is {TrainingDays}; it must be from 2 to 60.");
        if (TrainingFlow is { } path && !File.Exists(path))
            throw new InvalidOperationException($"{Section}:TrainingFlow is '{path}', which does not exist.");
        return this;
    }
}
