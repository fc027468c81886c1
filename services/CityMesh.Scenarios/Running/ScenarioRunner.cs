using CityMesh.Simulation;
using System.Text.Json;
using CityMesh.Scenarios.Instrumentation;
using CityMesh.Compute;
using CityMesh.Scenarios.Kpis;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Import;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// Runs a scenario's baseline and interventions for each ensemble member and compares them: the one engine behind
/// <c>citymesh scenario run</c> (every member, on this machine) and the worker (the member its Job index names).
/// Runs are sequential: each already uses every core (or the GPU).
/// </summary>
public static class ScenarioRunner
{
    public static ScenarioRunResult Run(TwinScenario scenario, ScenarioRunOptions options, IProgress<ScenarioProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        var spec = scenario.Spec;
        if (SimulationKinds.IsSynthetic(spec.Simulation)) return SyntheticRunner.Run(scenario, options, progress, ct);
        if (spec.Simulation == SimulationKinds.Epidemic) return EpidemicRunner.Run(scenario, options, progress, ct);
        if (spec.Simulation == SimulationKinds.Flood) return FloodRunner.Run(scenario, options, progress, ct);
        if (spec.Simulation == SimulationKinds.Evacuation) return EvacuationRunner.Run(scenario, options, progress, ct);
        if (spec.Simulation == SimulationKinds.Energy) return EnergyRunner.Run(scenario, options, progress, ct);
        if (spec.Simulation == SimulationKinds.Compound) return Compound.CompoundRunner.Run(scenario, options, progress, ct);
        if (spec.Simulation != SimulationKinds.Traffic)
            throw new ScenarioInputException("spec.simulation", $"'{spec.Simulation}' cannot run in this release; only {string.Join(", ", SimulationKinds.Runnable)} can.");
        if (spec.Baseline is null) throw new ScenarioInputException("spec.baseline", "required for simulation 'traffic'.");
        var members = options.Members ?? Enumerable.Range(0, spec.Ensemble).ToArray();
        var compute = options.Compute ?? ComputeSelector.FromEnvironment();
        double? horizon = Horizon(spec.Horizon);
        var wanted = spec.Outputs.Kpis;
        Directory.CreateDirectory(options.ResultsDirectory);
        using var run = ScenarioTelemetry.Source.StartActivity("scenario run")?
            .SetTag("citymesh.scenario.name", scenario.Metadata.Name).SetTag("citymesh.scenario.simulation", spec.Simulation)
            .SetTag("citymesh.scenario.members", members.Count).SetTag("citymesh.compute.device", compute.Description);

        int total = members.Count * (1 + spec.Interventions.Count), done = 0;
        var runs = new List<VariantRun>(total);
        var memberReports = new List<KpiReport>(members.Count);
        foreach (int member in members)
        {
            ulong seed = MemberSeed(spec, member);
            string memberDirectory = Path.Combine(options.ResultsDirectory, member.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var baseline = spec.Baseline.Twin is null
                ? LoadBaseline(spec.Baseline, options.Inputs, (int)seed)
                : TwinBaseline(spec.Baseline, options.Twin, seed, horizon, memberDirectory);
            var variants = new List<TrafficVariant> { baseline };
            variants.AddRange(spec.Interventions.Select((intervention, i) => TrafficVariant.Apply(baseline, intervention, i, seed)));
            var memberRuns = new List<VariantRun>(variants.Count);
            foreach (var variant in variants)
            {
                ct.ThrowIfCancellationRequested();
                string label = $"member {member}, {variant.Name}";
                var sim = TrafficBackends.CreateSimulation(variant.Network, variant.Demand,
                    new TrafficSimulationOptions { Seed = seed, Controller = variant.Controller, EndTime = horizon }, compute);
                int trips = Math.Max(1, variant.Demand.Trips.Count), finished = done;
                var stepProgress = progress is null ? null : new InlineProgress<SimulationProgress>(p =>
                {
                    double part = horizon is double end ? p.Time / end : (double)p.Arrived / trips;
                    progress.Report(new ScenarioProgress((finished + Math.Clamp(part, 0, 1)) / total, label, p.Time));
                });
                using var simulate = ScenarioTelemetry.Source.StartActivity("simulate")?
                    .SetTag("citymesh.scenario.member", member).SetTag("citymesh.scenario.variant", variant.Name);
                var results = sim.Run(stepProgress, ct);
                Measure(results.Summary, compute.Description, simulate);
                string directory = Path.Combine(memberDirectory, variant.Name);
                TrafficResultsWriter.WriteAll(results, directory);
                memberRuns.Add(new VariantRun(member, seed, variant.Name, TrafficKpis.Of(results, wanted), results.Summary, variant.Notes,
                    results.Trips.Where(t => t.Status == TripStatus.Arrived).Select(t => t.Duration).ToArray(), directory));
                progress?.Report(new ScenarioProgress((double)++done / total, label, results.Summary.Time));
            }
            runs.AddRange(memberRuns);
            memberReports.Add(new KpiReport
            {
                Baseline = memberRuns[0].Kpis,
                Interventions = memberRuns.Skip(1).Select(r => new InterventionKpis { Name = r.Variant, Values = r.Kpis }).ToArray(),
            });
        }
        var kpis = KpiMath.Merge(memberReports) with { Device = compute.Description };
        File.WriteAllText(Path.Combine(options.ResultsDirectory, "kpis.json"), JsonSerializer.Serialize(kpis, ScenarioJson.Indented));
        return new ScenarioRunResult(kpis, runs, options.ResultsDirectory);
    }

    private static void Measure(SimulationSummary summary, string device, System.Diagnostics.Activity? span)
    {
        var backend = ScenarioTelemetry.Backend(summary.Backend.Length > 0 ? summary.Backend : device);
        ScenarioTelemetry.VehicleUpdates.Add(summary.VehicleUpdates, backend);
        ScenarioTelemetry.Speed.Record(summary.VehicleUpdatesPerSecond, backend);
        ScenarioTelemetry.VariantDuration.Record(summary.WallTimeSeconds, backend);
        span?.SetTag("citymesh.simulation.vehicle_updates", summary.VehicleUpdates).SetTag("citymesh.simulation.speed", summary.VehicleUpdatesPerSecond);
    }

    /// <summary>
    /// Member <paramref name="member"/>'s seed, spec.seed + member. The validator refuses a seed that overflows; the worker
    /// runs what the operator sent without validating again, so a wrapped (negative) seed is refused here too.
    /// </summary>
    internal static ulong MemberSeed(TwinScenarioSpec spec, int member) =>
        spec.Seed >= 0 && member >= 0 && spec.Seed <= long.MaxValue - member
            ? (ulong)(spec.Seed + member)
            : throw new ScenarioInputException("spec.seed", $"{spec.Seed} + member {member} is not a seed; it must be at least 0 and seed + member at most {long.MaxValue}.");

    /// <summary>The baseline network and demand; SUMO trips and flows are routed with the member's seed.</summary>
    public static TrafficVariant LoadBaseline(BaselineSpec baseline, InputFiles inputs, int seed)
    {
        if (baseline.Format is null) throw new ScenarioInputException("spec.baseline.format", "required with network and demand: sumo or cityflow.");
        string network = inputs.Resolve(baseline.Network, "spec.baseline.network");
        string demand = inputs.Resolve(baseline.Demand, "spec.baseline.demand");
        var controller = TrafficVariant.ParseController(baseline.Controller, "spec.baseline.controller");
        try
        {
            var loaded = baseline.Format switch
            {
                "sumo" => TrafficInputs.FromSumo(network, demand, seed),
                "cityflow" => TrafficInputs.FromCityFlow(network, demand),
                _ => throw new ScenarioInputException("spec.baseline.format", $"'{baseline.Format}' is not a format; use sumo or cityflow."),
            };
            return new TrafficVariant(TrafficVariant.BaselineName, loaded.Network, loaded.Demand, controller, [loaded.Description]);
        }
        catch (TrafficImportException e)
        {
            throw new ScenarioInputException("spec.baseline", e.Message, e);
        }
    }

    /// <summary>The baseline from the twin snapshot the caller read (it needs the network, so it is read before the run).</summary>
    private static TrafficVariant TwinBaseline(BaselineSpec baseline, Baselines.TwinSnapshot? twin, ulong seed, double? horizon, string directory)
    {
        var controller = TrafficVariant.ParseController(baseline.Controller, "spec.baseline.controller");
        if (twin is null)
            throw new ScenarioInputException(Baselines.TwinInput.Field,
                $"the baseline is the city's twin, but no twin was read: give its URL (citymesh scenario run --twin URL, or {Worker.WorkerContract.TwinUrlEnv} for the worker).");
        return twin.Baseline(controller, seed, horizon, directory);
    }

    private static double? Horizon(string? horizon)
    {
        if (string.IsNullOrEmpty(horizon)) return null;
        return ScenarioDuration.TryParse(horizon, out var span) && span > TimeSpan.Zero
            ? span.TotalSeconds
            : throw new ScenarioInputException("spec.horizon", $"'{horizon}' is not a duration such as 3600s, 90m or 1h30m.");
    }
}
