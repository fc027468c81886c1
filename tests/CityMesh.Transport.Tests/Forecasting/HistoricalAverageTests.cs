using CityMesh.Transport.Forecasting.Data;
using CityMesh.Transport.Forecasting.Models;

namespace CityMesh.Transport.Tests.Forecasting;

public sealed class HistoricalAverageTests
{
    [Fact]
    public void Slot_means_are_per_road_day_type_and_slot_over_training_days_only()
    {
        // Monday 2 March 2026: days 0–4 weekdays, 5–6 weekend, 7 a Monday left out of training.
        var set = SyntheticSets.Make(2, 8, (r, d, s) => 100 * r + 10 * d + s % 3);
        var average = new HistoricalAverage(set, [0, 1, 2, 3, 4, 5, 6]);
        Assert.Equal(100 + 10 * 2 + 1, average.Mean(Quantity.Flow, 1, 4, weekend: false), 3);  // days 0–4: mean 2
        Assert.Equal(10 * 5.5f + 2, average.Mean(Quantity.Flow, 0, 5, weekend: true), 3);      // days 5, 6
        Assert.Equal(10 * 2 + 0, average.Mean(Quantity.Speed, 0, ForecastDataSet.SlotsPerDay, weekend: false), 3); // wraps to slot 0
        // Leaving out day 4's own reading (40 + 1 at slot 4) leaves days 0–3.
        Assert.Equal(10 * 1.5f + 1, average.MeanWithout(Quantity.Flow, 0, 4, false, 41), 3);
    }

    [Fact]
    public void Missing_readings_do_not_count_and_a_day_type_without_days_borrows()
    {
        var set = SyntheticSets.Make(1, 3, (_, d, _) => d == 1 ? float.NaN : 10 + d);
        var average = new HistoricalAverage(set, [0, 1, 2]);
        Assert.Equal(11, average.Mean(Quantity.Flow, 0, 7, weekend: false), 3); // days 0 and 2
        Assert.Equal(11, average.Mean(Quantity.Flow, 0, 7, weekend: true), 3);  // no weekend trained: the weekday mean
    }
}
