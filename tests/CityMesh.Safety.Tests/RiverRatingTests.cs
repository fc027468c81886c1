using CityMesh.Safety;
using CityMesh.Safety.Forecast;

namespace CityMesh.Safety.Tests;

public sealed class RiverRatingTests
{
    private static readonly SafetyOptions Options = new() { BankfullDischarge = 500, ForecastHours = 2, MaxRiseMetres = 1 };

    [Fact]
    public void At_the_alert_line_the_river_is_at_bankfull_and_the_discharge_follows_the_five_thirds_rating()
    {
        Assert.Equal(500, RiverRating.Discharge(1.5, 1.5, Options), 9);
        // Half again the stage: 1.5^(5/3) = 1.9656 times bankfull (Manning, wide channel).
        Assert.Equal(500 * Math.Pow(1.5, 5.0 / 3.0), RiverRating.Discharge(2.25, 1.5, Options), 9);
        Assert.Equal(0, RiverRating.Discharge(-0.2, 1.5, Options));
    }

    [Fact]
    public void The_trend_is_followed_for_half_the_horizon_at_most_the_largest_rise_then_held()
    {
        var flat = RiverRating.Hydrograph(1.5, 1.5, null, Options);
        Assert.Equal(9, flat.Count); // every quarter hour over 2 h, both ends
        Assert.All(flat, p => Assert.Equal(500, p.CubicMetresPerSecond, 3));

        var rising = RiverRating.Hydrograph(1.5, 1.5, 0.4, Options);
        Assert.Equal(RiverRating.Discharge(1.5 + 0.4 * 0.5, 1.5, Options), rising.Single(p => p.Hour == 0.5).CubicMetresPerSecond, 3);
        // 0.4 m/h for the first hour (half of 2 h), then held.
        Assert.Equal(RiverRating.Discharge(1.9, 1.5, Options), rising[^1].CubicMetresPerSecond, 3);
        Assert.Equal(rising.Single(p => p.Hour == 1).CubicMetresPerSecond, rising[^1].CubicMetresPerSecond);

        var steep = RiverRating.Hydrograph(1.5, 1.5, 30, Options);
        Assert.Equal(RiverRating.Discharge(2.5, 1.5, Options), steep[^1].CubicMetresPerSecond, 3); // capped 1 m above

        var falling = RiverRating.Hydrograph(0.5, 1.5, -2, Options);
        Assert.Equal(0, falling[^1].CubicMetresPerSecond);
        Assert.Throws<ArgumentOutOfRangeException>(() => RiverRating.Hydrograph(1, 0, null, Options));
    }
}
