using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Tests.Running;

namespace CityMesh.Scenarios.Tests.Epidemic;

/// <summary>
/// examples/scenarios/outbreak-school-closure.yaml and variants of it, each broken the way one of the CRD's epidemic
/// rules (named by its message) refuses, with the field the validator names for it.
/// </summary>
internal static class Outbreak
{
    public static readonly TwinScenario Example = ScenarioDocument.Load(RepositoryFiles.Example("outbreak-school-closure.yaml"));

    private static TwinScenario WithVariant(Func<InterventionSpec, InterventionSpec> change) =>
        Example with { Spec = Example.Spec with { Interventions = [change(Example.Spec.Interventions[0]), .. Example.Spec.Interventions.Skip(1)] } };

    private static TwinScenario WithOutputs(Func<OutputsSpec, OutputsSpec> change) =>
        Example with { Spec = Example.Spec with { Outputs = change(Example.Spec.Outputs) } };

    private static TwinScenario WithWindow(DayWindowSpec window) =>
        WithVariant(v => v with { Epidemic = v.Epidemic! with { SchoolClosure = window } });

    /// <summary>A traffic scenario (its twin as the baseline) whose variant carries an epidemic change.</summary>
    private static TwinScenario EpidemicOnTraffic() => Example with
    {
        Spec = Example.Spec with
        {
            Simulation = SimulationKinds.Traffic, Epidemic = null, Baseline = new BaselineSpec { Twin = new TwinBaselineSpec() },
            Interventions = [Example.Spec.Interventions[0] with { DemandScale = 1.2 }],
        },
    };

    public static readonly IReadOnlyDictionary<string, (TwinScenario Scenario, string Field)> Broken = new Dictionary<string, (TwinScenario, string)>
    {
        ["interventions[].signals is only for simulation traffic"] =
            (WithVariant(v => v with { Signals = new SignalIntervention { Controller = SignalControllers.MaxPressure } }), "spec.interventions[0]"),
        ["interventions[].closures is only for simulation traffic"] = (WithVariant(v => v with { Closures = [new ClosureSpec { Edge = "e1" }] }), "spec.interventions[0]"),
        ["interventions[].demandScale is only for simulation traffic"] = (WithVariant(v => v with { DemandScale = 1.2 }), "spec.interventions[0]"),
        ["interventions[].epidemic is required for simulation epidemic"] = (WithVariant(v => v with { Epidemic = null }), "spec.interventions[0]"),
        ["interventions[].epidemic is only for simulation epidemic"] = (EpidemicOnTraffic(), "spec.interventions[0].epidemic"),
        ["set at least one of schoolClosure, workFromHome, contactReductions or vaccination"] =
            (WithVariant(v => v with { Epidemic = new EpidemicInterventionSpec() }), "spec.interventions[0]"),
        ["untilDay must come after fromDay"] = (WithWindow(new DayWindowSpec { FromDay = 30, UntilDay = 30 }), "spec.interventions[0].epidemic.schoolClosure.untilDay"),
        ["set at most one of population or twin"] =
            (Example with { Spec = Example.Spec with { Epidemic = Example.Spec.Epidemic! with { Twin = new TwinPopulationSpec() } } }, "spec.epidemic"),
        ["outputs.kpis is only for simulation traffic"] = (WithOutputs(o => o with { Kpis = [KpiNames.Throughput] }), "spec.outputs.kpis"),
        ["outputs.publish is only for simulation synthetic-telemetry"] = (WithOutputs(o => o with { Publish = true }), "spec.outputs.publish"),
        ["outputs.publishAcceleration is only for simulation synthetic-telemetry"] = (WithOutputs(o => o with { PublishAcceleration = 60 }), "spec.outputs.publishAcceleration"),
    };

    /// <summary>Where in the CRD's schema each rule sits.</summary>
    public static readonly IReadOnlyDictionary<string, string> RuleAt = Broken.Keys.ToDictionary(k => k, k => k switch
    {
        "set at least one of schoolClosure, workFromHome, contactReductions or vaccination" => "spec.interventions.items.epidemic",
        "untilDay must come after fromDay" => "spec.interventions.items.epidemic.schoolClosure",
        "set at most one of population or twin" => "spec.epidemic",
        _ => "spec",
    });
}
