using System.Globalization;
using System.Text;
using System.Text.Json;
using CityMesh.Compute;
using CityMesh.Scenarios.Kpis;
using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Evacuation;
using CityMesh.Simulation.Traffic.Engine;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// Runs an evacuation scenario (services/CityMesh.Simulation/Evacuation/README.md): the setting once (the city, the
/// flood first when given, the zone's buildings and residents, the shelters, the roads the flood cuts), each variant
/// made ready once, then for every ensemble member (seed + member) and variant: the cars planned, the walk simulated,
/// the cars driven through the traffic simulator. Each run writes {results}/{member}/{variant}/: shelters.csv
/// (occupancy against capacity over time), counts.csv, links.csv (each walkway's crowding), summary.json (figures and
/// bottlenecks) and, with cars, cars/ (the traffic simulator's outputs). KPIs are the members' means.
/// </summary>
public static class EvacuationRunner
{
    public const string PeopleInZone = "peopleInZone", Clearance90 = "clearance90", Clearance100 = "clearance100", ShareSheltered = "shareSheltered",
        PeopleNotReached = "peopleNotReached", PeopleUnsheltered = "peopleUnsheltered", PeakShelterLoad = "peakShelterLoad", SheltersFull = "sheltersFull",
        CrowdedLinks = "crowdedLinks", WorstBottleneck = "worstBottleneck", CarTrips = "carTrips", CarClearance = "carClearance", CarsNotArrived = "carsNotArrived",
        WalkClearance90 = "walkClearance90", WalkClearance100 = "walkClearance100";

    public const string SettingFile = "setting.json", SheltersFile = "shelters.csv", LinksFile = "links.csv", SummaryFile = "summary.json", CountsFile = "counts.csv";

    public static ScenarioRunResult Run(TwinScenario scenario, ScenarioRunOptions options, IProgress<ScenarioProgress>? progress, CancellationToken ct)
    {
        var spec = scenario.Spec;
        var evacuation = spec.Evacuation ?? throw new ScenarioInputException("spec.evacuation", "required for simulation 'evacuation'.");
        var members = options.Members ?? Enumerable.Range(0, spec.Ensemble).ToArray();
        var compute = options.Compute ?? ComputeSelector.FromEnvironment();
        Directory.CreateDirectory(options.ResultsDirectory);
        var setting = EvacuationSetting.Create(evacuation, options, compute, (f, what) => progress?.Report(new ScenarioProgress(0, $"{what} {f:P0}", 0)), ct);
        progress?.Report(new ScenarioProgress(0, setting.Description, 0));
        WriteSetting(setting, options.ResultsDirectory);
        var variants = new List<EvacuationVariant> { EvacuationVariant.Prepare(setting, evacuation, TrafficVariant.BaselineName, null, "spec.evacuation") };
        for (int i = 0; i < spec.Interventions.Count; i++)
        {
            string field = $"spec.interventions[{i}].evacuation";
            var change = spec.Interventions[i].Evacuation ?? throw new ScenarioInputException(field, "required for an evacuation variant.");
            variants.Add(EvacuationVariant.Prepare(setting, evacuation, spec.Interventions[i].Name, change, field));
        }
        int total = members.Count * variants.Count, done = 0;
        var reports = new List<KpiReport>(members.Count);
        foreach (int member in members)
        {
            ulong seed = ScenarioRunner.MemberSeed(spec, member);
            var values = new List<Dictionary<string, double>>();
            foreach (var variant in variants)
            {
                ct.ThrowIfCancellationRequested();
                string label = $"member {member}, {variant.Name}";
                var outcome = RunOne(setting, evacuation, variant, seed, compute, Path.Combine(options.ResultsDirectory, member.ToString(CultureInfo.InvariantCulture), variant.Name),
                    f => progress?.Report(new ScenarioProgress((done + f) / total, label, f * evacuation.Hours * 3600)), ct);
                values.Add(Kpis(outcome, evacuation));
                progress?.Report(new ScenarioProgress((double)++done / total,
                    $"{label}: {outcome.Sheltered:N0} of {outcome.People:N0} in shelters, 90 % by {Minutes(outcome.Clearance90)}", outcome.Walk.SimulatedSeconds));
            }
            reports.Add(new KpiReport
            {
                Baseline = values[0],
                Interventions = values.Skip(1).Select((v, i) => new InterventionKpis { Name = variants[i + 1].Name, Values = v }).ToArray(),
            });
        }
        var kpis = KpiMath.Merge(reports) with { Device = compute.Description };
        File.WriteAllText(Path.Combine(options.ResultsDirectory, "kpis.json"), JsonSerializer.Serialize(kpis, ScenarioJson.Indented));
        return new ScenarioRunResult(kpis, [], options.ResultsDirectory);
    }

    internal static EvacuationOutcome RunOne(EvacuationSetting setting, EvacuationSpec spec, EvacuationVariant variant, ulong seed, ComputeSelection compute,
        string directory, Action<double> progress, CancellationToken ct)
    {
        var response = new ResponseCurve
        {
            Shape = spec.Response.Shape == "logistic" ? ResponseShape.Logistic : ResponseShape.Rayleigh,
            MeanSeconds = 60 * spec.Response.MeanMinutes,
            SpreadSeconds = 60 * spec.Response.SpreadMinutes,
        };
        var (cars, walkers, demand, stayed) = EvacuationCars.Plan(setting, variant, spec.Cars, response, seed);
        double seconds = spec.Hours * 3600;
        double[] arrivals = [];
        TrafficResults? traffic = null;
        // Cars first: their people take shelter places as they arrive, which the walkers then meet.
        if (demand.Trips.Count > 0) (arrivals, traffic) = EvacuationCars.Drive(variant.Network!, demand, seconds, seed, compute);
        var byCar = cars.Select((car, c) => (car, c)).Where(x => !double.IsNaN(arrivals[x.c]))
            .Select(x => new ShelterArrival(x.car.Shelter, arrivals[x.c], x.car.People)).ToList();
        var groups = new List<EvacueeGroup>();
        for (int b = 0; b < setting.Zone.Count; b++)
            if (walkers[b] > 0) groups.Add(new EvacueeGroup(setting.Zone[b].Id, variant.DoorNode[b], walkers[b], spec.Walking.DoorWidth, variant.Start[b], variant.AllowedShelters[b]));
        var shelters = variant.Shelters.Select((s, k) => new Shelter(s.Name, variant.ShelterNode[k], s.Capacity, s.DoorWidth)).ToList();
        var options = new EvacuationOptions
        {
            Seconds = seconds,
            StepSeconds = spec.StepSeconds,
            Walking = new FundamentalDiagram { FreeSpeed = spec.Walking.FreeSpeed, Gamma = spec.Walking.Gamma, MaxDensity = spec.Walking.MaxDensity },
            MaxSpecificFlow = spec.Walking.MaxSpecificFlow,
            CrowdedDensity = spec.Walking.CrowdedDensity,
            Response = response,
            Rule = variant.Rule,
            Seed = seed,
            Closures = variant.Closures,
        };
        EvacuationSimulation simulation;
        try
        {
            simulation = new EvacuationSimulation(variant.Graph, shelters, groups, options, arrivals: byCar);
        }
        catch (ArgumentException e)
        {
            throw new ScenarioInputException("spec.evacuation", e.Message.Split(" (Parameter")[0], e);
        }
        long every = Math.Max(1, (long)(60 / spec.StepSeconds));
        while (!simulation.IsFinished)
        {
            ct.ThrowIfCancellationRequested();
            simulation.Step();
            if (simulation.Steps % every == 0) progress(Math.Min(1, simulation.Time / options.Seconds));
        }
        var outcome = new EvacuationOutcome(variant, setting.Zone.Sum(b => b.People), simulation.Result, cars, arrivals);
        Write(outcome, setting, directory, stayed, traffic);
        return outcome;
    }

    internal static Dictionary<string, double> Kpis(EvacuationOutcome o, EvacuationSpec spec)
    {
        var loads = o.Walk.Shelters.Select(s => (s.Capacity, s.Peak)).ToList();
        var kpis = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [PeopleInZone] = o.People,
            [ShareSheltered] = Math.Round(100.0 * o.Sheltered / Math.Max(1, o.People), 2),
            [PeopleNotReached] = o.NotReached,
            [PeopleUnsheltered] = o.Unsheltered,
            [PeakShelterLoad] = Math.Round(loads.Where(l => l.Capacity > 0).Select(l => 100.0 * l.Peak / l.Capacity).DefaultIfEmpty(0).Max(), 2),
            [SheltersFull] = loads.Count(l => l.Capacity > 0 && l.Peak >= l.Capacity),
            [CrowdedLinks] = o.Walk.Links.Count(l => l.CrowdedSeconds > 0),
            [WorstBottleneck] = Math.Round(o.Walk.Links.Select(l => l.CrowdedSeconds).DefaultIfEmpty(0).Max() / 60, 2),
        };
        // A clearance that never came within the run has no value: the run says so with shareSheltered and peopleNotReached.
        if (o.Clearance90 is { } c90) kpis[Clearance90] = Math.Round(c90 / 60, 2);
        if (o.Clearance100 is { } c100) kpis[Clearance100] = Math.Round(c100 / 60, 2);
        // The walkers' own, which cars stuck in traffic do not hide.
        if (o.Walk.Clearance90Seconds is { } w90) kpis[WalkClearance90] = Math.Round(w90 / 60, 2);
        if (o.Walk.Clearance100Seconds is { } w100) kpis[WalkClearance100] = Math.Round(w100 / 60, 2);
        if (spec.Cars.Share > 0)
        {
            kpis[CarTrips] = o.Cars.Count;
            kpis[CarsNotArrived] = o.CarArrivals.Count(double.IsNaN);
            if (o.Cars.Count > 0 && !o.CarArrivals.Any(double.IsNaN)) kpis[CarClearance] = Math.Round(o.CarArrivals.Max() / 60, 2);
        }
        return kpis;
    }

    internal static void WriteSetting(EvacuationSetting setting, string results) =>
        File.WriteAllText(Path.Combine(results, SettingFile), JsonSerializer.Serialize(new
        {
            description = setting.Description,
            buildings = setting.Zone.Count,
            people = setting.Zone.Sum(b => b.People),
            shelters = setting.Shelters.Select(s => new { s.Name, s.Id, s.X, s.Y, s.Capacity }),
            roadsCut = setting.Closures.Select(c => new { c.Road, c.Name, c.Seconds }),
            zone = setting.Zone.Select(b => new { b.Id, b.X, b.Y, b.People }),
        }, ScenarioJson.Indented));

    private static void Write(EvacuationOutcome o, EvacuationSetting setting, string directory, int stayed, TrafficResults? traffic)
    {
        Directory.CreateDirectory(directory);
        var walk = o.Walk;
        var shelters = new StringBuilder("seconds,shelter,walked,drove,total,capacity\n");
        foreach (var load in walk.Shelters)
            for (int i = 0; i < walk.SampleSeconds.Count; i++)
            {
                int total = load.Occupancy[i], drove = load.Others[i];
                shelters.Append(CultureInfo.InvariantCulture, $"{walk.SampleSeconds[i]:0.#},{Csv(load.Name)},{total - drove},{drove},{total},{load.Capacity}\n");
            }
        File.WriteAllText(Path.Combine(directory, SheltersFile), shelters.ToString());
        var counts = new StringBuilder("seconds,waiting,walking,queued,sheltered,unsheltered,stranded\n");
        for (int i = 0; i < walk.SampleSeconds.Count; i++)
        {
            var c = walk.Samples[i];
            counts.Append(CultureInfo.InvariantCulture, $"{walk.SampleSeconds[i]:0.#},{c.Waiting},{c.Walking},{c.Queued},{c.Sheltered},{c.Unsheltered},{c.Stranded}\n");
        }
        File.WriteAllText(Path.Combine(directory, CountsFile), counts.ToString());
        var graph = o.Variant.Graph;
        var links = new StringBuilder("link,road,x1,y1,x2,y2,width,peakDensity,crowdedSeconds,passed\n");
        foreach (var l in walk.Links)
            links.Append(CultureInfo.InvariantCulture,
                $"{l.Link},{Csv(l.Road)},{graph.X[graph.From[l.Link]]:0.#},{graph.Y[graph.From[l.Link]]:0.#},{graph.X[graph.To[l.Link]]:0.#},{graph.Y[graph.To[l.Link]]:0.#},{graph.Width[l.Link]:0.##},{l.PeakDensity:0.###},{l.CrowdedSeconds:0.#},{l.Passed}\n");
        File.WriteAllText(Path.Combine(directory, LinksFile), links.ToString());
        var names = setting.City.City.Roads.ToDictionary(r => r.Id, r => r.Name, StringComparer.Ordinal);
        File.WriteAllText(Path.Combine(directory, SummaryFile), JsonSerializer.Serialize(new
        {
            o.People, o.Sheltered, o.NotReached, o.Unsheltered, walkers = walk.Final, clearance90Seconds = o.Clearance90, clearance100Seconds = o.Clearance100,
            walkClearance90Seconds = walk.Clearance90Seconds, walkClearance100Seconds = walk.Clearance100Seconds,
            cars = o.Cars.Count, carPeople = o.Cars.Sum(c => c.People), carsArrived = o.CarArrivals.Count(a => !double.IsNaN(a)), carPeopleWalkingInstead = stayed,
            bottlenecks = walk.Bottlenecks(10).Select(l => new Bottleneck(l.Link, names.GetValueOrDefault(l.Road, l.Road), Math.Round(l.PeakDensity, 2), Math.Round(l.CrowdedSeconds / 60, 2), l.Passed)),
            turnedAway = walk.Shelters.Select(s => new { s.Name, s.TurnedAway, carPeople = s.OthersTurnedAway }),
            notes = o.Variant.Notes, walk.Steps, walk.SimulatedSeconds, walk.WallSeconds, walk.PersonSteps,
        }, ScenarioJson.Indented));
        if (traffic is not null) TrafficResultsWriter.WriteAll(traffic, Path.Combine(directory, "cars"));
    }

    private static string Csv(string text) => text.Contains(',') || text.Contains('"') ? $"\"{text.Replace("\"", "\"\"")}\"" : text;

    private static string Minutes(double? seconds) => seconds is { } s ? string.Create(CultureInfo.InvariantCulture, $"{s / 60:0.#} min") : "never";

    /// <summary>A summary's bottlenecks, as the report reads them back.</summary>
    public static IReadOnlyList<Bottleneck> ReadBottlenecks(string directory)
    {
        string path = Path.Combine(directory, SummaryFile);
        if (!File.Exists(path)) return [];
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        return json.RootElement.GetProperty("bottlenecks").Deserialize<List<Bottleneck>>(ScenarioJson.Indented) ?? [];
    }
}

/// <summary>A walkway that stayed crowded: its link, the road (or building's or shelter's path) it is on, its peak density (/m²), minutes crowded, people through.</summary>
public sealed record Bottleneck(int Link, string Road, double PeakDensity, double CrowdedMinutes, long Passed);
