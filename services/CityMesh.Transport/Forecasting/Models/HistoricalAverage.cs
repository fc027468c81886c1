using CityMesh.Transport.Forecasting.Data;

namespace CityMesh.Transport.Forecasting.Models;

/// <summary>
/// The baseline: the mean of the training days' readings per detector, day type (weekday, weekend) and 5-minute
/// slot of day. A day type without training days borrows the other's means. Readings that are NaN do not count.
/// </summary>
public sealed class HistoricalAverage : IForecastModel
{
    public const string ModelName = "historical-average";
    private const int DayTypes = 2;
    private readonly int _roads;
    // [quantity][(road × 2 + dayType) × 288 + slot]: sums and counts kept for leave-one-out residuals.
    private readonly double[][] _sum = new double[2][];
    private readonly int[][] _count = new int[2][];
    private readonly float[][] _mean = new float[2][];

    public HistoricalAverage(ForecastDataSet set, IReadOnlyCollection<int> trainingDays)
    {
        _roads = set.Roads.Count;
        int slots = ForecastDataSet.SlotsPerDay;
        foreach (var q in (Quantity[])[Quantity.Flow, Quantity.Speed])
        {
            var series = set.Series(q);
            var sum = _sum[(int)q] = new double[_roads * DayTypes * slots];
            var count = _count[(int)q] = new int[sum.Length];
            for (int r = 0; r < _roads; r++)
                foreach (int d in trainingDays)
                {
                    int row = Row(r, set.IsWeekend(d));
                    int from = set.Index(r, d, 0);
                    for (int s = 0; s < slots; s++)
                    {
                        var x = series[from + s];
                        if (float.IsNaN(x)) continue;
                        sum[row + s] += x;
                        count[row + s]++;
                    }
                }
            var mean = _mean[(int)q] = new float[sum.Length];
            for (int r = 0; r < _roads; r++)
                for (int s = 0; s < slots; s++)
                    for (int t = 0; t < DayTypes; t++)
                    {
                        int k = Row(r, t == 1) + s, other = Row(r, t == 0) + s;
                        mean[k] = count[k] > 0 ? (float)(sum[k] / count[k]) : count[other] > 0 ? (float)(sum[other] / count[other]) : float.NaN;
                    }
        }
    }

    public string Name => ModelName;

    public int Roads => _roads;

    /// <summary>The mean for a road at a slot of day (wrapping past midnight) on a weekday or weekend day.</summary>
    public float Mean(Quantity quantity, int road, int slot, bool weekend) =>
        _mean[(int)quantity][Row(road, weekend) + Wrap(slot)];

    /// <summary>
    /// The mean with <paramref name="value"/> (one training day's reading there) left out, so a model fitted on
    /// training residuals sees residuals as large as on days the average never saw.
    /// </summary>
    public float MeanWithout(Quantity quantity, int road, int slot, bool weekend, float value)
    {
        int k = Row(road, weekend) + Wrap(slot);
        int n = _count[(int)quantity][k];
        return n > 1 && !float.IsNaN(value) ? (float)((_sum[(int)quantity][k] - value) / (n - 1)) : _mean[(int)quantity][k];
    }

    public double Predict(IForecastOrigin origin, Quantity quantity, int road, int steps) =>
        Mean(quantity, road, origin.Slot + steps, origin.Weekend);

    private static int Row(int road, bool weekend) => (road * DayTypes + (weekend ? 1 : 0)) * ForecastDataSet.SlotsPerDay;

    private static int Wrap(int slot) => ((slot % ForecastDataSet.SlotsPerDay) + ForecastDataSet.SlotsPerDay) % ForecastDataSet.SlotsPerDay;
}
