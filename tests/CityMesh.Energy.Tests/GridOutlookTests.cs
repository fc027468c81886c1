using CityMesh.Contracts.Energy;
using CityMesh.Energy.Forecast;
using CityMesh.Energy.Grid;
using CityMesh.Energy.Relief;
using CityMesh.Simulation.Energy.Twin;

namespace CityMesh.Energy.Tests;

/// <summary>
/// The next day solved at the forecast loads. Feeder A's history peaks each evening at 3,500 kW around 19:00 (over its
/// 3,000 kVA head cable at 0.95: about 125 %) on a 2,000 kW base; feeder B holds 1,200 kW. Three weeks of that history,
/// then at noon the grid carries A's and B's base: nothing is violated now, and the outlook must find A's evening
/// overload, its first hour within the hours the bump passes the rating, and relief planned on that hour.
/// </summary>
public sealed class GridOutlookTests
{
    private const string FeederA = "urn:ngsi-ld:Feeder:test:fa", FeederB = "urn:ngsi-ld:Feeder:test:fb";
    private static readonly EnergyOptions Options = new();
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Feeder A's load: the base and a Gaussian evening bump (σ 2 h) at 19:00.</summary>
    private static double LoadA(DateTimeOffset t)
    {
        var hour = t.Hour + t.Minute / 60.0;
        return 2000 + 1500 * Math.Exp(-Math.Pow(hour - 19, 2) / (2 * 2 * 2));
    }

    private static (LiveGridInput Input, GridPowerFlow Flow, GridState Now, LoadForecasts Forecasts, DateTimeOffset ReadAt) Noon(bool withHistory = true)
    {
        var history = new LoadHistory();
        var readAt = Start.AddDays(21).AddHours(12);
        if (withHistory)
            for (var t = Start; t <= readAt; t = t.AddMinutes(15)) history.Add(t, [(FeederA, LoadA(t)), (FeederB, 1200)]);
        var grid = TwoFeeders.Grid();
        var input = TwoFeeders.Input(grid, new Dictionary<string, double>
        {
            ["a1"] = 500, ["a2"] = 500, ["a3"] = 500, ["a4"] = 500, ["b1"] = 300, ["b2"] = 300, ["b3"] = 300, ["b4"] = 300,
        });
        var flow = new GridPowerFlow(grid);
        return (input, flow, flow.Solve(input.LoadKw), new LoadForecasts(history), readAt);
    }

    [Fact]
    public void The_evening_overload_is_forecast_from_its_first_hour_with_its_worst_loading()
    {
        var (input, flow, now, forecasts, readAt) = Noon();
        Assert.Empty(GridViolations.Find(input.Grid, now, Options, TwoFeeders.City));

        var outlook = GridOutlooks.Look(input, flow, now, forecasts, Options, TwoFeeders.City);
        Assert.Equal(readAt.AddHours(-1), outlook.Origin);
        Assert.Equal((2, 2), (outlook.Forecasting, outlook.Feeders));
        Assert.Equal(GridOutlooks.Horizon, outlook.Hours.Count);
        var overload = Assert.Single(outlook.Violations, v => v.Kind == GridViolation.Overload);
        Assert.Equal(FeederA, overload.Element);
        // 2,000 + 1,500 e^(−(h−19)²/8) passes 3,000 kVA · 0.95 = 2,850 kW for |h − 19| < 2.1 h: the hourly means from 17:00.
        Assert.InRange(overload.ExpectedAt!.Value.Hour, 16, 18);
        // The peak hour's mean (about 3,440 kW) over 2,850 kW, with the cable's losses: 120–128 %.
        Assert.InRange(overload.Value, 118, 130);
        var peak = outlook.Hours.MaxBy(h => h.LargestLoadingPercent)!;
        Assert.InRange(peak.Hour.Hour, 18, 20);
        Assert.True(peak.Violations >= 1);
        // The hours before the bump are within every limit.
        Assert.All(outlook.Hours.Where(h => h.Hour.Hour is >= 0 and < 14), h => Assert.Equal(0, h.Violations));
        Assert.NotNull(outlook.LoadsAt(overload.ExpectedAt.Value));
        Assert.Null(outlook.LoadsAt(overload.ExpectedAt.Value.AddDays(2)));
    }

    [Fact]
    public void Without_forecasts_the_outlook_says_so_and_names_nothing()
    {
        var (input, flow, now, forecasts, _) = Noon(withHistory: false);
        var outlook = GridOutlooks.Look(input, flow, now, forecasts, Options, TwoFeeders.City);
        Assert.Null(outlook.Origin);
        Assert.Equal(0, outlook.Forecasting);
        Assert.Empty(outlook.Violations);
        Assert.Empty(outlook.Hours);
    }

    [Fact]
    public void Relief_ahead_is_planned_on_the_forecast_hour_and_says_so()
    {
        var (input, flow, now, forecasts, readAt) = Noon();
        var outlook = GridOutlooks.Look(input, flow, now, forecasts, Options, TwoFeeders.City);
        var watch = new ViolationWatch();
        var raised = Assert.Single(watch.Update(outlook.Violations, outlook.Holding, readAt), v => v.Element == FeederA);
        Assert.True(raised.Active);
        Assert.Equal(outlook.Violations.Single(v => v.Element == FeederA).ExpectedAt, raised.ExpectedAt);

        var loads = outlook.LoadsAt(raised.ExpectedAt!.Value)!;
        var ahead = input with { LoadKw = loads };
        var plan = new ReliefPlanner(Options, TwoFeeders.City).Plan(ahead, flow, flow.Solve(loads), raised);
        Assert.NotNull(plan);
        // No chargers: the far end moves to B, which has room at that hour.
        Assert.Equal(ReliefKinds.TransferLoad, plan.Kind);
        Assert.True(plan.Before.LoadingPercent > 100, plan.ToString());
        Assert.True(plan.After.LoadingPercent <= 100, plan.ToString());

        var proposal = ReliefProposals.Create(plan, raised, readAt, Options);
        Assert.StartsWith("ahead-transfer-load-fa-", proposal.Id);
        Assert.Contains($"ahead of the forecast fa at {raised.Value:0} % of its rating from {raised.ExpectedAt:HH:mm}", proposal.Summary);
        Assert.Contains("forecast hour", proposal.Evidence.GetProperty("method").GetString());

        // Once the forecast no longer shows it (the history flat from now on), the same watch clears it.
        var cleared = Assert.Single(watch.Update([], [], readAt.AddHours(1)));
        Assert.False(cleared.Active);
    }
}
