using System.Net;
using System.Net.Http.Json;
using CityMesh.Transport.Forecasting.Data;
using CityMesh.Transport.Forecasting.Live;
using CityMesh.Transport.Forecasting.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Transport.Tests.Forecasting;

public sealed class DetectorForecasterTests
{
    // Two roads, flow 100 + slot of day on every day; speed the same numbers.
    private static readonly Lazy<TrainedForecast> Trained = new(() =>
    {
        var set = SyntheticSets.Make(2, 7, (r, d, s) => 100 + s + 5 * ((d * 31 + s * 7 + r) % 3));
        return TrainedForecast.Train(set, new DetectorNeighbours([[], []], [[], []]));
    });

    private static readonly DateTimeOffset Monday0800 = new(2026, 3, 9, 8, 0, 0, TimeSpan.Zero);

    private static DetectorForecaster Forecaster() => new(Trained.Value,
        new Dictionary<string, string> { ["det-a"] = "road_0", ["det-b"] = "road_1" }, time: new FixedTime(Monday0800));

    [Fact]
    public void Without_enough_history_it_says_so_and_answers_the_historical_average()
    {
        var forecaster = Forecaster();
        Assert.Contains("0 are there", forecaster.Forecast("det-a")!.Fallback);
        forecaster.Observe("det-a", Monday0800.AddMinutes(-13), 150, 30);
        forecaster.Observe("det-a", Monday0800.AddMinutes(-7), 150, 30);
        var forecast = forecaster.Forecast("det-a")!;
        Assert.Equal(HistoricalAverage.ModelName, forecast.Model);
        Assert.Contains("1 are there", forecast.Fallback);
        // The newest slot (07:50–07:55) is still filling: the origin is the end of 07:45–07:50 (slot 93); 30 minutes on is slot 99.
        Assert.Equal(Monday0800.AddMinutes(-10), forecast.Origin);
        var thirty = forecast.Horizons.Single(h => h.Minutes == 30);
        Assert.Equal(Monday0800.AddMinutes(20), thirty.At);
        Assert.Equal(Trained.Value.Average.Mean(Quantity.Flow, 0, 99, false), thirty.FlowPerHour!.Value, 2);
    }

    [Fact]
    public void With_four_complete_slots_it_forecasts_with_the_residual_model()
    {
        var forecaster = Forecaster();
        for (int minute = -25; minute <= 0; minute += 1) forecaster.Observe("det-a", Monday0800.AddMinutes(minute), 400, 12);
        var forecast = forecaster.Forecast("det-a")!;
        Assert.Equal(ResidualAutoregression.ModelName, forecast.Model);
        Assert.Null(forecast.Fallback);
        Assert.Equal([15, 30, 60], forecast.Horizons.Select(h => h.Minutes));
        Assert.All(forecast.Horizons, h => Assert.True(h.FlowPerHour >= 0 && h.SpeedKmh >= 0));
        // The other detector has no readings of its own: still the average.
        Assert.Equal(HistoricalAverage.ModelName, forecaster.Forecast("det-b")!.Model);
    }

    [Fact]
    public void Unknown_detectors_are_refused()
    {
        var forecaster = Forecaster();
        Assert.False(forecaster.Observe("nope", Monday0800, 1, 1));
        Assert.Null(forecaster.Forecast("nope"));
        Assert.Throws<ArgumentException>(() => new DetectorForecaster(Trained.Value, new Dictionary<string, string> { ["x"] = "road_9" }));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
