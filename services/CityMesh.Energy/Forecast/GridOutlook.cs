using System.Text.Json.Serialization;
using CityMesh.Contracts.Energy;
using CityMesh.Contracts.Twin;
using CityMesh.Energy.Grid;
using CityMesh.Simulation.Energy.Twin;

namespace CityMesh.Energy.Forecast;

/// <summary>One hour of the outlook: the grid solved at the feeders' forecast loads.</summary>
/// <param name="Hour">The hour's start, on the meters' clock.</param>
/// <param name="LargestLoadingPercent">The most loaded line or transformer.</param>
public sealed record OutlookHour(DateTimeOffset Hour, int HoursAhead, double LargestLoadingPercent, double? LowestVoltagePu, int Violations);

/// <summary>
/// The next day of the grid as the load forecasts see it: each hour solved, and every limit passed in any of them once,
/// with the first hour it is passed (<see cref="Violation.ExpectedAt"/>) and the worst value over the day.
/// </summary>
/// <param name="Origin">The start of the last complete hour the forecasts hold; null while every feeder is still collecting its history.</param>
/// <param name="Forecasting">Feeders with a forecast: the others are held at their load now.</param>
public sealed record GridOutlook(DateTimeOffset? Origin, int Forecasting, int Feeders, double LimitPercent, IReadOnlyList<OutlookHour> Hours,
    IReadOnlyList<Violation> Violations)
{
    /// <summary>Within the clear margin of a limit in some hour: a forecast violation already raised stays raised.</summary>
    [JsonIgnore] public IReadOnlyList<Violation> Holding { get; init; } = [];

    /// <summary>Per hour ahead (index 0: one hour), each bus's forecast load, kW: what relief ahead of time is planned on.</summary>
    [JsonIgnore] public IReadOnlyList<double[]> Loads { get; init; } = [];

    /// <summary>The loads of the hour starting at <paramref name="hour"/>; null outside the outlook.</summary>
    public double[]? LoadsAt(DateTimeOffset hour)
    {
        if (Origin is not { } origin) return null;
        var ahead = (int)Math.Round((hour - origin).TotalHours);
        return ahead >= 1 && ahead <= Loads.Count ? Loads[ahead - 1] : null;
    }
}

/// <summary>
/// Looks a day ahead: each feeder's buses are scaled by its forecast over its load now, hour by hour (a feeder still
/// collecting its history stays at its load now), and the grid is solved at each hour by the same power flow and
/// checked against the same limits as the grid now. So the outlook names transformers, lines and voltages, not only
/// feeders' totals, and relief planned on a forecast hour is checked the way relief now is.
/// </summary>
public static class GridOutlooks
{
    public const int Horizon = 24;

    public static GridOutlook Look(LiveGridInput input, GridPowerFlow flow, GridState now, LoadForecasts forecasts, EnergyOptions options, string city)
    {
        var grid = input.Grid;
        var ratios = new double[grid.Feeders.Count][];
        DateTimeOffset? origin = null;
        var forecasting = 0;
        for (var f = 0; f < grid.Feeders.Count; f++)
        {
            var forecast = forecasts.For(EntityIds.Create(EntityTypes.Feeder, city, grid.Feeders[f].Id));
            if (forecast is not { Status: ElementForecast.Forecasting, LoadKw: { } load, Origin: { } o }) continue;
            forecasting++;
            origin ??= o;
            var current = now.Feeders[f].LoadKw;
            // A feeder carrying next to nothing now has no share to scale: it stays as it is.
            if (current > 1) ratios[f] = [.. load.Select(kw => Math.Max(0, kw) / current)];
        }
        if (origin is not { } start) return new GridOutlook(null, 0, grid.Feeders.Count, options.OverloadPercent, [], []);

        var feederOf = new int[grid.Buses.Count];
        var feederIndex = grid.Feeders.Select((f, i) => (f.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        for (var b = 0; b < grid.Buses.Count; b++) feederOf[b] = grid.Buses[b].Feeder is { } id && feederIndex.TryGetValue(id, out var fi) ? fi : -1;

        var hours = new List<OutlookHour>(Horizon);
        var loads = new List<double[]>(Horizon);
        var worst = new Dictionary<(string Kind, string Element), Violation>();
        var holding = new Dictionary<(string Kind, string Element), Violation>();
        for (var h = 1; h <= Horizon; h++)
        {
            var at = start.AddHours(h);
            var hourLoads = new double[grid.Buses.Count];
            for (var b = 0; b < hourLoads.Length; b++)
                hourLoads[b] = input.LoadKw[b] * (feederOf[b] >= 0 && ratios[feederOf[b]] is { } r ? r[h - 1] : 1);
            loads.Add(hourLoads);
            var state = flow.Solve(hourLoads);
            var found = GridViolations.Find(grid, state, options, city);
            foreach (var v in found)
                worst[(v.Kind, v.Element)] = worst.TryGetValue((v.Kind, v.Element), out var seen)
                    ? Worse(seen, v) ? seen with { Value = v.Value } : seen
                    : v with { ExpectedAt = at };
            foreach (var v in GridViolations.Find(grid, state, options, city, options.ClearMarginPercent)) holding.TryAdd((v.Kind, v.Element), v);
            hours.Add(new OutlookHour(at, h, Math.Round(Largest(state), 1), Lowest(grid, state), found.Count));
        }
        return new GridOutlook(start, forecasting, grid.Feeders.Count, options.OverloadPercent, hours,
            [.. worst.Values.OrderBy(v => v.ExpectedAt).ThenBy(v => v.Element, StringComparer.Ordinal)])
        {
            Holding = [.. holding.Values],
            Loads = loads,
        };
    }

    /// <summary>Whether <paramref name="later"/> passes its limit further than <paramref name="seen"/> did.</summary>
    private static bool Worse(Violation seen, Violation later) =>
        later.Kind == GridViolation.Undervoltage ? later.Value < seen.Value : later.Value > seen.Value;

    private static double Largest(GridState state)
    {
        var largest = 0.0;
        foreach (var l in state.LineLoadingPercent) if (double.IsFinite(l)) largest = Math.Max(largest, l);
        foreach (var t in state.TransformerLoadingPercent) if (double.IsFinite(t)) largest = Math.Max(largest, t);
        return largest;
    }

    private static double? Lowest(CityGrid grid, GridState state)
    {
        double? lowest = null;
        for (var i = 0; i < grid.Buses.Count; i++)
            if (state.Energised[i] && !grid.Buses[i].Source && double.IsFinite(state.VoltagePu[i]) && (lowest is null || state.VoltagePu[i] < lowest))
                lowest = state.VoltagePu[i];
        return lowest is { } v ? Math.Round(v, 5) : null;
    }
}
