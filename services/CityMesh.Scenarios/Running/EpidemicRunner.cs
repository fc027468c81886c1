using System.Globalization;
using System.Text;
using System.Text.Json;
using CityMesh.Compute;
using CityMesh.Scenarios.Kpis;
using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Epidemic;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// Runs an epidemic scenario: one population (from spec.seed: synthetic, or from the city's twin), then for every
/// ensemble member (seed + member) the baseline and each variant. Each run writes its daily curve to
/// {results}/{member}/{variant}/curve.csv and, with the twin's hospitals, each one's patients to hospitals.csv
/// (<see cref="HospitalLoads"/>); the KPIs are the members' means, with the 5th and 95th percentiles across members
/// as each KPI's band ({kpi}Low, {kpi}High).
/// </summary>
internal static class EpidemicRunner
{
    public const string AttackRate = "attackRate", PeakInfectious = "peakInfectious", PeakDay = "peakDay",
        PeakHospitalised = "peakHospitalised", PeakIcu = "peakIcu", Deaths = "deaths";

    public static readonly IReadOnlyList<string> Kpis = [AttackRate, PeakInfectious, PeakDay, PeakHospitalised, PeakIcu, Deaths, .. HospitalLoads.Kpis];

    public static ScenarioRunResult Run(TwinScenario scenario, ScenarioRunOptions options, IProgress<ScenarioProgress>? progress, CancellationToken ct)
    {
        var spec = scenario.Spec;
        var epidemic = spec.Epidemic ?? new EpidemicSpec();
        var members = options.Members ?? Enumerable.Range(0, spec.Ensemble).ToArray();
        var compute = options.Compute ?? ComputeSelector.FromEnvironment();
        Directory.CreateDirectory(options.ResultsDirectory);
        var people = EpidemicPopulation.Create(spec, epidemic, options.City, options.ResultsDirectory);
        var population = people.Population;
        progress?.Report(new ScenarioProgress(0, people.Description, 0));
        var hospitalRuns = new Dictionary<string, List<IReadOnlyList<HospitalRun>>>(StringComparer.Ordinal);
        var variants = new List<(string Name, IReadOnlyList<Intervention> Interventions)> { (TrafficVariant.BaselineName, []) };
        variants.AddRange(spec.Interventions.Select((v, i) => (v.Name, Interventions(v.Epidemic, $"spec.interventions[{i}].epidemic"))));
        int total = members.Count * variants.Count, done = 0;
        var reports = new List<KpiReport>(members.Count);
        foreach (int member in members)
        {
            ulong seed = ScenarioRunner.MemberSeed(spec, member);
            var values = new List<Dictionary<string, double>>();
            foreach (var (name, interventions) in variants)
            {
                ct.ThrowIfCancellationRequested();
                var run = new EpidemicOptions
                {
                    LatentDays = epidemic.LatentDays, InfectiousDays = epidemic.InfectiousDays, Days = epidemic.Days,
                    InitialInfections = Math.Min(epidemic.InitialInfections, population.Count), Seed = seed, Interventions = interventions,
                };
                using var simulation = GuardOptions(() => new EpidemicSimulation(population, run, compute.Device));
                int finished = done;
                var result = simulation.Run(new CityMesh.Simulation.InlineProgress<EpidemicPoint>(p => progress?.Report(
                    new ScenarioProgress((finished + Math.Clamp(p.Day / epidemic.Days, 0, 1)) / total, $"member {member}, {name}", p.Day * 86400))), ct);
                string directory = Path.Combine(options.ResultsDirectory, member.ToString(CultureInfo.InvariantCulture), name);
                WriteCurve(result, directory);
                var figures = new Dictionary<string, double>(StringComparer.Ordinal)
                {
                    [AttackRate] = Math.Round(100 * result.AttackRate, 3),
                    [PeakInfectious] = result.PeakInfectious,
                    [PeakDay] = result.PeakDay,
                    [PeakHospitalised] = result.PeakHospitalised,
                    [PeakIcu] = result.PeakCritical,
                    [Deaths] = result.Deaths,
                };
                if (people.Hospitals.Count > 0)
                {
                    var (hospitals, loads) = HospitalLoads.Of(result, people.Hospitals, run.StepDays);
                    HospitalLoads.WriteCsv(result, people.Hospitals, directory);
                    foreach (var (kpi, value) in loads) figures[kpi] = value;
                    (hospitalRuns.TryGetValue(name, out var list) ? list : hospitalRuns[name] = []).Add(hospitals);
                }
                values.Add(figures);
                progress?.Report(new ScenarioProgress((double)++done / total, $"member {member}, {name}: attack rate {result.AttackRate:P1}, {result.Deaths:N0} deaths", result.Curve[^1].Day * 86400));
            }
            reports.Add(new KpiReport
            {
                Baseline = values[0],
                Interventions = values.Skip(1).Select((v, i) => new InterventionKpis { Name = variants[i + 1].Name, Values = v }).ToArray(),
            });
        }
        if (people.Hospitals.Count > 0) HospitalLoads.WriteSummary(people.Hospitals, hospitalRuns, options.ResultsDirectory);
        var merged = KpiMath.Merge(reports);
        var kpis = merged with
        {
            Baseline = WithBands(merged.Baseline, reports.Select(r => r.Baseline).ToList()),
            Interventions = merged.Interventions.Select(i => i with
            {
                Values = WithBands(i.Values, reports.Select(r => r.Interventions.First(x => x.Name == i.Name).Values).ToList()),
            }).ToArray(),
            Device = compute.Description,
        };
        File.WriteAllText(Path.Combine(options.ResultsDirectory, "kpis.json"), JsonSerializer.Serialize(kpis, ScenarioJson.Indented));
        return new ScenarioRunResult(kpis, [], options.ResultsDirectory);
    }

    /// <summary>The spec's variant as the engine's interventions.</summary>
    private static IReadOnlyList<Intervention> Interventions(EpidemicInterventionSpec? spec, string field)
    {
        if (spec is null) throw new ScenarioInputException(field, "required for an epidemic variant.");
        var list = new List<Intervention>();
        if (spec.SchoolClosure is { } closure) list.Add(new Intervention(InterventionKind.SchoolClosure, closure.FromDay, closure.UntilDay));
        if (spec.WorkFromHome is { } home) list.Add(new Intervention(InterventionKind.WorkFromHome, home.FromDay, home.UntilDay) { Share = home.Share ?? 0 });
        foreach (var reduction in spec.ContactReductions)
            list.Add(new Intervention(InterventionKind.ContactReduction, reduction.FromDay, reduction.UntilDay) { Layer = reduction.Layer, Share = reduction.Share ?? 0 });
        if (spec.Vaccination is { } campaign)
            list.Add(new Intervention(InterventionKind.Vaccination, campaign.Day) { Share = campaign.Coverage, Efficacy = campaign.Efficacy, AgeBands = campaign.AgeBands });
        return list;
    }

    /// <summary>Each KPI's 5th and 95th percentiles across the members (linear between ranks).</summary>
    private static IReadOnlyDictionary<string, double> WithBands(IReadOnlyDictionary<string, double> means, IReadOnlyList<IReadOnlyDictionary<string, double>> members)
    {
        var result = new Dictionary<string, double>(means, StringComparer.Ordinal);
        foreach (string kpi in Kpis)
        {
            var sorted = members.Where(m => m.ContainsKey(kpi)).Select(m => m[kpi]).Order().ToArray();
            if (sorted.Length == 0) continue;
            result[kpi + "Low"] = Math.Round(Band.Percentile(sorted, 0.05), 3);
            result[kpi + "High"] = Math.Round(Band.Percentile(sorted, 0.95), 3);
        }
        return result;
    }

    private static void WriteCurve(EpidemicResult result, string directory)
    {
        Directory.CreateDirectory(directory);
        var csv = new StringBuilder("day,susceptible,exposed,infectious,recovered,hospitalised,icu,dead,newInfections,newAdmissions\n");
        foreach (var p in result.Curve)
            csv.Append(CultureInfo.InvariantCulture, $"{p.Day:0.###},{p.Susceptible},{p.Exposed},{p.Infectious},{p.Recovered},{p.Hospitalised},{p.Critical},{p.Dead},{p.NewInfections},{p.NewAdmissions}\n");
        File.WriteAllText(Path.Combine(directory, "curve.csv"), csv.ToString());
    }

    /// <summary>The engine's argument errors (options the validator could not see), named by the spec field.</summary>
    private static T GuardOptions<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (ArgumentException e)
        {
            throw new ScenarioInputException("spec.epidemic", e.Message.Split(" (Parameter")[0], e);
        }
    }
}
