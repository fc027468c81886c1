namespace CityMesh.Simulation.Energy.Forecast;

/// <summary>
/// A load forecast 1 to <see cref="MaxHorizonHours"/> hours ahead, what the energy service calls: train on a series'
/// history, then each hour forecast from the last complete hour. Implementations keep what they learn in arrays and
/// forecast without allocating.
/// </summary>
public interface ILoadForecaster
{
    string Name { get; }

    int MaxHorizonHours { get; }

    /// <summary>Learns from the hours of <paramref name="history"/> before <paramref name="end"/> (a baseline learns nothing).</summary>
    void Train(HourlyLoad history, int end);

    /// <summary>
    /// <c>forecast[h − 1]</c> is the load at hour <paramref name="origin"/> + h, from the hours up to and including
    /// <paramref name="origin"/> (the last complete hour; later loads are not read, later temperatures are the weather
    /// forecast). NaN where the method has nothing to go on.
    /// </summary>
    void Forecast(HourlyLoad history, int origin, Span<double> forecast);
}
