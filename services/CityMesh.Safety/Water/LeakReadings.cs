using System.Globalization;
using System.Text.Json;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Leaks;
using CityMesh.Simulation.Water.Twin;

namespace CityMesh.Safety.Water;

/// <summary>
/// The meters' histories from the twin gathered into the live case the leak monitor watches: one reading every
/// <see cref="Step"/> seconds, each meter's value at a step the latest it reported in the step before it (a meter that
/// reports on the step, as loggers do, gives exactly that reading), a gap of up to <see cref="MaxGap"/> steps carried
/// over. Times are seconds after the local midnight of the first step: the patterns' clock the model solves on.
/// </summary>
public static class LeakReadings
{
    public const long Step = 900;

    /// <summary>Steps a meter may miss in a row before the case cannot be gathered.</summary>
    public const int MaxGap = 4;

    /// <summary>A meter's instances from a temporal read of one attribute (normalized: an object for one, an array for several), by observedAt.</summary>
    public static SortedList<DateTimeOffset, double> Series(JsonElement temporal, string attribute)
    {
        var series = new SortedList<DateTimeOffset, double>();
        if (temporal.ValueKind != JsonValueKind.Object || !temporal.TryGetProperty(attribute, out var instances)) return series;
        foreach (var instance in instances.ValueKind == JsonValueKind.Array ? instances.EnumerateArray().ToList() : [instances])
        {
            if (!instance.TryGetProperty("value", out var value)) continue;
            double? number = value.ValueKind switch
            {
                JsonValueKind.Number => value.GetDouble(),
                JsonValueKind.True => 1,
                JsonValueKind.False => 0,
                _ => null,
            };
            if (number is not { } v || !double.IsFinite(v)) continue;
            if (!instance.TryGetProperty("observedAt", out var at) || at.GetString() is not { } text
                || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var observed)) continue;
            series[observed] = v;
        }
        return series;
    }

    /// <summary>The latest step every meter has reached: the newest time a case can be gathered up to. Null when a meter has no reading.</summary>
    public static DateTimeOffset? Through(IEnumerable<SortedList<DateTimeOffset, double>> series)
    {
        DateTimeOffset? through = null;
        foreach (var s in series)
        {
            if (s.Count == 0) return null;
            var last = Floor(s.Keys[^1]);
            if (through is null || last < through) through = last;
        }
        return through;
    }

    /// <summary>A time rounded down to a whole step.</summary>
    public static DateTimeOffset Floor(DateTimeOffset t) => DateTimeOffset.FromUnixTimeSeconds(t.ToUnixTimeSeconds() / Step * Step);

    /// <summary>
    /// The case from <paramref name="from"/> to <paramref name="through"/> (steps, inclusive), or why it cannot be
    /// gathered (a meter silent too long, named). <paramref name="series"/> by device local id, as <see cref="WaterMeters.Readings"/> names them.
    /// </summary>
    /// <param name="baseline">Each link's state when no meter says otherwise (pipes as the network has them).</param>
    public static (LeakCase? Case, string? Problem) Gather(WaterNetwork net, WaterMeters meters, IReadOnlyDictionary<string, SortedList<DateTimeOffset, double>> series,
        DateTimeOffset from, DateTimeOffset through, TimeSpan utcOffset, IReadOnlyList<LinkState> baseline)
    {
        from = Floor(from);
        through = Floor(through);
        int steps = (int)((through - from).TotalSeconds / Step) + 1;
        if (steps < 2) return (null, "fewer than two steps to watch");
        var grid = Enumerable.Range(0, steps).Select(i => from.AddSeconds(i * Step)).ToArray();
        double[]? Column(string device)
        {
            if (!series.TryGetValue(device, out var s)) return null;
            var values = new double[steps];
            int k = 0;
            double last = 0;
            DateTimeOffset? lastAt = null;
            for (int i = 0; i < steps; i++)
            {
                // The latest reading at or before the step; one older than MaxGap steps is too old to stand for it.
                for (; k < s.Count && s.Keys[k] <= grid[i]; k++) (last, lastAt) = (s.Values[k], s.Keys[k]);
                if (lastAt is not { } at || grid[i] - at >= TimeSpan.FromSeconds(Step * (MaxGap + 1))) return null;
                values[i] = last;
            }
            return values;
        }
        var columns = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var (device, _) in meters.Readings)
        {
            if (Column(device) is not { } c) return (null, $"meter {device} has no reading for over {MaxGap} steps of {Step / 60} minutes between {from:O} and {through:O}");
            columns[device] = c;
        }

        var midnight = new DateTimeOffset(from.ToOffset(utcOffset).Date, utcOffset);
        var times = grid.Select(t => (long)(t - midnight).TotalSeconds).ToArray();
        int areas = meters.Partition.Areas.Count;
        var areaInflow = new double[steps][];
        var inflow = new double[steps];
        var pressure = new double[steps][];
        var tanks = new double[steps][];
        var states = new LinkState[steps][];
        for (int i = 0; i < steps; i++)
        {
            areaInflow[i] = new double[areas];
            foreach (var m in meters.AreaMeters) areaInflow[i][m.Area] = columns[m.Device][i] * 1e-3;
            inflow[i] = areaInflow[i].Sum();
            pressure[i] = [.. meters.Loggers.Select(l => columns[l.Device][i])];
            tanks[i] = [.. net.Tanks.Select(t => t.Elevation + t.InitialLevel)];
            foreach (var g in meters.TankGauges) tanks[i][g.Tank] = net.Tanks[g.Tank].Elevation + columns[g.Device][i];
            states[i] = [.. baseline];
            // A shut signal is a closed link; an open one is open (a valve's own control then acts as the model solves it).
            foreach (var m in meters.LinkMonitors)
                states[i][m.Link] = columns[m.Device][i] >= 0.5 ? (baseline[m.Link] == LinkState.Active ? LinkState.Active : LinkState.Open) : LinkState.Closed;
        }
        return (LeakCase.Live(times, inflow, pressure, tanks, states, areaInflow), null);
    }
}
