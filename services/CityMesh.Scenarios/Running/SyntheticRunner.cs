using System.Globalization;
using System.Text.Json;
using CityMesh.Compute;
using CityMesh.Scenarios.Kpis;
using CityMesh.Scenarios.Model;
using CityMesh.Simulation;
using CityMesh.Simulation.Synthetic;
using CityMesh.Simulation.Synthetic.Plates;
using CityMesh.Simulation.Synthetic.Plates.Rendering;
using CityMesh.Simulation.Synthetic.Telemetry;

namespace CityMesh.Scenarios.Running;

/// <summary>
/// Runs the synthetic-data simulations: each ensemble member writes its own data set (seed = spec.seed + member) to
/// {results}/{member}/, and the generators' figures (images, imagesPerSecond, anomalies, ...) become the KPIs.
/// </summary>
internal static class SyntheticRunner
{
    public static ScenarioRunResult Run(TwinScenario scenario, ScenarioRunOptions options, IProgress<ScenarioProgress>? progress, CancellationToken ct)
    {
        var spec = scenario.Spec;
        var members = options.Members ?? Enumerable.Range(0, spec.Ensemble).ToArray();
        var compute = options.Compute ?? ComputeSelector.FromEnvironment();
        Directory.CreateDirectory(options.ResultsDirectory);
        var reports = new List<KpiReport>(members.Count);
        for (int k = 0; k < members.Count; k++)
        {
            ct.ThrowIfCancellationRequested();
            int member = members[k], done = k;
            ulong seed = ScenarioRunner.MemberSeed(spec, member);
            string directory = Path.Combine(options.ResultsDirectory, member.ToString(CultureInfo.InvariantCulture));
            var memberProgress = new InlineProgress<SynthesisProgress>(p =>
                progress?.Report(new ScenarioProgress((done + Math.Clamp(p.Fraction, 0, 1)) / members.Count, $"member {member}, {p.Stage}", 0)));
            var summary = spec.Simulation switch
            {
                SimulationKinds.SyntheticPlates => Plates(spec.Plates ?? new PlateSynthesisOptions(), seed, directory, compute, memberProgress, ct),
                SimulationKinds.SyntheticTelemetry => Telemetry(spec.Telemetry ?? new TelemetrySynthesisOptions(), options.SensorSites, seed, directory, memberProgress, ct),
                _ => throw new ScenarioInputException("spec.simulation", $"'{spec.Simulation}' is not a synthetic-data simulation."),
            };
            reports.Add(new KpiReport { Baseline = summary.Figures });
            progress?.Report(new ScenarioProgress((double)(k + 1) / members.Count, $"member {member}: {summary.Description}", 0));
        }
        // Only plates run kernels; telemetry synthesis is managed code whatever CITYMESH_COMPUTE says.
        var kpis = KpiMath.Merge(reports) with { Device = spec.Simulation == SimulationKinds.SyntheticPlates ? compute.Description : null };
        File.WriteAllText(Path.Combine(options.ResultsDirectory, "kpis.json"), JsonSerializer.Serialize(kpis, ScenarioJson.Indented));
        return new ScenarioRunResult(kpis, [], options.ResultsDirectory);
    }

    private static SynthesisSummary Plates(PlateSynthesisOptions plates, ulong seed, string directory, ComputeSelection compute,
        IProgress<SynthesisProgress> progress, CancellationToken ct)
    {
        using var renderer = PlateRenderers.Create(compute);
        return Guard("spec.plates", () => PlateDataset.Generate(plates, seed, directory, renderer, progress, ct));
    }

    private static SynthesisSummary Telemetry(TelemetrySynthesisOptions telemetry, IReadOnlyList<SensorSite>? sites, ulong seed, string directory,
        IProgress<SynthesisProgress> progress, CancellationToken ct)
    {
        int telemetrySeed = unchecked((int)seed); // the series generator takes a 32-bit seed
        if (telemetry.Sites == TelemetrySynthesisOptions.TwinSites && sites is null)
            throw new ScenarioInputException("spec.telemetry.sites",
                $"the sensors are the city twin's, but no twin was read: give its URL (citymesh scenario run --twin URL, or {Worker.WorkerContract.TwinUrlEnv} for the worker).");
        sites ??= SensorLayout.Generate(telemetry, telemetrySeed);
        var series = Guard("spec.telemetry", () => TelemetryDataset.Generate(telemetry, sites, telemetrySeed, progress, ct));
        return TelemetryDataset.Write(series, directory);
    }

    /// <summary>The generators' argument errors (bad options the validator could not see), named by the spec field.</summary>
    private static T Guard<T>(string field, Func<T> generate)
    {
        try
        {
            return generate();
        }
        catch (ArgumentException e)
        {
            throw new ScenarioInputException(field, e.Message.Split(" (Parameter")[0], e);
        }
    }
}
