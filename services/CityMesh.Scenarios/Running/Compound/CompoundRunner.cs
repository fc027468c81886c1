using System.Globalization;
using System.Text.Json;
using CityMesh.Compute;
using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Kpis;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running.Energy;

namespace CityMesh.Scenarios.Running.Compound;

/// <summary>
/// Runs a compound scenario: the flood once over the city's twin (its files in {results}/flood/), then each part asked
/// for twice, without the flood ("baseline") and with it ("flood"), from the same parts the single kinds run:
/// ambulance reach (<see cref="ReachNetwork"/>, read every stepMinutes with the roads cut and stations flooded by
/// then: ambulance.csv), the evacuation (<see cref="EvacuationRunner"/>'s run, with and without the flood's road
/// closures, per ensemble member: {member}/{baseline|flood}/) and the grid (<see cref="EnergyRunner.Simulate"/> with
/// the flooded substations out from their times: energy/{baseline|flood}/). The KPIs are one report: the baseline's
/// without the flood, the "flood" variant's with it.
/// </summary>
public static class CompoundRunner
{
    public const string FloodVariant = "flood", AmbulanceFile = "ambulance.csv", EnergyDirectory = "energy";

    public const string AmbulanceReach = "ambulanceReach", ResidentsOutOfReach = "residentsOutOfReach", AmbulanceStationsOut = "ambulanceStationsOut",
        PeopleNotEvacuated = "peopleNotEvacuated", LoadWithoutPowerKw = "loadWithoutPowerKw", BusesWithoutPower = "busesWithoutPower",
        HospitalsFlooded = "hospitalsFlooded", RoadsCut = "roadsCut";

    private const string Field = "spec.compound";

    public static ScenarioRunResult Run(TwinScenario scenario, ScenarioRunOptions options, IProgress<ScenarioProgress>? progress, CancellationToken ct)
    {
        var spec = scenario.Spec;
        var compound = spec.Compound ?? throw new ScenarioInputException(Field, "required for simulation 'compound'.");
        var flood = compound.Flood ?? throw new ScenarioInputException($"{Field}.flood", "required.");
        var members = options.Members ?? Enumerable.Range(0, spec.Ensemble).ToArray();
        var compute = options.Compute ?? ComputeSelector.FromEnvironment();
        Directory.CreateDirectory(options.ResultsDirectory);

        // One city for every part: the evacuation's walkways and cars, the ambulances' roads; its ambulance stations
        // among the sites the flood is checked against, so a flooded station is known with its time.
        var twin = options.City is { } read ? read with { Sites = [.. read.Sites, .. read.AmbulanceStations] } : null;
        var evacuationSpec = compound.Evacuation ?? new EvacuationSpec { Twin = new EvacuationTwinSpec() };
        var city = EvacuationCity.Create(evacuationSpec with { Twin = evacuationSpec.Twin ?? new EvacuationTwinSpec() }, twin,
            cars: compound.Ambulance is not null || evacuationSpec.Cars.Share > 0);
        var consequences = EvacuationSetting.RunFlood(flood with { Twin = flood.Twin ?? new FloodTwinSpec() }, city, options, compute,
            flood.FloodedDepthMetres, (f, _) => progress?.Report(new ScenarioProgress(0.3 * f, $"flood {f:P0}", f * flood.Hours * 3600)), ct, $"{Field}.flood");
        progress?.Report(new ScenarioProgress(0.3, $"the flood cuts {consequences.RoadsCut.Count} roads and reaches {consequences.BuildingsFlooded:N0} buildings", flood.Hours * 3600));

        var without = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [RoadsCut] = 0, [HospitalsFlooded] = 0,
        };
        var with = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [RoadsCut] = consequences.RoadsCut.Count, [HospitalsFlooded] = consequences.Count(EntityTypes.Hospital),
        };
        if (compound.Ambulance is { } ambulance)
            Ambulance(ReachNetwork.Of(city, ambulance), ambulance, consequences, flood.Hours, options.ResultsDirectory, without, with);
        if (compound.Energy is { } energy)
        {
            ct.ThrowIfCancellationRequested();
            Grid(energy, options, consequences, without, with, ct);
            progress?.Report(new ScenarioProgress(0.4, $"grid: {with[LoadWithoutPowerKw]:N0} kW without power at worst", flood.Hours * 3600));
        }
        var reports = new List<KpiReport>(members.Count);
        foreach (int member in members)
        {
            var (dry, wet) = (new Dictionary<string, double>(without, StringComparer.Ordinal), new Dictionary<string, double>(with, StringComparer.Ordinal));
            if (compound.Evacuation is { } evacuation)
                Evacuate(evacuation, city, consequences, ScenarioRunner.MemberSeed(spec, member), compute,
                    Path.Combine(options.ResultsDirectory, member.ToString(CultureInfo.InvariantCulture)), dry, wet,
                    f => progress?.Report(new ScenarioProgress(0.4 + 0.6 * (reports.Count + f) / members.Count, $"member {member}: evacuation", f * flood.Hours * 3600)), ct);
            reports.Add(new KpiReport { Baseline = dry, Interventions = [new InterventionKpis { Name = FloodVariant, Values = wet }] });
        }
        var kpis = KpiMath.Merge(reports) with { Device = compute.Description };
        File.WriteAllText(Path.Combine(options.ResultsDirectory, "kpis.json"), JsonSerializer.Serialize(kpis, ScenarioJson.Indented));
        return new ScenarioRunResult(kpis, [], options.ResultsDirectory);
    }

    /// <summary>
    /// Reach without the flood, and with it at every reading (0, step, ... up to the horizon) from the roads cut and the
    /// stations whose water passed the closure depth by then; the flood's figure is the lowest reading (closures never
    /// reopen within the horizon, so it is the last).
    /// </summary>
    private static void Ambulance(ReachNetwork network, AmbulanceReachSpec spec, FloodConsequences flood, double hours, string results,
        Dictionary<string, double> without, Dictionary<string, double> with)
    {
        var normal = network.Reach(spec, [], new HashSet<string>());
        var csv = new System.Text.StringBuilder("minutes,roadsClosed,stationsOut,residents,reachedNormally,reached,share,shareNormally\n");
        ReachFigures worst = normal;
        int worstStations = 0;
        var stations = network.Stations.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        for (double minutes = 0; ; minutes = Math.Min(minutes + spec.StepMinutes, 60 * hours))
        {
            double seconds = 60 * minutes;
            var closed = flood.RoadsCut.Where(r => r.ClosesAtSeconds <= seconds).Select(r => r.Id).ToList();
            var outs = flood.Sites.Where(s => stations.Contains(s.Id) && s.ArrivalSeconds <= seconds).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
            var reach = network.Reach(spec, closed, outs);
            if (reach.Share <= worst.Share) (worst, worstStations) = (reach, outs.Count);
            csv.Append(CultureInfo.InvariantCulture,
                $"{minutes:0.##},{closed.Count},{outs.Count},{reach.People:0},{normal.PeopleReached:0},{reach.PeopleReached:0},{reach.Share:0.###},{normal.Share:0.###}\n");
            if (minutes >= 60 * hours) break;
        }
        File.WriteAllText(Path.Combine(results, AmbulanceFile), csv.ToString());
        without[AmbulanceReach] = Math.Round(normal.Share, 2);
        without[ResidentsOutOfReach] = Math.Round(normal.People - normal.PeopleReached);
        without[AmbulanceStationsOut] = 0;
        with[AmbulanceReach] = Math.Round(worst.Share, 2);
        with[ResidentsOutOfReach] = Math.Round(worst.People - worst.PeopleReached);
        with[AmbulanceStationsOut] = worstStations;
    }

    /// <summary>The grid over the horizon as it is, and with the flooded substations out from their times.</summary>
    private static void Grid(EnergySpec spec, ScenarioRunOptions options, FloodConsequences flood, Dictionary<string, double> without,
        Dictionary<string, double> with, CancellationToken ct)
    {
        const string field = $"{Field}.energy";
        EnergyGrid grid;
        try
        {
            (grid, spec) = EnergyRunner.ReadGrid(spec, options);
        }
        catch (ScenarioInputException e) when (e.Field.StartsWith("spec.energy", StringComparison.Ordinal))
        {
            throw new ScenarioInputException($"{field}{e.Field["spec.energy".Length..]}", e.Detail, e);
        }
        var twin = options.Grid ?? throw new ScenarioInputException($"{field}.grid.twin", "no grid was read from the twin.");
        var buses = FloodedGrid.Buses(grid, twin, flood);
        var variant = EnergyVariant.Baseline(spec);
        var dry = EnergyRunner.Simulate(grid, spec, variant, ct);
        IReadOnlyList<GridSegment>? segments = null;
        var wet = EnergyRunner.Simulate(grid, spec, variant, ct, states: (intervals, hours) => segments = FloodedGrid.Segments(grid, buses, intervals, hours));
        wet.Notes.AddRange(segments!.Where(s => s.State.Note.Length > 0).Select(s => string.Create(CultureInfo.InvariantCulture, $"from {s.From * wet.IntervalHours:0.##} h: {s.State.Note}")));
        string directory = Path.Combine(options.ResultsDirectory, EnergyDirectory);
        EnergyFiles.Write(Path.Combine(directory, TrafficVariant.BaselineName), grid, dry);
        EnergyFiles.Write(Path.Combine(directory, FloodVariant), grid, wet);
        foreach (var (values, outcome, cut) in new[] { (without, dry, 0), (with, wet, segments!.Max(s => s.State.CutOff.Count)) })
        {
            var figures = EnergyKpis.Of(grid, outcome, spec.VoltageLimits);
            values[EnergyRunner.EnergyNotServed] = figures[EnergyRunner.EnergyNotServed];
            values[EnergyRunner.CriticalEnergyNotServed] = figures[EnergyRunner.CriticalEnergyNotServed];
            values[LoadWithoutPowerKw] = Math.Round(outcome.NotServedKw.Max(), 1);
            values[BusesWithoutPower] = cut;
        }
    }

    /// <summary>The evacuation of one member, as its kind runs it: without the flood's road closures, and with them.</summary>
    private static void Evacuate(EvacuationSpec spec, EvacuationCity city, FloodConsequences flood, ulong seed, ComputeSelection compute, string directory,
        Dictionary<string, double> without, Dictionary<string, double> with, Action<double> progress, CancellationToken ct)
    {
        var setting = EvacuationSetting.Of(spec, city, flood);
        EvacuationRunner.WriteSetting(setting, Path.GetDirectoryName(directory)!);
        var runs = new[] { (TrafficVariant.BaselineName, setting with { Closures = [] }, without), (FloodVariant, setting, with) };
        for (int k = 0; k < runs.Length; k++)
        {
            var (name, run, values) = runs[k];
            var variant = EvacuationVariant.Prepare(run, spec, name, null, $"{Field}.evacuation");
            int done = k;
            var outcome = EvacuationRunner.RunOne(run, spec, variant, seed, compute, Path.Combine(directory, name), f => progress((done + f) / runs.Length), ct);
            var figures = EvacuationRunner.Kpis(outcome, spec);
            values[PeopleNotEvacuated] = outcome.People - outcome.Sheltered;
            foreach (string kpi in new[] { EvacuationRunner.PeopleInZone, EvacuationRunner.ShareSheltered, EvacuationRunner.PeopleNotReached, EvacuationRunner.WalkClearance90, EvacuationRunner.CarsNotArrived })
                if (figures.TryGetValue(kpi, out double value)) values[kpi] = value;
        }
    }
}
