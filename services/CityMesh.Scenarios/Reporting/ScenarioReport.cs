using System.Globalization;
using System.Net;
using System.Text;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;

namespace CityMesh.Scenarios.Reporting;

/// <summary>
/// The scenario author's report: one HTML file with the KPI table (baseline, each intervention, % change), a chart
/// per KPI, the travel-time distributions, and what each intervention did to the inputs.
/// </summary>
public static class ScenarioReport
{
    /// <summary>Units and whether lower is better, for the table's reading aid.</summary>
    public static readonly IReadOnlyDictionary<string, (string Unit, bool LowerIsBetter)> Kpis = new Dictionary<string, (string, bool)>
    {
        [KpiNames.MeanTravelTime] = ("s", true),
        [KpiNames.MeanWaitingTime] = ("s", true),
        [KpiNames.MeanTimeLoss] = ("s", true),
        [KpiNames.CompletedTrips] = ("trips", false),
        [KpiNames.Throughput] = ("trips/h", false),
        [KpiNames.MeanJunctionDelay] = ("s", true),
        [KpiNames.MaxQueue] = ("vehicles", true),
        [KpiNames.Teleports] = ("vehicles", true),
        [EpidemicRunner.AttackRate] = ("%", true),
        [EpidemicRunner.PeakInfectious] = ("people", true),
        [EpidemicRunner.PeakDay] = ("day", false),
        [EpidemicRunner.PeakHospitalised] = ("patients", true),
        [EpidemicRunner.PeakIcu] = ("patients", true),
        [EpidemicRunner.Deaths] = ("people", true),
    };

    public static string Write(TwinScenario scenario, ScenarioRunResult result)
    {
        string path = Path.Combine(result.ResultsDirectory, "report.html");
        File.WriteAllText(path, Html(scenario, result));
        return path;
    }

    public static string Html(TwinScenario scenario, ScenarioRunResult result)
    {
        var kpis = result.Kpis;
        var names = kpis.Baseline.Keys.Concat(kpis.Interventions.SelectMany(i => i.Values.Keys)).Distinct()
            .OrderBy(k => KpiNames.All.ToList().IndexOf(k)).ToArray();
        string title = $"{scenario.Metadata.Name ?? "scenario"} ({scenario.Spec.City}, {scenario.Spec.Simulation})";
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".better{color:#1a7f37}.worse{color:#c62828}.charts{display:flex;flex-wrap:wrap;gap:24px}</style></head><body>");
        html.Append("<h1>").Append(E(title)).Append("</h1>");
        bool epidemic = scenario.Spec.Simulation == SimulationKinds.Epidemic;
        string horizon = epidemic ? $"{(scenario.Spec.Epidemic ?? new EpidemicSpec()).Days} days" : scenario.Spec.Horizon ?? "until every trip arrives";
        string bands = epidemic ? "; each KPI's Low and High are the 5th and 95th percentiles across the members" : "";
        html.Append(CultureInfo.InvariantCulture, $"<p>Means over {kpis.Runs} run{(kpis.Runs == 1 ? "" : "s")} (seeds from {scenario.Spec.Seed}); horizon {E(horizon)}{bands}.</p>");

        html.Append("<h2>KPIs</h2><table><tr><th>KPI</th><th>baseline</th>");
        foreach (var i in kpis.Interventions) html.Append("<th>").Append(E(i.Name)).Append("</th><th>change</th>");
        html.Append("</tr>");
        foreach (string name in names)
        {
            var (unit, lowerIsBetter) = Kpis.GetValueOrDefault(name, ("", true));
            html.Append("<tr><td>").Append(E(name)).Append(unit.Length > 0 ? $" ({E(unit)})" : "").Append("</td><td>").Append(Number(kpis.Baseline, name)).Append("</td>");
            foreach (var i in kpis.Interventions)
            {
                html.Append("<td>").Append(Number(i.Values, name)).Append("</td>");
                if (i.ChangePercent.TryGetValue(name, out double change))
                {
                    string css = change == 0 ? "" : (change < 0) == lowerIsBetter ? "better" : "worse";
                    html.Append(CultureInfo.InvariantCulture, $"<td class=\"{css}\">{change:+0.0;-0.0;0.0} %</td>");
                }
                else html.Append("<td></td>");
            }
            html.Append("</tr>");
        }
        html.Append("</table>");

        html.Append("<h2>Charts</h2><div class=\"charts\">");
        var variants = new[] { (Name: TrafficVariant.BaselineName, Values: kpis.Baseline) }
            .Concat(kpis.Interventions.Select(i => (i.Name, i.Values))).ToArray();
        foreach (string name in names)
            html.Append("<div>").Append(SvgCharts.Bars(name, variants.Where(v => v.Values.ContainsKey(name)).Select(v => (v.Name, v.Values[name])).ToArray(),
                Kpis.GetValueOrDefault(name, (Unit: "", LowerIsBetter: true)).Unit)).Append("</div>");
        if (epidemic)
            foreach (var (column, label) in new[] { ("infectious", "infectious people, member 0"), ("hospitalised", "people in wards, member 0"), ("icu", "people in intensive care, member 0") })
                html.Append("<div>").Append(SvgCharts.Lines(label, variants.Select(v => (v.Name, Curve(result.ResultsDirectory, v.Name, column))).ToArray(), "day")).Append("</div>");
        else
        {
            var distributions = variants.Select(v => (v.Name, result.Runs.Where(r => r.Variant == v.Name).SelectMany(r => r.TravelTimes).ToArray())).ToArray();
            html.Append("<div>").Append(SvgCharts.Distribution("travel time distribution (share of trips)", distributions, "s")).Append("</div>");
        }
        html.Append("</div>");

        html.Append("<h2>Runs</h2><table><tr><th>member</th><th>seed</th><th>variant</th><th>what changed</th><th>trips</th><th>arrived</th><th>simulated s</th><th>backend</th><th>outputs</th></tr>");
        foreach (var run in result.Runs)
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{run.Member}</td><td>{run.Seed}</td><td>{E(run.Variant)}</td><td>{E(string.Join("; ", run.Notes))}</td><td>{run.Summary.TripsTotal:N0}</td><td>{run.Summary.Arrived:N0}</td><td>{run.Summary.Time:N0}</td><td>{E(run.Summary.Backend)}</td><td>{E(Path.GetRelativePath(result.ResultsDirectory, run.Directory))}</td></tr>");
        html.Append("</table></body></html>\n");
        return html.ToString();
    }

    /// <summary>A column of member 0's curve for a variant (EpidemicRunner's curve.csv): (day, value) points.</summary>
    private static (double X, double Y)[] Curve(string results, string variant, string column)
    {
        string path = Path.Combine(results, "0", variant, "curve.csv");
        if (!File.Exists(path)) return [];
        var lines = File.ReadAllLines(path);
        int index = Array.IndexOf(lines[0].Split(','), column);
        return lines.Skip(1).Select(l => l.Split(',')).Select(f =>
            (double.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[index], CultureInfo.InvariantCulture))).ToArray();
    }

    private static string Number(IReadOnlyDictionary<string, double> values, string name) =>
        values.TryGetValue(name, out double v) ? v.ToString("#,0.##", CultureInfo.InvariantCulture) : "";

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
