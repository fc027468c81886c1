using CityMesh.Health.Forecasting.Data;
using CityMesh.Health.Forecasting.Models;

namespace CityMesh.Health.Tests.Forecasting;

public sealed class SeasonalNaiveTests
{
    /// <summary>Five weeks of one hospital, Monday 6 January 2025 on: day d admits 50 + d + 10 × (d mod 7).</summary>
    private static readonly AdmissionsSeries FiveWeeks = AdmissionsSeries.FromHospitals(new DateOnly(2025, 1, 6),
        [new("h1", Enumerable.Range(0, 35).Select(d => 50 + d + 10 * (d % 7)).ToArray())]);

    [Fact]
    public void The_forecast_is_the_mean_of_the_same_weekday_in_the_last_four_weeks()
    {
        var baseline = new SeasonalNaive();
        // Origin day 27 (a Sunday); day 28 is a Monday: the Mondays before are days 21, 14, 7 and 0, admitting
        // 71, 64, 57 and 50.
        Assert.Equal((71 + 64 + 57 + 50) / 4.0, baseline.Predict(FiveWeeks, 0, origin: 27, horizon: 1), 12);
        // Seven days ahead of day 27 is day 34 (a Sunday): days 27, 20, 13 and 6 admit 137, 130, 123 and 116.
        Assert.Equal((137 + 130 + 123 + 116) / 4.0, baseline.Predict(FiveWeeks, 0, origin: 27, horizon: 7), 12);
        // Three weeks: days 31 - 7, 31 - 14, 31 - 21 = 24, 17, 10, admitting 104, 97, 90.
        Assert.Equal((104 + 97 + 90) / 3.0, new SeasonalNaive(weeks: 3).Predict(FiveWeeks, 0, origin: 30, horizon: 1), 12);
    }

    [Fact]
    public void An_origin_without_four_weeks_before_the_target_is_refused()
    {
        var baseline = new SeasonalNaive();
        Assert.Equal(27, baseline.FirstOrigin);
        Assert.Throws<ArgumentOutOfRangeException>(() => baseline.Predict(FiveWeeks, 0, origin: 26, horizon: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => baseline.Predict(FiveWeeks, 0, origin: 27, horizon: 8));
    }
}
