using System.Globalization;
using System.Net;
using System.Text;
using CityMesh.Scenarios.Kpis;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Running.Compound;

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
        [HospitalLoads.DaysOverCapacity] = ("days", true),
        [HospitalLoads.HospitalsOverCapacity] = ("hospitals", true),
        [HospitalLoads.PeakBedShortfall] = ("patients", true),
        [FloodRunner.FloodedAreaKm2] = ("km²", true),
        [FloodRunner.MaxDepth] = ("m", true),
        [FloodRunner.RoadsCut] = ("roads", true),
        [FloodRunner.HospitalsFlooded] = ("hospitals", true),
        [FloodRunner.SheltersFlooded] = ("shelters", true),
        [FloodRunner.SubstationsFlooded] = ("substations", true),
        [FloodRunner.SecondarySubstationsFlooded] = ("substations", true),
        [FloodRunner.BuildingsFlooded] = ("buildings", true),
        [FloodRunner.PeopleAffected] = ("people", true),
        [FloodRunner.MassBalanceError] = ("relative", true),
        [EvacuationRunner.PeopleInZone] = ("people", true),
        [EvacuationRunner.Clearance90] = ("min", true),
        [EvacuationRunner.Clearance100] = ("min", true),
        [EvacuationRunner.ShareSheltered] = ("%", false),
        [EvacuationRunner.PeopleNotReached] = ("people", true),
        [EvacuationRunner.PeopleUnsheltered] = ("people", true),
        [EvacuationRunner.PeakShelterLoad] = ("% of places", true),
        [EvacuationRunner.SheltersFull] = ("shelters", true),
        [EvacuationRunner.CrowdedLinks] = ("walkways", true),
        [EvacuationRunner.WorstBottleneck] = ("min", true),
        [EvacuationRunner.CarTrips] = ("cars", false),
        [EvacuationRunner.CarClearance] = ("min", true),
        [EvacuationRunner.CarsNotArrived] = ("cars", true),
        [EvacuationRunner.WalkClearance90] = ("min", true),
        [EvacuationRunner.WalkClearance100] = ("min", true),
        [EnergyRunner.PeakFeederLoading] = ("% of rating", true),
        [EnergyRunner.PeakTransformerLoading] = ("% of rating", true),
        [EnergyRunner.HoursOverRating] = ("branch-hours", true),
        [EnergyRunner.ElementsOverRating] = ("branches", true),
        [EnergyRunner.LowestVoltage] = ("pu", false),
        [EnergyRunner.HoursBelowVoltageLimit] = ("h", true),
        [EnergyRunner.HoursAboveVoltageLimit] = ("h", true),
        [EnergyRunner.Losses] = ("kWh", true),
        [EnergyRunner.EnergyServed] = ("kWh", false),
        [EnergyRunner.EnergyNotServed] = ("kWh", true),
        [EnergyRunner.CriticalEnergyNotServed] = ("kWh", true),
        [EnergyRunner.PvEnergy] = ("kWh", false),
        [EnergyRunner.PvCurtailed] = ("kWh", true),
        [EnergyRunner.EvEnergy] = ("kWh", false),
        [EnergyRunner.PeakImport] = ("kW", true),
        [EnergyRunner.IntervalsNotSolved] = ("intervals", true),
        [CompoundRunner.AmbulanceReach] = ("% of residents", false),
        [CompoundRunner.ResidentsOutOfReach] = ("people", true),
        [CompoundRunner.AmbulanceStationsOut] = ("stations", true),
        [CompoundRunner.PeopleNotEvacuated] = ("people", true),
        [CompoundRunner.LoadWithoutPowerKw] = ("kW", true),
        [CompoundRunner.BusesWithoutPower] = ("buses", true),
        [CompoundRunner.HospitalsFlooded] = ("hospitals", true),
        [CompoundRunner.RoadsCut] = ("roads", true),
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
        var names = KpiBands.Headline(kpis.Baseline.Keys.Concat(kpis.Interventions.SelectMany(i => i.Values.Keys)).Distinct())
            .OrderBy(k => KpiNames.All.ToList().IndexOf(k)).ToArray();
        string title = $"{scenario.Metadata.Name ?? "scenario"} ({scenario.Spec.City}, {scenario.Spec.Simulation})";
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(title)).Append("</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse}")
            .Append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".better{color:#1a7f37}.worse{color:#c62828}.charts{display:flex;flex-wrap:wrap;gap:24px}</style></head><body>");
        html.Append("<h1>").Append(E(title)).Append("</h1>");
        bool epidemic = scenario.Spec.Simulation == SimulationKinds.Epidemic;
        bool flood = scenario.Spec.Simulation == SimulationKinds.Flood;
        bool evacuation = scenario.Spec.Simulation == SimulationKinds.Evacuation;
        bool energy = scenario.Spec.Simulation == SimulationKinds.Energy;
        bool compound = scenario.Spec.Simulation == SimulationKinds.Compound;
        string horizon = epidemic ? $"{(scenario.Spec.Epidemic ?? new EpidemicSpec()).Days} days"
            : flood ? string.Create(CultureInfo.InvariantCulture, $"{scenario.Spec.Flood?.Hours ?? 0:0.##} hours")
            : evacuation ? string.Create(CultureInfo.InvariantCulture, $"at most {scenario.Spec.Evacuation?.Hours ?? 0:0.##} hours")
            : compound ? string.Create(CultureInfo.InvariantCulture, $"{scenario.Spec.Compound?.Flood?.Hours ?? 0:0.##} hours, the flood's; baseline: without the flood")
            : energy ? string.Create(CultureInfo.InvariantCulture, $"{scenario.Spec.Energy?.Hours ?? 0} hours from {scenario.Spec.Energy?.StartDate}, every {scenario.Spec.Energy?.IntervalMinutes ?? 0} minutes")
            : scenario.Spec.Horizon ?? "until every trip arrives";
        string bands = epidemic && kpis.Runs > 1 ? "; in brackets, the 5th and 95th percentiles across the members" : "";
        html.Append(CultureInfo.InvariantCulture, $"<p>Means over {kpis.Runs} run{(kpis.Runs == 1 ? "" : "s")} (seeds from {scenario.Spec.Seed}); horizon {E(horizon)}{bands}.</p>");
        if (epidemic && EpidemicPopulation.ReadDescription(result.ResultsDirectory) is { } people)
            html.Append("<p>Population: ").Append(E(people)).Append(".</p>");

        html.Append("<h2>KPIs</h2><table><tr><th>KPI</th><th>baseline</th>");
        foreach (var i in kpis.Interventions) html.Append("<th>").Append(E(i.Name)).Append("</th><th>change</th>");
        html.Append("</tr>");
        foreach (string name in names)
        {
            var (unit, lowerIsBetter) = Kpis.GetValueOrDefault(name, ("", true));
            html.Append("<tr><td>").Append(E(name)).Append(unit.Length > 0 ? $" ({E(unit)})" : "").Append("</td><td>").Append(E(KpiBands.Cell(kpis.Baseline, name))).Append("</td>");
            foreach (var i in kpis.Interventions)
            {
                html.Append("<td>").Append(E(KpiBands.Cell(i.Values, name))).Append("</td>");
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
        else if (!flood && !evacuation && !energy && !compound)
        {
            var distributions = variants.Select(v => (v.Name, result.Runs.Where(r => r.Variant == v.Name).SelectMany(r => r.TravelTimes).ToArray())).ToArray();
            html.Append("<div>").Append(SvgCharts.Distribution("travel time distribution (share of trips)", distributions, "s")).Append("</div>");
        }
        html.Append("</div>");
        if (epidemic) Hospitals(html, result.ResultsDirectory, variants.Select(v => v.Name).ToArray());
        if (flood) FloodReport.Append(html, result.ResultsDirectory, variants.Select(v => v.Name).ToArray());
        if (evacuation) EvacuationReport.Append(html, result.ResultsDirectory, variants.Select(v => v.Name).ToArray());
        if (energy) EnergyReport.Append(html, result.ResultsDirectory, variants.Select(v => v.Name).ToArray());
        if (compound) CompoundReport.Append(html, result.ResultsDirectory, variants.Select(v => v.Name).ToArray());

        if (result.Runs.Count > 0) Runs(html, result);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Runs(StringBuilder html, ScenarioRunResult result)
    {
        html.Append("<h2>Runs</h2><table><tr><th>member</th><th>seed</th><th>variant</th><th>what changed</th><th>trips</th><th>arrived</th><th>simulated s</th><th>backend</th><th>outputs</th></tr>");
        foreach (var run in result.Runs)
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{run.Member}</td><td>{run.Seed}</td><td>{E(run.Variant)}</td><td>{E(string.Join("; ", run.Notes))}</td><td>{run.Summary.TripsTotal:N0}</td><td>{run.Summary.Arrived:N0}</td><td>{run.Summary.Time:N0}</td><td>{E(run.Summary.Backend)}</td><td>{E(Path.GetRelativePath(result.ResultsDirectory, run.Directory))}</td></tr>");
        html.Append("</table>");
    }

    /// <summary>
    /// With the twin's hospitals: each one's beds and figures per variant (members' mean, 5th–95th percentile band),
    /// and member 0's patients in wards and in intensive care against the beds free for them, per hospital.
    /// </summary>
    private static void Hospitals(StringBuilder html, string results, string[] variants)
    {
        var hospitals = HospitalLoads.ReadSummary(results);
        if (hospitals.Count == 0) return;
        html.Append("<h2>Hospitals</h2><p>Patients of the outbreak against the beds free for them (the rest hold other patients); ")
            .Append("each resident is admitted to the hospital nearest home. Figures are the members' means, with the 5th–95th percentile band.</p>");
        html.Append("<table><tr><th>hospital</th><th>catchment (residents)</th><th>ward beds (free)</th><th>ICU beds (free)</th>");
        foreach (string v in variants) html.Append(CultureInfo.InvariantCulture, $"<th>{E(v)}: peak ward</th><th>peak ICU</th><th>days over</th>");
        html.Append("</tr>");
        foreach (var h in hospitals)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(h.Name)}</td><td>{h.Catchment:N0}</td><td>{h.WardBeds:N0} ({h.FreeWardBeds:N0})</td><td>{h.IcuBeds:N0} ({h.FreeIcuBeds:N0})</td>");
            foreach (string v in variants)
                foreach (string figure in new[] { "peakWard", "peakIcu", HospitalLoads.DaysOverCapacity })
                {
                    var band = h.Variants.GetValueOrDefault(v)?.GetValueOrDefault(figure);
                    html.Append("<td>").Append(band is null ? "" : string.Create(CultureInfo.InvariantCulture, $"{band.Mean:#,0.#} ({band.Low:#,0.#}–{band.High:#,0.#})")).Append("</td>");
                }
            html.Append("</tr>");
        }
        html.Append("</table><div class=\"charts\">");
        foreach (var h in hospitals)
            foreach (var (column, free, what) in new[] { ("ward", h.FreeWardBeds, "ward"), ("icu", h.FreeIcuBeds, "ICU") })
            {
                var series = variants.Select(v => (v, HospitalCurve(results, v, h.Id, column))).ToList();
                double end = series.SelectMany(s => s.Item2).Select(p => p.X).DefaultIfEmpty(0).Max();
                series.Add(($"free {what} beds", [(0, free), (end, free)]));
                html.Append("<div>").Append(SvgCharts.Lines($"{h.Name}: {what} patients, member 0", series, "day")).Append("</div>");
            }
        html.Append("</div>");
    }

    /// <summary>A hospital's column of member 0's hospitals.csv for a variant: (day, patients) points.</summary>
    private static (double X, double Y)[] HospitalCurve(string results, string variant, string hospital, string column)
    {
        string path = Path.Combine(results, "0", variant, HospitalLoads.CsvName);
        if (!File.Exists(path)) return [];
        var lines = File.ReadAllLines(path);
        int index = Array.IndexOf(lines[0].Split(','), column);
        return lines.Skip(1).Select(l => l.Split(',')).Where(f => f[1] == hospital).Select(f =>
            (double.Parse(f[0], CultureInfo.InvariantCulture), double.Parse(f[index], CultureInfo.InvariantCulture))).ToArray();
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

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
