using CityMesh.Simulation.Statistics;
using CityMesh.Transport.Forecasting.Data;

namespace CityMesh.Transport.Forecasting.Models;

/// <summary>
/// Direct multi-horizon seasonal AR with neighbours: the forecast is the historical average at the target slot plus
/// a linear prediction of the deviation from it (the residual). A day that runs above or below its average (weather,
/// an event) or a road held up by an incident keeps deviating for a while, and the deviation travels along the road
/// graph; the average alone cannot see either. Features, each a residual divided by the road's residual spread:
/// <list type="bullet">
/// <item>the road: its last four slots, its mean over the last hour and over the last three hours, its other quantity now;</item>
/// <item>its neighbours: the mean of its upstream and of its downstream roads at the last two slots;</item>
/// <item>the city: the mean over all roads now, over the last hour and over the last three hours (a demand level moves
/// every road at once, and 62 roads see it through far less noise than one; three hours tell the day's level from the
/// hour's wander);</item>
/// <item>the target slot: how far the mean of it and its two neighbouring slots lies from its own mean (weekdays and
/// weekends apart), so the fit learns how far to trust one slot's mean over a handful of days.</item>
/// </list>
/// One ridge regression per quantity and horizon ("direct", so 60-minute errors do not compound through 12 recursive
/// steps), pooled over every road and training slot; training residuals are taken against the average with that day
/// left out, so the fit sees deviations as large as on days the average never saw. Not thread-safe (it keeps the last
/// origin's city-wide figures): callers serialise, as <see cref="Live.DetectorForecaster"/> does.
/// </summary>
public sealed class ResidualAutoregression : IForecastModel
{
    public const string ModelName = "residual-ar";
    public const int Features = 17;
    /// <summary>Slots of history a forecast needs for the road itself (the neighbours' and the hour mean's may be missing).</summary>
    public const int OwnLags = 4;
    private const int HourSlots = 12;
    private const int DaySlots = 36;
    private const double Lambda = 1e-3;

    private readonly HistoricalAverage _average;
    private readonly DetectorNeighbours _neighbours;
    private readonly int[] _steps;
    private readonly float[][] _scale = new float[2][];
    // [quantity][horizon index][feature]
    private readonly double[][][] _beta = new double[2][][];

    public ResidualAutoregression(ForecastDataSet set, IReadOnlyCollection<int> trainingDays, HistoricalAverage average, DetectorNeighbours neighbours)
    {
        _average = average;
        _neighbours = neighbours;
        _steps = ForecastHorizons.Minutes.Select(ForecastHorizons.Steps).ToArray();
        var origin = new DataSetOrigin(set);
        foreach (var q in (Quantity[])[Quantity.Flow, Quantity.Speed]) _scale[(int)q] = ResidualSpread(set, trainingDays, q, origin);
        var x = new double[Features];
        foreach (var q in (Quantity[])[Quantity.Flow, Quantity.Speed])
        {
            var fits = _steps.Select(_ => new RidgeRegression(Features)).ToArray();
            foreach (int d in trainingDays)
                for (int slot = 0; slot < ForecastDataSet.SlotsPerDay - 1; slot++)
                {
                    origin.At(d, slot);
                    for (int r = 0; r < set.Roads.Count; r++)
                    {
                        if (float.IsNaN(origin.Observed(q, r, 0))) continue;
                        FillFeatures(origin, q, r, training: true, x);
                        for (int h = 0; h < _steps.Length; h++)
                        {
                            var actual = origin.Actual(q, r, _steps[h]);
                            if (float.IsNaN(actual)) continue;
                            var mean = _average.MeanWithout(q, r, slot + _steps[h], origin.Weekend, actual);
                            if (float.IsNaN(mean)) continue;
                            TargetFeatures(origin, q, r, _steps[h], training: true, x);
                            fits[h].Add(x, (actual - mean) / _scale[(int)q][r]);
                        }
                    }
                }
            _beta[(int)q] = fits.Select(f => f.Solve(Lambda)).ToArray();
        }
    }

    public string Name => ModelName;

    /// <summary>The fitted coefficients of a quantity at a horizon (minutes), in feature order.</summary>
    public IReadOnlyList<double> Coefficients(Quantity quantity, int minutes) =>
        _beta[(int)quantity][Array.IndexOf(_steps, ForecastHorizons.Steps(minutes))];

    public double Predict(IForecastOrigin origin, Quantity quantity, int road, int steps)
    {
        int h = Array.IndexOf(_steps, steps);
        if (h < 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, $"The model was fitted for {string.Join(", ", _steps)} slots ahead.");
        var mean = _average.Mean(quantity, road, origin.Slot + steps, origin.Weekend);
        if (float.IsNaN(mean)) return origin.Observed(quantity, road, 0);
        Span<double> x = stackalloc double[Features];
        FillFeatures(origin, quantity, road, training: false, x);
        TargetFeatures(origin, quantity, road, steps, training: false, x);
        var beta = _beta[(int)quantity][h];
        double y = 0;
        for (int i = 0; i < Features; i++) y += beta[i] * x[i];
        return Math.Max(0, mean + _scale[(int)quantity][road] * y);
    }

    private void FillFeatures(IForecastOrigin origin, Quantity q, int road, bool training, Span<double> x)
    {
        x[0] = 1;
        for (int lag = 0; lag < OwnLags; lag++) x[1 + lag] = Residual(origin, q, road, lag, training);
        double hour = 0;
        for (int lag = 0; lag < HourSlots; lag++) hour += Residual(origin, q, road, lag, training);
        x[5] = hour / HourSlots;
        x[6] = MeanResidual(origin, q, _neighbours.Upstream[road], 0, training);
        x[7] = MeanResidual(origin, q, _neighbours.Upstream[road], 1, training);
        x[8] = MeanResidual(origin, q, _neighbours.Downstream[road], 0, training);
        x[9] = MeanResidual(origin, q, _neighbours.Downstream[road], 1, training);
        x[10] = Residual(origin, q == Quantity.Flow ? Quantity.Speed : Quantity.Flow, road, 0, training);
        // The city-wide deviation: demand levels (weather, events) move every road at once, and the mean over all
        // roads sees them through far less noise than one road's reading does. The last three hours tell the day's
        // level from the hour's wander.
        var city = CityDeviation(origin, q, training);
        x[11] = city.Now;
        x[12] = city.Hour;
        x[15] = city.ThreeHours;
        double own = 0;
        for (int lag = 0; lag < DaySlots; lag++) own += Residual(origin, q, road, lag, training);
        x[16] = own / DaySlots;
    }

    private readonly record struct CityLevel(double Now, double Hour, double ThreeHours);

    private (IForecastOrigin Origin, int Day, int Slot, Quantity Q, bool Training) _cityKey;
    private CityLevel _city;

    /// <summary>Mean residual over all roads: at the origin, over its hour, over its three hours; kept for the origin's other roads.</summary>
    private CityLevel CityDeviation(IForecastOrigin origin, Quantity q, bool training)
    {
        var key = (origin, origin is DataSetOrigin d ? d.Day : -1, origin.Slot, q, training);
        if (key == _cityKey) return _city;
        int roads = _neighbours.Upstream.Count;
        double now = 0, hour = 0, three = 0;
        for (int r = 0; r < roads; r++)
            for (int lag = 0; lag < DaySlots; lag++)
            {
                var v = Residual(origin, q, r, lag, training);
                three += v;
                if (lag < HourSlots) hour += v;
                if (lag == 0) now += v;
            }
        _cityKey = key;
        return _city = new CityLevel(now / roads, hour / (roads * HourSlots), three / (roads * DaySlots));
    }

    /// <summary>Smoothed minus single-slot average at the target, in the road's units; in training both leave that day out.</summary>
    private void TargetFeatures(IForecastOrigin origin, Quantity q, int road, int steps, bool training, Span<double> x)
    {
        int target = origin.Slot + steps;
        float Mean(int offset)
        {
            if (!training) return _average.Mean(q, road, target + offset, origin.Weekend);
            var day = (DataSetOrigin)origin;
            return _average.MeanWithout(q, road, target + offset, origin.Weekend, day.Actual(q, road, steps + offset));
        }
        float centre = Mean(0), smoothed = (Mean(-1) + centre + Mean(1)) / 3;
        double gap = float.IsNaN(smoothed) || float.IsNaN(centre) ? 0 : (smoothed - centre) / _scale[(int)q][road];
        x[13] = origin.Weekend ? 0 : gap;
        x[14] = origin.Weekend ? gap : 0;
    }

    private double MeanResidual(IForecastOrigin origin, Quantity q, int[] roads, int lag, bool training)
    {
        if (roads.Length == 0) return 0;
        double sum = 0;
        foreach (int r in roads) sum += Residual(origin, q, r, lag, training);
        return sum / roads.Length;
    }

    /// <summary>A reading's deviation from the average in units of the road's spread; 0 (no news) when nothing was read.</summary>
    private double Residual(IForecastOrigin origin, Quantity q, int road, int lag, bool training)
    {
        var x = origin.Observed(q, road, lag);
        if (float.IsNaN(x)) return 0;
        var mean = training ? _average.MeanWithout(q, road, origin.Slot - lag, origin.Weekend, x) : _average.Mean(q, road, origin.Slot - lag, origin.Weekend);
        return float.IsNaN(mean) ? 0 : (x - mean) / _scale[(int)q][road];
    }

    /// <summary>Root mean square of each road's leave-one-out residuals, floored so a quiet road does not blow up its features.</summary>
    private float[] ResidualSpread(ForecastDataSet set, IReadOnlyCollection<int> days, Quantity q, DataSetOrigin origin)
    {
        var spread = new float[set.Roads.Count];
        float floor = q == Quantity.Flow ? 10f : 0.5f;
        for (int r = 0; r < set.Roads.Count; r++)
        {
            double sum = 0;
            long n = 0;
            foreach (int d in days)
            {
                origin.At(d, 0);
                for (int s = 0; s < ForecastDataSet.SlotsPerDay; s++)
                {
                    var x = origin.Actual(q, r, s);
                    var mean = _average.MeanWithout(q, r, s, origin.Weekend, x);
                    if (float.IsNaN(x) || float.IsNaN(mean)) continue;
                    sum += (x - mean) * (x - mean);
                    n++;
                }
            }
            spread[r] = Math.Max(floor, n > 0 ? (float)Math.Sqrt(sum / n) : floor);
        }
        return spread;
    }
}
