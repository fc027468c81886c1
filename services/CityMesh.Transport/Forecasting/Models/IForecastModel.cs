using CityMesh.Transport.Forecasting.Data;

namespace CityMesh.Transport.Forecasting.Models;

/// <summary>A short-term forecaster of a detector's flow or speed.</summary>
public interface IForecastModel
{
    /// <summary>Short name reported with every forecast, e.g. "historical-average".</summary>
    string Name { get; }

    /// <summary>The forecast of <paramref name="quantity"/> on <paramref name="road"/>, <paramref name="steps"/> 5-minute slots after the origin.</summary>
    double Predict(IForecastOrigin origin, Quantity quantity, int road, int steps);
}
