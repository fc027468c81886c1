using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;

namespace CityMesh.Scenarios.Tests;

public sealed class ScenarioDocumentTests
{
    [Fact]
    public void Should_Load_A_Full_Yaml_Scenario()
    {
        var s = ScenarioDocument.Parse(Examples.JinanYaml, "jinan.yaml");

        Assert.Equal("jinan-retiming", s.Metadata.Name);
        Assert.Equal("city", s.Metadata.Namespace);
        Assert.Equal("traffic", s.Metadata.Labels!["team"]);
        Assert.Equal("jinan", s.Spec.City);
        Assert.Equal(SimulationKinds.Traffic, s.Spec.Simulation);
        Assert.Equal("cityflow", s.Spec.Baseline!.Format);
        Assert.Equal(new ConfigMapKey("jinan-inputs", "roadnet_3_4.json"), s.Spec.Baseline!.Network!.ConfigMap);
        Assert.Equal("inputs/anon_3_4_jinan_real.json", s.Spec.Baseline!.Demand!.Path);
        Assert.Equal(2, s.Spec.Interventions.Count);
        Assert.Equal("max-pressure", s.Spec.Interventions[0].Signals!.Controller);
        var plans = s.Spec.Interventions[1].Signals!.Plans;
        Assert.Equal([30, 5, 25.5, 5], plans[0].PhaseDurations!);
        Assert.Equal(10, plans[0].Offset);
        Assert.Equal(1.25, plans[1].CycleScale);
        Assert.Equal([0, 1], s.Spec.Interventions[1].Closures[0].Lanes!);
        Assert.Equal(1.2, s.Spec.Interventions[1].DemandScale);
        Assert.Equal("1h30m", s.Spec.Horizon);
        Assert.Equal(42, s.Spec.Seed);
        Assert.Equal(3, s.Spec.Ensemble);
        Assert.Equal(new ComputeSpec { Accelerator = "gpu", Gpus = 1, Fallback = "cpu", ScheduleTimeoutSeconds = 300 }, s.Spec.Compute);
        Assert.Equal(new RunPolicySpec { BackoffLimit = 1, ActiveDeadlineSeconds = 7200, TtlSecondsAfterFinished = 600 }, s.Spec.RunPolicy);
        Assert.Equal(["meanTravelTime", "throughput"], s.Spec.Outputs.Kpis);
        Assert.Equal(new ArtifactsSpec { Path = "jinan/retiming", PersistentVolumeClaim = "city-results" }, s.Spec.Outputs.Artifacts);
        Assert.Null(s.Status);
    }

    [Fact]
    public void Should_Keep_Model_Defaults_For_Omitted_Fields()
    {
        var s = ScenarioDocument.Parse("""
            apiVersion: citymesh.io/v1alpha1
            kind: TwinScenario
            metadata: {name: minimal}
            spec:
              city: jinan
              simulation: traffic
              horizon: ~
            """, "min.yaml");

        Assert.Equal(1, s.Spec.Seed);
        Assert.Equal(1, s.Spec.Ensemble);
        Assert.Equal("cpu", s.Spec.Compute.Accelerator);
        Assert.Equal(3600, s.Spec.RunPolicy.ActiveDeadlineSeconds);
        Assert.Equal("results", s.Spec.Outputs.Artifacts.Path);
        Assert.Empty(s.Spec.Interventions);
        Assert.Null(s.Spec.Horizon);
    }

    [Fact]
    public void Should_Report_An_Unknown_Field_With_Its_Line_And_A_Suggestion()
    {
        var yaml = Examples.JinanYaml.Replace("    closures:\n", "    closure:\n");

        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(yaml, "jinan.yaml"));

        Assert.Equal("spec.interventions[1].closure", e.Path);
        Assert.Equal(33, e.Line);
        Assert.Equal(5, e.Column);
        Assert.Equal("jinan.yaml", e.Source);
        Assert.Equal("jinan.yaml:33:5: spec.interventions[1].closure: unknown field; did you mean 'closures'?", e.Message);
    }

    [Fact]
    public void Should_Report_An_Unknown_Field_Without_Suggestion_When_Nothing_Is_Close()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(Examples.JinanYaml.Replace("  seed: 42", "  weather: rain"), "j.yaml"));

        Assert.Equal("spec.weather", e.Path);
        Assert.EndsWith("spec.weather: unknown field", e.Message);
    }

    [Theory]
    [InlineData("  ensemble: 3", "  ensemble: three", "spec.ensemble", "expected an integer, got the string \"three\"")]
    [InlineData("  ensemble: 3", "  ensemble: 2.5", "spec.ensemble", "expected an integer, got '2.5'")]
    [InlineData("  ensemble: 3", "  ensemble: 99999999999", "spec.ensemble", "99999999999 is too large for a 32-bit integer")]
    [InlineData("  ensemble: 3", "  ensemble: \"3\"", "spec.ensemble", "expected an integer, got the string \"3\"")]
    [InlineData("  city: jinan", "  city: 42", "spec.city", "expected a string, got '42'; quote it: \"42\"")]
    [InlineData("    demandScale: 1.2", "    demandScale: [1]", "spec.interventions[1].demandScale", "expected a number, got a list")]
    [InlineData("    kpis: [meanTravelTime, throughput]", "    kpis: meanTravelTime", "spec.outputs.kpis", "expected a list ('- ' items), got the string \"meanTravelTime\"")]
    [InlineData("  compute:\n", "  compute: gpu\n  x:\n", "spec.compute", "expected an object (key: value lines), got the string \"gpu\"")]
    public void Should_Report_A_Wrong_Type_With_Path_And_Line(string from, string to, string path, string detail)
    {
        var yaml = Examples.JinanYaml.Replace(from, to);
        var line = yaml[..yaml.IndexOf(to, StringComparison.Ordinal)].Count(c => c == '\n') + 1;

        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(yaml, "jinan.yaml"));

        Assert.Equal(path, e.Path);
        Assert.Equal(detail, e.Detail);
        Assert.Equal(line, e.Line);
    }

    [Theory]
    [InlineData("apiVersion: citymesh.io/v1alpha1", "apiVersion: citymesh.io/v1", "apiVersion: expected 'citymesh.io/v1alpha1', got 'citymesh.io/v1'; this release reads only citymesh.io/v1alpha1")]
    [InlineData("kind: TwinScenario", "kind: Scenario", "kind: expected 'TwinScenario', got 'Scenario'")]
    [InlineData("kind: TwinScenario\n", "", "kind: required; expected 'TwinScenario'")]
    public void Should_Reject_A_Wrong_ApiVersion_Or_Kind(string from, string to, string message)
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(Examples.JinanYaml.Replace(from, to), "jinan.yaml"));

        Assert.EndsWith(message, e.Message);
        Assert.Equal(from.Split(':')[0], e.Path);
    }

    [Fact]
    public void Should_Load_Json_And_Place_Errors_In_It()
    {
        const string json = "{\n\t\"apiVersion\": \"citymesh.io/v1alpha1\",\n\t\"kind\": \"TwinScenario\",\n\t\"metadata\": {\"name\": \"j\"},\n\t\"spec\": {\"city\": \"jinan\", \"simulation\": \"traffic\", \"seed\": 7,\n\t  \"interventions\": [{\"name\": \"mp\", \"signals\": {\"controller\": \"max-pressure\"}}]}\n}";

        var s = ScenarioDocument.Parse(json, "j.json");
        Assert.Equal(7, s.Spec.Seed);
        Assert.Equal("max-pressure", s.Spec.Interventions[0].Signals!.Controller);

        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(json.Replace("\"signals\"", "\"signal\""), "j.json"));
        Assert.Equal("j.json:6:37: spec.interventions[0].signal: unknown field; did you mean 'signals'?", e.Message);
    }

    [Fact]
    public void Should_Round_Trip_Through_Yaml_And_Json()
    {
        var s = ScenarioDocument.Parse(Examples.JinanYaml, "jinan.yaml");

        var yaml = ScenarioDocument.ToYaml(s);
        var json = ScenarioDocument.ToJson(s);

        Assert.Equal(json, ScenarioDocument.ToJson(ScenarioDocument.Parse(yaml, "out.yaml")));
        Assert.Equal(json, ScenarioDocument.ToJson(ScenarioDocument.Parse(json, "out.json")));
        Assert.DoesNotContain("status", yaml);
    }

    [Fact]
    public void Should_Quote_Strings_That_Yaml_Would_Read_As_Other_Types()
    {
        var s = ScenarioDocument.Parse(Examples.JinanYaml, "j.yaml") with { Metadata = new ObjectMeta { Name = "x", Labels = new Dictionary<string, string> { ["on"] = "123", ["b"] = "true" } } };

        var yaml = ScenarioDocument.ToYaml(s);

        Assert.Contains("\"on\": \"123\"", yaml);
        Assert.Contains("b: \"true\"", yaml);
        Assert.Equal("123", ScenarioDocument.Parse(yaml, "y").Metadata.Labels!["on"]);
    }

    [Fact]
    public void Should_Read_Kubectl_Output_With_Server_Metadata_And_Status()
    {
        var yaml = Examples.JinanYaml.Replace("  namespace: city\n", """
              namespace: city
              uid: 0b0e
              generation: 3
              creationTimestamp: "2026-11-21T08:00:00Z"
              managedFields:
              - manager: kubectl

            """) + "\nstatus:\n  phase: Running\n  conditions:\n  - {type: Running, status: \"True\", reason: Simulating, message: \"\", lastTransitionTime: \"2026-11-21T08:01:00Z\"}\n";

        var s = ScenarioDocument.Parse(yaml, "get.yaml");

        Assert.Equal(3, s.Metadata.Generation);
        Assert.Equal(new DateTimeOffset(2026, 11, 21, 8, 0, 0, TimeSpan.Zero), s.Metadata.CreationTimestamp);
        Assert.Equal("Running", s.Status!.Phase);
        Assert.Equal("Simulating", s.Status.Conditions[0].Reason);
    }

    [Theory]
    [InlineData("", "empty.yaml:1:1: empty document; expected a TwinScenario")]
    [InlineData("- a\n", "bad.yaml:1:1: expected a TwinScenario object (apiVersion, kind, metadata, spec)")]
    [InlineData("a: [1\n", "bad.yaml:2:1:")]
    public void Should_Reject_Documents_That_Are_Not_One_Object(string text, string prefix)
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(text, text.Length == 0 ? "empty.yaml" : "bad.yaml"));

        Assert.StartsWith(prefix, e.Message);
    }

    [Fact]
    public void Should_Reject_Two_Documents()
    {
        var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Parse(Examples.JinanYaml + "\n---\n" + Examples.JinanYaml, "two.yaml"));

        Assert.Contains("more than one document", e.Message);
    }

    [Fact]
    public void Should_Load_From_A_File_Named_In_Errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, Examples.JinanYaml.Replace("  seed: 42", "  sed: 42"));
        try
        {
            var e = Assert.Throws<ScenarioFormatException>(() => ScenarioDocument.Load(path));
            Assert.StartsWith(Path.GetFileName(path) + ":", e.Message);
            Assert.Contains("did you mean 'seed'?", e.Message);
        }
        finally { File.Delete(path); }
    }
}
