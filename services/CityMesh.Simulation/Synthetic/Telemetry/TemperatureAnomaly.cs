namespace CityMesh.Simulation.Synthetic.Telemetry;

/// <summary>
/// Warm and cold spells: a day-to-day temperature anomaly, AR(1) from one day to the next,
/// a_d = φ·a_(d−1) + σ·√(1 − φ²)·ε_d with the first day drawn from the stationary N(0, σ²), so every day's anomaly has
/// standard deviation σ and consecutive days correlation φ (a spell fades by e after 1 / −ln φ days: 2.8 at φ = 0.7).
/// Each day's value sits at its local noon and is eased to the next by a half cosine, so the anomaly moves through the
/// day with no step at midnight (between two noons its variance dips to σ²(1 + φ)/2 at most).
/// </summary>
internal sealed class TemperatureAnomaly
{
    private readonly DateTime _firstNoon;
    private readonly double[] _noons;

    /// <param name="firstDay">Local midnight of the first day that <see cref="At"/> is asked about.</param>
    /// <param name="days">Days from <paramref name="firstDay"/> to cover.</param>
    public TemperatureAnomaly(DateTime firstDay, int days, double sigma, double persistence, GaussianSource gauss)
    {
        // A noon before the first day and one after the last, so every hour lies between two of them.
        _firstNoon = firstDay.AddHours(-12);
        _noons = new double[days + 2];
        var innovation = sigma * Math.Sqrt(1 - persistence * persistence);
        for (var d = 0; d < _noons.Length; d++)
            _noons[d] = d == 0 ? sigma * gauss.Next() : persistence * _noons[d - 1] + innovation * gauss.Next();
    }

    /// <summary>The anomaly in °C at a local time within the days given.</summary>
    public double At(DateTime local)
    {
        var x = Math.Clamp((local - _firstNoon).TotalDays, 0, _noons.Length - 1);
        var d = Math.Min((int)x, _noons.Length - 2);
        var ease = (1 - Math.Cos(Math.PI * (x - d))) / 2;
        return _noons[d] + (_noons[d + 1] - _noons[d]) * ease;
    }
}
