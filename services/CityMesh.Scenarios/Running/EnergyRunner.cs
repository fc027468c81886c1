using System.Text.Json;
using CityMesh.Scenarios.Kpis;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running.Energy;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// Runs an energy scenario: reads the grid once (<see cref="IEnergyGridSource"/>: a file, or the city's twin as read
/// before the run, whose weather may set the ordinary day's mean temperature; then the spec's metadata), then for
/// the baseline and each variant builds the load of every interval (base shapes, heat, EV, PV), solves every interval
/// by the public time-series AC power flow, curtails PV by a stated rule until it holds (at most
/// <see cref="MaxCurtailmentRounds"/> rounds), and reports the KPIs. Nothing is random, so every ensemble member would
/// repeat the same run: each variant is run once, and the report says Runs = 1. Each writes to {results}/{variant}/:
/// series.csv (per interval), elements.csv (per branch) and summary.json.
/// </summary>
public static class EnergyRunner
{
    public const string PeakFeederLoading = "peakFeederLoading", PeakTransformerLoading = "peakTransformerLoading", HoursOverRating = "hoursOverRating",
        ElementsOverRating = "elementsOverRating", LowestVoltage = "lowestVoltage", HoursBelowVoltageLimit = "hoursBelowVoltageLimit",
        HoursAboveVoltageLimit = "hoursAboveVoltageLimit", Losses = "lossesKwh", EnergyServed = "energyServedKwh", EnergyNotServed = "energyNotServedKwh",
        CriticalEnergyNotServed = "criticalEnergyNotServedKwh", PvEnergy = "pvEnergyKwh", PvCurtailed = "pvCurtailedKwh", EvEnergy = "evEnergyKwh",
        PeakImport = "peakImportKw", IntervalsNotSolved = "intervalsNotSolved";

    /// <summary>Rounds of the curtailment rule: ten steps of 10 % take any PV system to nothing.</summary>
    public const int MaxCurtailmentRounds = 11;

    public const string GridFile = "grid.json";

    public static ScenarioRunResult Run(TwinScenario scenario, ScenarioRunOptions options, IProgress<ScenarioProgress>? progress, CancellationToken ct)
    {
        var spec = scenario.Spec;
        var energy = spec.Energy ?? throw new ScenarioInputException("spec.energy", "required for simulation 'energy'.");
        if (energy.IntervalMinutes is not (15 or 30 or 60))
            throw new ScenarioInputException("spec.energy.intervalMinutes", $"{energy.IntervalMinutes} is not 15, 30 or 60.");
        Directory.CreateDirectory(options.ResultsDirectory);
        (var grid, energy) = ReadGrid(energy, options);
        File.WriteAllText(Path.Combine(options.ResultsDirectory, GridFile), JsonSerializer.Serialize(new
        {
            description = grid.Description,
            feeders = grid.Feeders.Select(f => new { f.Name, branch = grid.BranchName(f.Branch), ratingMva = grid.RatingMva[f.Branch] }),
            voltageLimits = energy.VoltageLimits,
            weather = energy.Weather,
            notes = grid.Notes,
            // The twin's buses by number, so a spec can name them (criticalBuses, loads.buses, evAdoption.buses...).
            buses = grid.Buses.Any(b => b.Entity is not null)
                ? grid.Buses.Select((b, i) => new { bus = b.Id, entity = b.Entity, b.Name, kind = b.LoadKind, b.Critical, peakKw = Math.Round(grid.Power.Buses[i].Pd * 1000, 1),
                    metered = b.HourlyShare is not null, pvKwp = b.PresentPvKwp, evKw = b.PresentEvKw })
                : null,
        }, ScenarioJson.Indented));
        progress?.Report(new ScenarioProgress(0, grid.Description, 0));

        var variants = new List<EnergyVariant> { EnergyVariant.Baseline(energy) };
        variants.AddRange(spec.Interventions.Select((v, i) => EnergyVariant.Of(energy, v.Name,
            v.Energy ?? throw new ScenarioInputException($"spec.interventions[{i}].energy", "required for an energy variant."), i)));
        var values = new List<Dictionary<string, double>>();
        for (int k = 0; k < variants.Count; k++)
        {
            ct.ThrowIfCancellationRequested();
            var variant = variants[k];
            int done = k;
            var outcome = Simulate(grid, energy, variant, ct, round => progress?.Report(new ScenarioProgress(
                (done + 0.5) / variants.Count, $"{variant.Name}: curtailment round {round}", 0)));
            outcome.Notes.InsertRange(0, grid.Notes);
            EnergyFiles.Write(Path.Combine(options.ResultsDirectory, variant.Name), grid, outcome);
            values.Add(EnergyKpis.Of(grid, outcome, energy.VoltageLimits));
            progress?.Report(new ScenarioProgress((double)(k + 1) / variants.Count,
                $"{variant.Name}: lowest {values[^1][LowestVoltage]:0.0000} pu, peak feeder loading {values[^1].GetValueOrDefault(PeakFeederLoading):0.#} %",
                outcome.Intervals * outcome.IntervalHours * 3600));
        }
        var kpis = KpiMath.Merge([new KpiReport
        {
            Baseline = values[0],
            Interventions = values.Skip(1).Select((v, i) => new InterventionKpis { Name = variants[i + 1].Name, Values = v }).ToArray(),
        }]) with { Device = "managed: AC power flow (TimeSeriesPowerFlow)" };
        File.WriteAllText(Path.Combine(options.ResultsDirectory, "kpis.json"), JsonSerializer.Serialize(kpis, ScenarioJson.Indented));
        return new ScenarioRunResult(kpis, [], options.ResultsDirectory);
    }

    /// <summary>
    /// The grid the spec names, set up as it says, and the spec with the twin's observed weather where it is asked for:
    /// the twin's weather stations, where they report a temperature, set the ordinary day the heat wave adds to.
    /// </summary>
    internal static (EnergyGrid Grid, EnergySpec Energy) ReadGrid(EnergySpec energy, ScenarioRunOptions options)
    {
        var grid = EnergyGridSetup.Apply(EnergyGridSources.For(energy.Grid, options.Inputs, options.Grid).Read(), energy);
        if (grid.BaseCelsius is { } observed && energy.Grid?.Twin is { Weather: true })
            energy = energy with { Weather = energy.Weather with { BaseCelsius = observed } };
        return (grid, energy);
    }

    /// <summary>One variant on the grid: its load, its switching states, and the power flows, curtailed until the rule holds.</summary>
    /// <param name="round">Told when a round of the curtailment rule starts after the first solve.</param>
    /// <param name="states">The switching states over the run, when something besides the variant's outage sets them (a compound's flood); null: the outage's.</param>
    public static EnergyOutcome Simulate(EnergyGrid grid, EnergySpec energy, EnergyVariant variant, CancellationToken ct = default, Action<int>? round = null,
        Func<int, double, IReadOnlyList<GridSegment>>? states = null)
    {
        var demand = EnergyDemand.Build(grid, energy, variant);
        var segments = (states?.Invoke(demand.Intervals, demand.IntervalHours)
                ?? GridSegment.Of(grid, variant.Outage, variant.FieldOf(EnergyVariant.OutageSection), demand.Intervals, demand.IntervalHours))
            .Select(s => (s, new SolveGrid(grid, s.State, demand))).ToList();
        var pvBuses = Enumerable.Range(0, grid.Power.Buses.Count).Where(i => demand.PvKwp[i] > 0).ToList();
        var kept = new double[demand.Intervals * pvBuses.Count];
        Array.Fill(kept, 1.0);
        var pass = new EnergyPass(grid, demand, segments, pvBuses, energy.VoltageLimits);
        for (int rounds = 0; ; rounds++)
        {
            ct.ThrowIfCancellationRequested();
            if (rounds > 0) round?.Invoke(rounds);
            var (outcome, curtailed) = pass.Run(kept, curtail: pvBuses.Count > 0 && rounds < MaxCurtailmentRounds);
            if (!curtailed)
            {
                if (rounds > 0) outcome.Notes.Add($"PV curtailed in {rounds} round(s) of {EnergyPass.CurtailmentStep * 100:0} % steps");
                return outcome;
            }
        }
    }
}
