namespace CityMesh.Simulation.Statistics;

/// <summary>MAE, RMSE and MAPE of a set of forecasts (one model at one horizon, say).</summary>
/// <param name="Points">Forecasts scored (actuals that were read).</param>
/// <param name="MapePoints">Of those, the ones MAPE counts: actual at or above the floor (see <see cref="ErrorAccumulator"/>).</param>
public sealed record ErrorMetrics(double Mae, double Rmse, double Mape, long Points, long MapePoints);

/// <summary>
/// Sums for <see cref="ErrorMetrics"/>. MAPE is the mean of |error| / actual in percent over points whose actual is at
/// least <c>mapeFloor</c>: near-zero actuals (a near-empty road at night, 0–2 vehicles in five minutes) would otherwise
/// make the percentage unbounded and decide the whole figure; the points left out still count in MAE and RMSE.
/// </summary>
public sealed class ErrorAccumulator(double mapeFloor)
{
    private double _absolute, _squared, _percent;
    private long _points, _mapePoints;

    public void Add(double forecast, double actual)
    {
        if (double.IsNaN(actual) || double.IsNaN(forecast)) return;
        double error = forecast - actual;
        _absolute += Math.Abs(error);
        _squared += error * error;
        _points++;
        if (Math.Abs(actual) >= mapeFloor)
        {
            _percent += Math.Abs(error) / Math.Abs(actual);
            _mapePoints++;
        }
    }

    public ErrorMetrics Result() => new(
        _points > 0 ? _absolute / _points : double.NaN,
        _points > 0 ? Math.Sqrt(_squared / _points) : double.NaN,
        _mapePoints > 0 ? 100 * _percent / _mapePoints : double.NaN,
        _points, _mapePoints);
}
