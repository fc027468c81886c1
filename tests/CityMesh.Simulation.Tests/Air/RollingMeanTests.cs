using CityMesh.Simulation.Air.Index;

namespace CityMesh.Simulation.Tests.Air;

/// <summary>Time-weighted means with the 75 % coverage rule; expected values worked by hand (exact to 1e-9).</summary>
public sealed class RollingMeanTests
{
    private static readonly DateTimeOffset T0 = new(2025, 1, 6, 0, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Irregular_readings_weigh_by_the_time_they_stand_for()
    {
        var mean = new RollingMean(TimeSpan.FromMinutes(30));
        // Each reading is the mean of the interval it ends: 10 for 00:00–00:40, 40 for 00:40–01:00.
        mean.Add(T0, 99); // before the window: only bounds the next reading's interval
        mean.Add(T0.AddMinutes(20), 10);
        mean.Add(T0.AddMinutes(40), 10);
        mean.Add(T0.AddMinutes(60), 40);
        var hour = mean.Mean(T0.AddHours(1), 1)!;
        Assert.Equal((40 * 10 + 20 * 40) / 60.0, hour.Value, 1e-9);
        Assert.Equal(1, hour.Coverage, 1e-9);
        Assert.True(hour.Valid);
    }

    [Fact]
    public void A_gap_lowers_coverage_and_under_75_percent_the_mean_is_not_valid()
    {
        var mean = new RollingMean(TimeSpan.FromMinutes(5));
        for (var m = 5; m <= 60; m += 5)
            if (m is <= 20 or > 40) mean.Add(T0.AddMinutes(m), 20); // 00:20–00:40 missing
        var hour = mean.Mean(T0.AddHours(1), 1)!;
        Assert.Equal(40 / 60.0, hour.Coverage, 1e-9);
        Assert.False(hour.Valid);
        Assert.Equal(20, hour.Value, 1e-9);
    }

    [Fact]
    public void Six_of_eight_hours_make_a_valid_8_hour_mean()
    {
        var mean = new RollingMean(TimeSpan.FromHours(1));
        for (var h = 1; h <= 8; h++)
            if (h is not (3 or 4)) mean.Add(T0.AddHours(h), h);
        var eight = mean.Mean(T0.AddHours(8), 8)!;
        Assert.Equal(0.75, eight.Coverage, 1e-9);
        Assert.True(eight.Valid);
        Assert.Equal((1 + 2 + 5 + 6 + 7 + 8) / 6.0, eight.Value, 1e-9);
    }

    [Fact]
    public void Late_readings_take_their_place_and_NaN_is_a_gap()
    {
        var mean = new RollingMean(TimeSpan.FromMinutes(30));
        mean.Add(T0.AddMinutes(60), 30);
        mean.Add(T0.AddMinutes(30), 10);
        mean.Add(T0.AddMinutes(45), double.NaN);
        Assert.Equal(2, mean.Count);
        var hour = mean.Mean(T0.AddHours(1), 1)!;
        Assert.Equal(20, hour.Value, 1e-9); // 10 over 00:00–00:30 (its own 30 min), 30 over 00:30–01:00
        Assert.Null(mean.Mean(T0.AddHours(3), 1));
    }
}

/// <summary>A station's means per pollutant, handed to the index only when valid.</summary>
public sealed class StationMeansTests
{
    [Fact]
    public void Only_valid_means_of_covered_pollutants_reach_the_index()
    {
        var t0 = new DateTimeOffset(2025, 1, 6, 0, 0, 0, TimeSpan.FromHours(8));
        var station = new StationMeans(TimeSpan.FromMinutes(10));
        for (var m = 10; m <= 24 * 60; m += 10)
        {
            station.Add("pm25", t0.AddMinutes(m), 30);
            if (m > 12 * 60) station.Add("no2", t0.AddMinutes(m), 80);  // NO2 only for the last 12 h: under 18 of 24
            station.Add("temperature", t0.AddMinutes(m), 5);
        }
        var means = station.IndexMeans(AirIndex.Default, t0.AddDays(1));
        Assert.Equal(["pm25"], means.Keys);
        Assert.Equal(30, means["pm25"], 1e-9);
        Assert.Equal(0.5, station.Mean("no2", t0.AddDays(1), 24)!.Coverage, 1e-9);
        Assert.Equal("Moderate", AirIndex.Default.Evaluate(means).Name);
    }
}
