using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Running.Energy;

namespace CityMesh.Scenarios.Reporting;

/// <summary>
/// An energy scenario's part of the report: the grid it ran on; per feeder, its loading over the run for every variant
/// against its rating (100 %); the lowest voltage over the run against the lower limit; and per variant where the
/// lowest voltage fell, the most loaded branches, and what happened (the outage's switching, curtailment, intervals
/// without a solution).
/// </summary>
internal static class EnergyReport
{
    public static void Append(StringBuilder html, string results, IReadOnlyList<string> variants)
    {
        string gridFile = Path.Combine(results, EnergyRunner.GridFile);
        var feeders = new List<string>();
        double minPu = 0.95;
        if (File.Exists(gridFile))
        {
            using var json = JsonDocument.Parse(File.ReadAllText(gridFile));
            html.Append("<p>Grid: ").Append(E(json.RootElement.GetProperty("description").GetString() ?? "")).Append(".</p>");
            feeders.AddRange(json.RootElement.GetProperty("feeders").EnumerateArray().Select(f => f.GetProperty("name").GetString() ?? ""));
            minPu = json.RootElement.GetProperty("voltageLimits").GetProperty("minPu").GetDouble();
        }
        html.Append("<h2>Feeder loading</h2><p>Each feeder's head branch: its apparent power against its rating, per variant; the rating is 100 %.</p><div class=\"charts\">");
        foreach (string feeder in feeders)
        {
            var series = variants.Select(v => (v, Envelope(EnergyFiles.Column(Path.Combine(results, v), $"feeder:{feeder}"), highest: true))).ToList();
            double end = series.SelectMany(s => s.Item2).Select(p => p.X).DefaultIfEmpty(0).Max();
            series.Add(("rating", [(0, 100), (end, 100)]));
            html.Append("<div>").Append(SvgCharts.Lines($"{feeder}: loading (% of rating)", series, "h")).Append("</div>");
        }
        var voltages = variants.Select(v => (v, Envelope(EnergyFiles.Column(Path.Combine(results, v), "lowestVm"), highest: false))).ToList();
        double last = voltages.SelectMany(s => s.Item2).Select(p => p.X).DefaultIfEmpty(0).Max();
        double floor = Math.Min(minPu, voltages.SelectMany(s => s.Item2).Select(p => p.Y).DefaultIfEmpty(minPu).Min());
        voltages.Add(($"lower limit {minPu.ToString("0.###", CultureInfo.InvariantCulture)} pu", [(0, minPu), (last, minPu)]));
        html.Append("<div>").Append(SvgCharts.Lines("lowest voltage (pu)", voltages, "h", Math.Floor(floor * 100 - 1) / 100)).Append("</div></div>");

        foreach (string variant in variants)
        {
            string directory = Path.Combine(results, variant);
            var summary = EnergyFiles.ReadSummary(directory);
            html.Append("<h3>").Append(E(variant)).Append("</h3>");
            if (summary?.LowestVoltage is { } low)
                html.Append(CultureInfo.InvariantCulture, $"<p>Lowest voltage {low:0.00000} pu at bus {summary.LowestVoltageBus}, hour {summary.LowestVoltageHour:0.##}.</p>");
            foreach (string note in summary?.Notes ?? []) html.Append("<p>").Append(E(note)).Append("</p>");
            string elements = Path.Combine(directory, EnergyFiles.Elements);
            if (!File.Exists(elements)) continue;
            var rows = File.ReadAllLines(elements).Skip(1).Select(l => l.Split(','))
                .OrderByDescending(f => double.Parse(f[5], CultureInfo.InvariantCulture)).Take(8).ToList();
            html.Append("<table><tr><th>branch</th><th>role</th><th>rating (MVA)</th><th>peak loading (%)</th><th>at hour</th><th>hours over rating</th></tr>");
            foreach (var f in rows)
                html.Append($"<tr><td>{E(f[1])}-{E(f[2])}</td><td>{E(f[3])}</td><td>{E(f[4])}</td><td>{E(f[5])}</td><td>{E(f[6])}</td><td>{E(f[7])}</td></tr>");
            html.Append("</table>");
        }
    }

    /// <summary>The most points a line is drawn with: a season of quarter hours would make a report of megabytes.</summary>
    public const int MaxPoints = 600;

    /// <summary>
    /// The points as they are when few, else one per equal run of them, at the run's start, holding its highest
    /// (loading) or lowest (voltage) value, so a peak or a dip is never averaged away.
    /// </summary>
    internal static (double X, double Y)[] Envelope((double X, double Y)[] points, bool highest)
    {
        if (points.Length <= MaxPoints) return points;
        int run = (points.Length + MaxPoints - 1) / MaxPoints;
        return [.. points.Chunk(run).Select(c => (c[0].X, highest ? c.Max(p => p.Y) : c.Min(p => p.Y)))];
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
