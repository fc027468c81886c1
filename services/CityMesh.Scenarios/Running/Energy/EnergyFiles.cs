using System.Globalization;
using System.Text;
using System.Text.Json;
using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Running.Energy;

/// <summary>
/// A variant's files, for people and for the report: series.csv (per interval: hour, each feeder's loading %, lowest
/// and highest voltage and the lowest bus, served, EV, PV, curtailed, not served and loss kW, whether it solved),
/// elements.csv (per branch: role, rating, peak loading and when, hours over rating) and summary.json (the lowest
/// voltage's value, bus and hour, and the notes).
/// </summary>
public static class EnergyFiles
{
    public const string Series = "series.csv", Elements = "elements.csv", Summary = "summary.json";

    public static void Write(string directory, EnergyGrid grid, EnergyOutcome outcome)
    {
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder("interval,hour");
        foreach (var f in grid.Feeders) csv.Append(",feeder:").Append(f.Name);
        csv.Append(",lowestVm,lowestBus,highestVm,servedKw,evKw,pvKw,pvCurtailedKw,notServedKw,lossKw,solved\n");
        for (int t = 0; t < outcome.Intervals; t++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{t},{t * outcome.IntervalHours:0.##}");
            foreach (var f in outcome.FeederLoading) csv.Append(CultureInfo.InvariantCulture, $",{f[t]:0.###}");
            csv.Append(CultureInfo.InvariantCulture,
                $",{outcome.LowestVm[t]:0.000000},{outcome.LowestBus[t]},{outcome.HighestVm[t]:0.000000},{outcome.ServedKw[t]:0.###},{outcome.EvKw[t]:0.###},{outcome.PvKw[t]:0.###},{outcome.PvCurtailedKw[t]:0.###},{outcome.NotServedKw[t]:0.###},{outcome.LossKw[t]:0.###},{(outcome.Converged[t] ? 1 : 0)}\n");
        }
        File.WriteAllText(Path.Combine(directory, Series), csv.ToString());

        var elements = new StringBuilder("branch,from,to,role,ratingMva,peakLoadingPercent,peakHour,hoursOverRating\n");
        for (int k = 0; k < grid.Power.Branches.Count; k++)
        {
            var b = grid.Power.Branches[k];
            string role = grid.Feeders.FirstOrDefault(f => f.Branch == k) is { } feeder ? $"feeder {feeder.Name}"
                : grid.Transformer[k] ? "transformer" : grid.NormallyOpen[k] ? "normally open" : "line";
            elements.Append(CultureInfo.InvariantCulture,
                $"{k},{b.From},{b.To},{role},{grid.RatingMva[k]:0.###},{outcome.PeakLoading[k]:0.##},{outcome.PeakInterval[k] * outcome.IntervalHours:0.##},{outcome.HoursOver[k]:0.##}\n");
        }
        File.WriteAllText(Path.Combine(directory, Elements), elements.ToString());

        var solved = Enumerable.Range(0, outcome.Intervals).Where(t => outcome.Converged[t]).ToList();
        int lowest = solved.Count == 0 ? -1 : solved.MinBy(t => outcome.LowestVm[t]);
        File.WriteAllText(Path.Combine(directory, Summary), JsonSerializer.Serialize(new EnergySummary(
            lowest < 0 ? null : outcome.LowestVm[lowest], lowest < 0 ? null : outcome.LowestBus[lowest], lowest < 0 ? null : lowest * outcome.IntervalHours,
            outcome.Notes), ScenarioJson.Indented));
    }

    public static EnergySummary? ReadSummary(string directory)
    {
        string path = Path.Combine(directory, Summary);
        return File.Exists(path) ? JsonSerializer.Deserialize<EnergySummary>(File.ReadAllText(path), ScenarioJson.Indented) : null;
    }

    /// <summary>A column of a variant's series.csv as (hour, value) points; NaN values left out.</summary>
    public static (double X, double Y)[] Column(string directory, string column)
    {
        string path = Path.Combine(directory, Series);
        if (!File.Exists(path)) return [];
        var lines = File.ReadAllLines(path);
        int index = Array.IndexOf(lines[0].Split(','), column);
        if (index < 0) return [];
        return [.. lines.Skip(1).Select(l => l.Split(','))
            .Select(f => (double.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[index], CultureInfo.InvariantCulture)))
            .Where(p => !double.IsNaN(p.Item2))];
    }
}

/// <param name="LowestVoltage">pu; null where no interval solved.</param>
/// <param name="LowestVoltageHour">Hours from the start of the interval it was in.</param>
public sealed record EnergySummary(double? LowestVoltage, int? LowestVoltageBus, double? LowestVoltageHour, IReadOnlyList<string> Notes);
