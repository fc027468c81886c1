using CityMesh.Scenarios.Crd;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Validation;
using CityMesh.Simulation.Synthetic;
using CityMesh.Simulation.Synthetic.Telemetry;
using R = CityMesh.Scenarios.Validation.ValidationReasons;

namespace CityMesh.Scenarios.Tests.Synthetic;

/// <summary>synthetic-plates and synthetic-telemetry as TwinScenarios: the examples, the rules and the CRD.</summary>
public sealed class SyntheticSpecTests
{
    private static readonly TwinScenario Plates = ScenarioDocument.Load(RepositoryFiles.Example("plates-training-set.yaml"));
    private static readonly TwinScenario Telemetry = ScenarioDocument.Load(RepositoryFiles.Example("sensor-faults.yaml"));
    private static readonly TwinScenario Traffic = ScenarioDocument.Parse(Examples.JinanYaml, "jinan.yaml");

    private static TwinScenario With(TwinScenario s, Func<TwinScenarioSpec, TwinScenarioSpec> change) => s with { Spec = change(s.Spec) };

    private static readonly Dictionary<string, (TwinScenario Scenario, string Field, string Reason)> Cases = new()
    {
        ["traffic without a baseline"] = (With(Traffic, s => s with { Baseline = null }), "spec.baseline", R.Required),
        ["plates on traffic"] = (With(Traffic, s => s with { Plates = new() }), "spec.plates", R.NotForSimulation),
        ["a baseline on plates"] = (With(Plates, s => s with { Baseline = Traffic.Spec.Baseline }), "spec.baseline", R.NotForSimulation),
        ["interventions on telemetry"] = (With(Telemetry, s => s with { Interventions = Traffic.Spec.Interventions }), "spec.interventions", R.NotForSimulation),
        ["a horizon on plates"] = (With(Plates, s => s with { Horizon = "1h" }), "spec.horizon", R.NotForSimulation),
        ["telemetry options on plates"] = (With(Plates, s => s with { Telemetry = new() }), "spec.telemetry", R.NotForSimulation),
        ["traffic KPIs on plates"] = (With(Plates, s => s with { Outputs = s.Outputs with { Kpis = [KpiNames.Throughput] } }), "spec.outputs.kpis", R.NotForSimulation),
        ["publish on plates"] = (With(Plates, s => s with { Outputs = s.Outputs with { Publish = true } }), "spec.outputs.publish", R.NotForSimulation),
        ["publish pace on traffic"] = (With(Traffic, s => s with { Outputs = s.Outputs with { PublishAcceleration = 60 } }), "spec.outputs.publishAcceleration", R.NotForSimulation),
        ["no images"] = (With(Plates, s => s with { Plates = s.Plates! with { Count = 0 } }), "spec.plates.count", R.Invalid),
        ["yaw inverted"] = (With(Plates, s => s with { Plates = s.Plates! with { Camera = s.Plates.Camera with { Yaw = new ValueRange(20, -20) } } }), "spec.plates.camera.yaw", R.Invalid),
        ["unknown template"] = (With(Plates, s => s with { Plates = s.Plates! with { Templates = ["tw-private", "mars"] } }), "spec.plates.templates[1]", R.Invalid),
        ["sites from nowhere"] = (With(Telemetry, s => s with { Telemetry = s.Telemetry! with { Sites = "satellite" } }), "spec.telemetry.sites", R.Invalid),
        ["interval too short"] = (With(Telemetry, s => s with { Telemetry = s.Telemetry! with { IntervalSeconds = 1 } }), "spec.telemetry.intervalSeconds", R.Invalid),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Fact]
    public void The_examples_are_valid_and_say_what_they_generate()
    {
        Assert.Empty(ScenarioValidator.Validate(Plates));
        Assert.Empty(ScenarioValidator.Validate(Telemetry));
        Assert.Equal((SimulationKinds.SyntheticPlates, 2500, 4), (Plates.Spec.Simulation, Plates.Spec.Plates!.Count, Plates.Spec.Ensemble));
        Assert.Equal(0.3, Plates.Spec.Plates.Lighting.Weights.Night);
        Assert.Equal((336.0, 12, true), (Telemetry.Spec.Telemetry!.DurationHours, Telemetry.Spec.Telemetry.SitesPerKind, Telemetry.Spec.Outputs.Publish));
    }

    [Fact]
    public void A_synthetic_scenario_needs_no_generator_section()
    {
        var bare = new TwinScenario { Metadata = new() { Name = "plates" }, Spec = new() { City = "jinan", Simulation = SimulationKinds.SyntheticPlates } };
        Assert.Empty(ScenarioValidator.Validate(bare));
        Assert.Empty(ScenarioValidator.Validate(bare with { Spec = bare.Spec with { Simulation = SimulationKinds.SyntheticTelemetry } }));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Each_broken_rule_is_one_error_naming_its_field(string name)
    {
        var (scenario, field, reason) = Cases[name];

        var error = Assert.Single(ScenarioValidator.Validate(scenario));

        Assert.Equal((field, reason), (error.Field, error.Reason));
        Assert.StartsWith(field + ": ", error.Message);
    }

    [Fact]
    public void A_misspelt_generator_setting_is_named_where_it_is_in_the_file()
    {
        var yaml = File.ReadAllText(RepositoryFiles.Example("plates-training-set.yaml")).Replace("pitch:", "pitsch:");

        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(yaml, "plates.yaml"));

        Assert.Contains("spec.plates.camera.pitsch", e.Message);
        Assert.Contains("pitch", e.Message); // the suggestion
    }

    [Fact]
    public void The_crd_tells_the_api_server_which_fields_belong_to_which_simulation()
    {
        string crd = CrdGenerator.Generate();

        Assert.Contains("rule: \"!(self.simulation == 'traffic') || has(self.baseline)\"", crd);
        Assert.Contains("message: plates is only for simulation synthetic-plates", crd);
        Assert.Contains("message: telemetry is only for simulation synthetic-telemetry", crd);
        Assert.Contains("rule: \"!(has(self.interventions) && size(self.interventions) > 0) || self.simulation in ['traffic', 'epidemic', 'flood', 'evacuation', 'energy']\"", crd);
        Assert.Contains("message: epidemic is only for simulation epidemic", crd);
        Assert.Matches(@"required:\s*\n\s*- city\s*\n\s*- simulation\s*\n(?!\s*- baseline)", crd); // baseline is traffic's alone
    }

    [Fact]
    public void A_partly_given_anomaly_kind_keeps_its_own_defaults_in_the_file_and_in_the_crd()
    {
        var leak = Telemetry.Spec.Telemetry!.Anomalies.Leak; // the example gives the leak's rate alone
        var defaults = new AnomalyRates().Leak;
        Assert.Equal(0.5, leak.Rate);
        Assert.Equal((defaults.DurationMinutes, defaults.Magnitude), (leak.DurationMinutes, leak.Magnitude));
        Assert.NotEqual(new AnomalyOptions().DurationMinutes, leak.DurationMinutes);

        // The API server defaults a partly given kind from the CRD: there too, the kind's own rate.
        var crd = CrdGenerator.Generate();
        Assert.Matches(@"\n(\s+)leak:\n\1  description: [^\n]+\n\1  type: object\n\1  properties:\n\1    rate:\n[^\n]+\n[^\n]+\n\s+default: 0.15\n", crd);
        Assert.Matches(@"\n(\s+)spike:\n\1  description: [^\n]+\n\1  type: object\n\1  properties:\n\1    rate:\n[^\n]+\n[^\n]+\n\s+default: 1\n", crd);
    }

    [Fact]
    public void A_range_with_one_end_is_refused_by_the_loader_and_by_the_crd()
    {
        var yaml = File.ReadAllText(RepositoryFiles.Example("sensor-faults.yaml")).Replace("        rate: 0.5", "        durationMinutes:\n          min: 100\n        rate: 0.5");
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(yaml, "faults.yaml"));
        Assert.Contains("max", e.Message);
        Assert.Matches(@"durationMinutes:\n(\s+)description: [^\n]+\n\1type: object\n\1properties:\n(\1 [^\n]+\n)+\1required:\n\1- min\n\1- max\n", CrdGenerator.Generate());
    }

    [Fact]
    public void Generator_settings_round_trip_through_json_as_the_operator_passes_them()
    {
        var back = ScenarioDocument.Parse(ScenarioDocument.ToJson(Plates), "job.json");

        Assert.Equal(ScenarioDocument.ToJson(Plates), ScenarioDocument.ToJson(back));
        Assert.Equal(Plates.Spec.Plates!.Camera.Yaw, back.Spec.Plates!.Camera.Yaw);
        Assert.Equal(TelemetrySynthesisOptions.GeneratedSites, ScenarioDocument.Parse(ScenarioDocument.ToJson(Telemetry), "j.json").Spec.Telemetry!.Sites);
    }
}
