using CityMesh.Transport.Forecasting.Data;

namespace CityMesh.Transport.Forecasting.Models;

/// <summary>
/// The moment a forecast is made from: the last complete 5-minute slot and what every detector read up to it. The
/// same view serves the evaluation (a data set's day and slot) and live use (the forecaster's recent readings).
/// </summary>
public interface IForecastOrigin
{
    /// <summary>Slot of day (0..287) of the last complete slot.</summary>
    int Slot { get; }

    bool Weekend { get; }

    /// <summary>What <paramref name="road"/> read <paramref name="lag"/> slots before the origin; NaN when nothing was read.</summary>
    float Observed(Quantity quantity, int road, int lag);
}
