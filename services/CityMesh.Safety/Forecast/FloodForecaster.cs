using System.Diagnostics;
using System.Globalization;
using CityMesh.Contracts.Safety;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Validation;
using CityMesh.Safety.Gauges;
using CityMesh.Twin.Client;

namespace CityMesh.Safety.Forecast;

/// <summary>
/// Runs a short flood forecast from now. It is a flood <see cref="TwinScenario"/> like any what-if (one flood model,
/// one report): the city's ground (the terrain file, or the seeded valley over the twin's buildings, the same every
/// time for one city), the twin's footprints as walls, the river's inflow from the rating curve of the alerting
/// gauge (<see cref="RiverRating"/>), the rain the twin's rain gauges report now, and the twin's flood defences as
/// they stand, with a variant that puts the rest to work (<see cref="ForecastScenario"/>). The scenario is validated as the operator would, run by the
/// scenario runner into its own directory, and its consequences are read back against the twin as it is now.
/// </summary>
public sealed class FloodForecaster(TwinReaderConnection twin, SafetyOptions options, string city, long citySeed)
{
    /// <summary>The scenario for a forecast from <paramref name="live"/> at <paramref name="now"/> (<see cref="ForecastScenario"/>).</summary>
    public TwinScenario Scenario(string id, IReadOnlyList<HydrographPoint> hydrograph, SafetySnapshot live, DateTimeOffset now, RiverState? river = null) =>
        ForecastScenario.Build(id, city, citySeed, options, hydrograph, live, now, river);

    private FloodGroundPreview? _terrain;

    /// <summary>
    /// The ground every forecast runs on, and a picture of it: built from the twin's buildings on first asking and
    /// kept (the valley is the same for one city; a file does not change under a running service).
    /// </summary>
    /// <exception cref="ScenarioInputException">The ground cannot be built (the twin unreadable, the file refused); names the field.</exception>
    public async Task<FloodGroundPreview> TerrainAsync(CancellationToken ct)
    {
        if (_terrain is { } built) return built;
        var spec = Scenario("terrain", [new HydrographPoint(0, options.BankfullDischarge)], SafetySnapshot.Empty, DateTimeOffset.UnixEpoch).Spec.Flood!;
        var cityNow = await TwinCity.ReadAsync(twin.Client, twin.Address, city, ct, forFlood: true);
        return _terrain = await Task.Run(() => FloodGroundPreview.Of(spec, cityNow, Inputs), ct);
    }

    /// <summary>The terrain file is the only input read, from its own folder.</summary>
    private InputFiles Inputs => new(string.IsNullOrWhiteSpace(options.TerrainFile) ? null : Path.GetDirectoryName(Path.GetFullPath(options.TerrainFile)), "/");

    private static string Ground(string results)
    {
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(results, FloodRunner.GroundFile)));
        return json.RootElement.GetProperty("description").GetString() ?? "";
    }

    /// <summary>Where in a forecast's folder its evacuation's run and report are.</summary>
    public const string EvacuationFolder = "evacuation";

    /// <summary>
    /// Simulates the evacuation of the homes <paramref name="forecast"/> floods (<see cref="ForecastScenario.Evacuation"/>)
    /// into its folder's <see cref="EvacuationFolder"/>, with its report, and returns the forecast with its KPIs.
    /// </summary>
    /// <exception cref="ScenarioInputException">The evacuation cannot run (the twin unreadable, a setting refused); names the field.</exception>
    public async Task<FloodForecast> EvacuateAsync(FloodForecast forecast, CancellationToken ct)
    {
        var scenario = ForecastScenario.Evacuation(forecast.Scenario ?? throw new InvalidOperationException($"forecast {forecast.Id} keeps no scenario"), options);
        var problems = ScenarioValidator.Validate(scenario);
        if (problems.Count > 0) throw new ScenarioInputException(problems[0].Field, string.Join("; ", problems.Select(p => p.Message)));
        var cityNow = await TwinCity.ReadAsync(twin.Client, twin.Address, city, ct, forFlood: true, field: TwinCity.EvacuationField);
        var results = Path.Combine(forecast.Directory, EvacuationFolder);
        var run = await Task.Run(() => ScenarioRunner.Run(scenario, new ScenarioRunOptions(results, Inputs, City: cityNow), ct: ct), ct);
        ScenarioReport.Write(scenario, run);
        return forecast with { Evacuation = run.Kpis.Baseline };
    }

    /// <exception cref="ScenarioInputException">The forecast cannot run (the twin unreadable, the ground or a setting refused); names the field.</exception>
    public async Task<FloodForecast> RunAsync(FloodAlert trigger, SafetySnapshot live, DateTimeOffset now, string directory, CancellationToken ct)
    {
        // The gauge's own river, where the twin holds it: its bankfull discharge rates the stage, its source is the inflow.
        var river = live.RiverOf(trigger.Gauge);
        var hydrograph = RiverRating.Hydrograph(trigger.WaterLevel, trigger.AlertLevel, trigger.TrendPerHour, ForecastScenario.Rating(options, river))
            .Select(p => new HydrographPoint(p.Hour, p.CubicMetresPerSecond)).ToList();
        string id = "flood-" + now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var scenario = Scenario(id, hydrograph, live, now, river);
        var problems = ScenarioValidator.Validate(scenario);
        if (problems.Count > 0) throw new ScenarioInputException(problems[0].Field, string.Join("; ", problems.Select(p => p.Message)));
        var cityNow = await TwinCity.ReadAsync(twin.Client, twin.Address, city, ct, forFlood: true);
        string results = Path.Combine(directory, id);
        var clock = Stopwatch.StartNew();
        // CPU-bound for seconds: off the caller's thread.
        var run = await Task.Run(() => ScenarioRunner.Run(scenario, new ScenarioRunOptions(results, Inputs, City: cityNow), ct: ct), ct);
        ScenarioReport.Write(scenario, run);
        string baseline = Path.Combine(results, TrafficVariant.BaselineName);
        var (roads, sites) = FloodRunner.ReadConsequences(baseline);
        var buildings = FloodRunner.ReadBuildings(baseline);
        return new FloodForecast(id, now, trigger, hydrograph,
            [.. roads.Select(r => new ForecastRoad(r.Id, r.Name, now.AddSeconds(r.ClosesAtSeconds), r.MaxDepth))], sites, buildings,
            Math.Round(buildings.Sum(b => b.People)), run.Kpis.Baseline, Ground(results), clock.Elapsed.TotalSeconds)
        {
            Directory = results,
            RainMillimetresPerHour = scenario.Spec.Flood!.Rain.FirstOrDefault()?.MillimetresPerHour ?? 0,
            DefencesInPlace = [.. scenario.Spec.Flood.Barriers.Select(b => b.Name), .. scenario.Spec.Flood.Pumps.Select(p => p.Name)],
            WithAllDefences = run.Kpis.Interventions.FirstOrDefault(v => v.Name == ForecastScenario.AllDefences)?.Values,
            IdleDefences = ForecastScenario.Idle(live),
            DefencesLeftOut = ForecastScenario.LeftOut(live),
            Scenario = scenario,
        };
    }
}
