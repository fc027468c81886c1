using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using CityMesh.Scenarios.Crd;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Tests.Epidemic;
using CityMesh.Scenarios.Validation;
using YamlDotNet.RepresentationModel;

namespace CityMesh.Scenarios.Tests;

public sealed class CrdGeneratorTests
{
    private static readonly JsonObject Crd = CrdGenerator.Build();

    private static JsonObject Version => Crd["spec"]!["versions"]![0]!.AsObject();

    private static JsonObject Schema => Version["schema"]!["openAPIV3Schema"]!.AsObject();

    private static JsonObject At(string path) =>
        path.Split('.').Aggregate(Schema, (node, name) => name == "items" ? node["items"]!.AsObject() : node["properties"]![name]!.AsObject());

    [Fact]
    public void Should_Match_The_Checked_In_Crd()
    {
        var path = Path.Combine(RepositoryRoot(), CrdGenerator.CheckedInPath);
        var generated = CrdGenerator.Generate();
        var checkedIn = File.Exists(path) ? File.ReadAllText(path) : "";

        Assert.True(checkedIn == generated,
            "the CRD drifted from the C# types: run `citymesh scenario crd` (writes operator/CityMesh.Operator/crd/twinscenarios.citymesh.io.yaml)");
    }

    [Fact]
    public void Should_Be_Deterministic_Yaml_Ending_With_A_Newline()
    {
        var yaml = CrdGenerator.Generate();

        Assert.Equal(yaml, CrdGenerator.Generate());
        Assert.EndsWith("\n", yaml);
        Assert.DoesNotContain("\r", yaml);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml)); // parses back
        Assert.Equal("twinscenarios.citymesh.io", ((YamlScalarNode)((YamlMappingNode)((YamlMappingNode)stream.Documents[0].RootNode)["metadata"])["name"]).Value);
    }

    [Fact]
    public void Should_Name_The_Resource_And_Its_Version()
    {
        var spec = Crd["spec"]!;
        Assert.Equal("apiextensions.k8s.io/v1", (string?)Crd["apiVersion"]);
        Assert.Equal("citymesh.io", (string?)spec["group"]);
        Assert.Equal("Namespaced", (string?)spec["scope"]);
        Assert.Equal("""{"kind":"TwinScenario","listKind":"TwinScenarioList","plural":"twinscenarios","singular":"twinscenario","shortNames":["tws"]}""",
            spec["names"]!.ToJsonString());
        Assert.Single(spec["versions"]!.AsArray());
        Assert.Equal("v1alpha1", (string?)Version["name"]);
        Assert.True((bool)Version["served"]!);
        Assert.True((bool)Version["storage"]!);
        Assert.Equal("{}", Version["subresources"]!["status"]!.ToJsonString());
    }

    [Fact]
    public void Should_Have_The_Printer_Columns()
    {
        var columns = Version["additionalPrinterColumns"]!.AsArray().Select(c => $"{c!["name"]} {c["type"]} {c["jsonPath"]}");

        Assert.Equal(["Phase string .status.phase", "Simulation string .spec.simulation", "Backend string .status.backend",
            "Device string .status.device", "Progress string .status.progress", "Age date .metadata.creationTimestamp"], columns);
    }

    [Fact]
    public void Should_Be_Structural_Every_Node_Typed()
    {
        var nodes = 0;
        Visit(Schema, "openAPIV3Schema");
        Assert.True(nodes > 60, $"only {nodes} schema nodes");

        void Visit(JsonObject node, string path)
        {
            nodes++;
            var type = (string?)node["type"];
            Assert.True(type is "object" or "array" or "string" or "integer" or "number" or "boolean", $"{path}: type '{type}'");
            if (node["properties"] is JsonObject properties)
            {
                Assert.Equal("object", type);
                foreach (var (name, child) in properties) Visit(child!.AsObject(), $"{path}.{name}");
            }
            if (type == "array") Visit(node["items"]!.AsObject(), $"{path}[]");
            if (node["additionalProperties"] is JsonObject values) Visit(values, $"{path}{{}}");
            if (type == "object" && path != "openAPIV3Schema.metadata")
                Assert.True(node["properties"] is not null || node["additionalProperties"] is not null, $"{path}: object without properties");
            Assert.Null(node["x-kubernetes-preserve-unknown-fields"]);
        }
    }

    [Fact]
    public void Should_Type_Fields_As_The_Model_Does()
    {
        Assert.Equal("""{"type":"object"}""", At("metadata").ToJsonString());
        Assert.Equal("int64", (string?)At("spec.seed")["format"]);
        Assert.Equal("int32", (string?)At("spec.ensemble")["format"]);
        Assert.Equal("number", (string?)At("spec.interventions.items.demandScale")["type"]);
        Assert.Equal("date-time", (string?)At("status.startTime")["format"]);
        Assert.Equal("number", (string?)At("status.kpis.baseline")["additionalProperties"]!["type"]);
        Assert.Equal("integer", (string?)At("spec.interventions.items.closures.items.lanes.items")["type"]);
        Assert.Equal(["spec"], Schema["required"]!.AsArray().Select(n => (string)n!));
        Assert.Null(At("spec.baseline")["required"]);
        Assert.Equal(["has(self.network) != has(self.twin)", "has(self.format) == has(self.network) && has(self.format) == has(self.demand)"],
            At("spec.baseline")["x-kubernetes-validations"]!.AsArray().Select(n => (string)n!["rule"]!));
        Assert.Equal("15m", (string?)At("spec.baseline.twin.maxObservationAge")["default"]);
        Assert.StartsWith("traffic: the unchanged city", (string?)At("spec.baseline")["description"]);
        Assert.StartsWith("traffic: simulated time", (string?)At("spec.horizon")["description"]);
    }

    [Fact]
    public void Should_Take_Enums_And_Bounds_From_The_Validators_Markers()
    {
        Assert.Equal(SimulationKinds.Known, Enum("spec.simulation"));
        Assert.Equal(KpiNames.All, Enum("spec.outputs.kpis.items"));
        Assert.Equal(["sumo", "cityflow"], Enum("spec.baseline.format"));
        Assert.Equal(["fixed-time", "max-pressure"], Enum("spec.interventions.items.signals.controller"));
        Assert.Equal(["gpu", "cpu"], Enum("spec.compute.accelerator"));
        Assert.Equal(["True", "False", "Unknown"], Enum("status.conditions.items.status"));

        // The same values the validator names when it rejects a value.
        var bad = Valid() with { Spec = Valid().Spec with { Baseline = Valid().Spec.Baseline! with { Format = "osm" } } };
        Assert.Contains("'sumo', 'cityflow'", ScenarioValidator.Validate(bad).Single().Message);

        Assert.Equal(1L, (long)At("spec.ensemble")["minimum"]!);
        Assert.Equal(100L, (long)At("spec.ensemble")["maximum"]!);
        Assert.Equal(0.25, (double)At("spec.interventions.items.signals.plans.items.cycleScale")["minimum"]!);
        Assert.True((bool)At("spec.interventions.items.demandScale")["exclusiveMinimum"]!);
        Assert.Equal(KubeNames.DnsLabelPattern, (string?)At("spec.city")["pattern"]);
        Assert.Equal(63, (int)At("spec.city")["maxLength"]!);
        Assert.Equal(ScenarioDuration.Pattern, (string?)At("spec.horizon")["pattern"]);
        Assert.Equal(1L, (long)At("spec.seed")["default"]!);
        Assert.Equal("fixed-time", (string?)At("spec.baseline.controller")["default"]);
        Assert.Null(At("apiVersion")["default"]);

        static IEnumerable<string> Enum(string path) => At(path)["enum"]!.AsArray().Select(n => (string)n!);
    }

    [Fact]
    public void Should_Declare_Keyed_Lists_And_Sets()
    {
        var conditions = At("status.conditions");
        Assert.Equal("map", (string?)conditions["x-kubernetes-list-type"]);
        Assert.Equal("""["type"]""", conditions["x-kubernetes-list-map-keys"]!.ToJsonString());
        Assert.Equal("""["name"]""", At("spec.interventions")["x-kubernetes-list-map-keys"]!.ToJsonString());
        Assert.Equal("set", (string?)At("spec.outputs.kpis")["x-kubernetes-list-type"]);
        Assert.Equal("has(self.path) != has(self.configMap)", (string?)At("spec.baseline.network")["x-kubernetes-validations"]![0]!["rule"]);
    }

    /// <summary>kubectl explain shows descriptions, not the schema's bounds or defaults: each epidemic field says them.</summary>
    [Fact]
    public void Should_Document_Each_Epidemic_Field_With_Its_Default_And_Limits()
    {
        var fields = At("spec.epidemic")["properties"]!.AsObject();
        Assert.Equal(["population", "twin", "transmissionScale", "latentDays", "infectiousDays", "days", "initialInfections"], fields.Select(f => f.Key));
        // The population has no default in the schema (the API server would fill it in beside twin); its text says what absence means.
        Assert.Null(fields["population"]!["default"]);
        Assert.Contains($"Default {EpidemicSpec.DefaultPopulation} when twin is not set", (string)fields["population"]!["description"]!);
        var twin = fields["twin"]!["properties"]!.AsObject();
        Assert.Equal(["floorAreaPerResident", "householdSizes", "neighbourhoodMetres", "freeBedShare"], twin.Select(f => f.Key));
        var withDefaults = fields.Where(f => f.Key is not ("population" or "twin")).Concat(twin.Where(f => f.Key != "householdSizes"));
        foreach (var (name, node) in withDefaults)
        {
            var description = (string)node!["description"]!;
            // The text must agree with the schema the markers produce, so a changed bound or default fails here.
            Assert.EndsWith($"Default {node["default"]!.ToJsonString()}.", description);
            var limits = node["maximum"] is { } max ? $"within [{node["minimum"]!.ToJsonString()}, {max.ToJsonString()}]" : $"at least {node["minimum"]!.ToJsonString()}";
            Assert.Contains(limits, description);
        }
    }

    /// <summary>
    /// The rules the validator enforces for epidemic scenarios where CEL can say them, as the API server gets them.
    /// (No CEL evaluator runs in these tests: the texts are asserted, and each is tied below to a refusal of the validator.)
    /// </summary>
    [Fact]
    public void Should_Carry_The_Epidemic_Rules_Of_The_Validator()
    {
        var spec = Rules("spec");
        Assert.Contains(("!has(self.interventions) || self.simulation == 'traffic' || self.interventions.all(i, !has(i.signals))", "interventions[].signals is only for simulation traffic"), spec);
        Assert.Contains(("!has(self.interventions) || self.simulation == 'traffic' || self.interventions.all(i, !(has(i.closures) && size(i.closures) > 0))", "interventions[].closures is only for simulation traffic"), spec);
        Assert.Contains(("!has(self.interventions) || self.simulation == 'traffic' || self.interventions.all(i, !has(i.demandScale))", "interventions[].demandScale is only for simulation traffic"), spec);
        Assert.Contains(("!has(self.interventions) || self.simulation == 'epidemic' || self.interventions.all(i, !has(i.epidemic))", "interventions[].epidemic is only for simulation epidemic"), spec);
        Assert.Contains(("!has(self.interventions) || !(self.simulation == 'epidemic') || self.interventions.all(i, has(i.epidemic))", "interventions[].epidemic is required for simulation epidemic"), spec);
        Assert.Contains(("!has(self.outputs) || self.simulation == 'traffic' || !(has(self.outputs.kpis) && size(self.outputs.kpis) > 0)", "outputs.kpis is only for simulation traffic"), spec);
        Assert.Contains(("!has(self.outputs) || self.simulation == 'synthetic-telemetry' || !(has(self.outputs.publish) && self.outputs.publish != false)", "outputs.publish is only for simulation synthetic-telemetry"), spec);
        Assert.Contains(("!has(self.outputs) || self.simulation == 'synthetic-telemetry' || !(has(self.outputs.publishAcceleration) && self.outputs.publishAcceleration != 0.0)", "outputs.publishAcceleration is only for simulation synthetic-telemetry"), spec);
        Assert.Equal([("has(self.schoolClosure) || has(self.workFromHome) || (has(self.contactReductions) && size(self.contactReductions) > 0) || has(self.vaccination)",
            "set at least one of schoolClosure, workFromHome, contactReductions or vaccination")], Rules("spec.interventions.items.epidemic"));
        foreach (var window in new[] { "schoolClosure", "workFromHome", "contactReductions.items" })
            Assert.Equal([("!has(self.untilDay) || self.untilDay > (has(self.fromDay) ? self.fromDay : 0.0)", "untilDay must come after fromDay")],
                Rules($"spec.interventions.items.epidemic.{window}"));

        // The API server costs a rule by the lists it walks; these bounds keep every rule far below its budget.
        Assert.Equal(64, (int)At("spec.interventions")["maxItems"]!);
        Assert.Equal(4, (int)At("spec.interventions.items.epidemic.contactReductions")["maxItems"]!); // one per layer
    }

    /// <summary>kubectl explain shows descriptions, not bounds or defaults: each flood field with a default says it and its limits.</summary>
    [Fact]
    public void Should_Document_Each_Flood_Field_With_Its_Default_And_Limits()
    {
        var fields = At("spec.flood")["properties"]!.AsObject();
        Assert.Equal(["terrain", "hours", "inflows", "rain", "roadClosureDepthMetres", "floodedDepthMetres", "barriers", "pumps", "twin"], fields.Select(f => f.Key));
        // The standing defences are the intervention's barriers and pumps, one schema for both, keyed by name.
        Assert.Equal(At("spec.interventions.items.flood.barriers.items").ToJsonString(), At("spec.flood.barriers.items").ToJsonString());
        Assert.Equal("map", (string)At("spec.flood.pumps")["x-kubernetes-list-type"]!);
        var generate = At("spec.flood.terrain.generate")["properties"]!.AsObject();
        Assert.Equal(["cellSize", "seed", "width", "height", "marginMetres", "riverDepth", "riverWidth"], generate.Select(f => f.Key));
        // riverWidth has no default in the schema: it follows cellSize, which its text says.
        Assert.Null(generate["riverWidth"]!["default"]);
        Assert.Contains("Default: the larger of 40 and two cells", (string)generate["riverWidth"]!["description"]!);
        var twin = At("spec.flood.twin")["properties"]!.AsObject();
        var withDefaults = fields.Where(f => f.Key is "hours" or "roadClosureDepthMetres" or "floodedDepthMetres")
            .Concat(generate.Where(f => f.Key != "riverWidth")).Concat(twin.Where(f => f.Key == "floorAreaPerResident"));
        foreach (var (name, node) in withDefaults)
        {
            var description = (string)node!["description"]!;
            Assert.EndsWith($"Default {node["default"]!.ToJsonString()}.", description);
            var limits = node["maximum"] is { } max ? $"within [{node["minimum"]!.ToJsonString()}, {max.ToJsonString()}]" : $"at least {node["minimum"]!.ToJsonString()}";
            Assert.Contains(limits, description);
        }
        Assert.Equal(0.3, (double)fields["roadClosureDepthMetres"]!["default"]!);
    }

    /// <summary>The flood rules the validator enforces where CEL can say them, each tied to a refusal of the validator below.</summary>
    [Fact]
    public void Should_Carry_The_Flood_Rules_Of_The_Validator()
    {
        var spec = Rules("spec");
        Assert.Contains(("!(self.simulation == 'flood') || has(self.flood)", "flood is required for simulation flood"), spec);
        Assert.Contains(("!has(self.flood) || self.simulation == 'flood'", "flood is only for simulation flood"), spec);
        Assert.Contains(("!has(self.interventions) || !(self.simulation == 'flood') || self.interventions.all(i, has(i.flood))", "interventions[].flood is required for simulation flood"), spec);
        Assert.Contains(Rules("spec.flood"), r => r.Rule == "(has(self.inflows) && size(self.inflows) > 0) || (has(self.rain) && size(self.rain) > 0)");
        Assert.Contains(Rules("spec.flood.terrain"), r => r.Rule == "has(self.file) != has(self.generate)");
        Assert.Contains(Rules("spec.interventions.items.flood"), r => r.Rule == "(has(self.barriers) && size(self.barriers) > 0) || (has(self.pumps) && size(self.pumps) > 0) || has(self.rainScale)");
        Assert.Contains(Rules("spec.flood.inflows.items.at"), r => r.Rule == "has(self.x) == has(self.y)");
        Assert.Equal(32, (int)At("spec.flood.inflows")["maxItems"]!);
        Assert.Equal(500, (int)At("spec.interventions.items.flood.barriers.items.line")["maxItems"]!);

        var flood = ScenarioDocument.Load(Running.RepositoryFiles.Example("flood-jinan-river.yaml"));
        Assert.Contains(ScenarioValidator.Validate(flood with { Spec = flood.Spec with { Flood = null } }), e => e.Field == "spec.flood");
        Assert.Contains(ScenarioValidator.Validate(flood with { Spec = flood.Spec with { Flood = flood.Spec.Flood! with { Inflows = [] } } }), e => e.Field == "spec.flood");
        Assert.Contains(ScenarioValidator.Validate(flood with { Spec = flood.Spec with { Flood = flood.Spec.Flood! with { Terrain = new FloodTerrainSpec() } } }), e => e.Field == "spec.flood.terrain");
        var still = flood.Spec.Interventions[0] with { Flood = new FloodInterventionSpec() };
        Assert.Contains(ScenarioValidator.Validate(flood with { Spec = flood.Spec with { Interventions = [still] } }), e => e.Field == "spec.interventions[0]");
    }

    /// <summary>kubectl explain shows descriptions, not bounds or defaults: each evacuation field with a default says it and its limits.</summary>
    [Fact]
    public void Should_Document_Each_Evacuation_Field_With_Its_Default_And_Limits()
    {
        var fields = At("spec.evacuation")["properties"]!.AsObject();
        Assert.Equal(["zone", "flood", "floodLeadMinutes", "hours", "stepSeconds", "response", "assignment", "walking", "cars", "twin", "town", "extraShelters"], fields.Select(f => f.Key));
        // The embedded flood is the flood kind's own schema.
        Assert.Equal(At("spec.flood")["properties"]!.AsObject().Select(f => f.Key), At("spec.evacuation.flood")["properties"]!.AsObject().Select(f => f.Key));
        var numbers = fields.Where(f => f.Key is "floodLeadMinutes" or "hours" or "stepSeconds")
            .Concat(new[] { "response", "walking", "cars", "twin", "town" }.SelectMany(o => At($"spec.evacuation.{o}")["properties"]!.AsObject()))
            .Where(f => (string?)f.Value!["type"] is "number" or "integer").ToList();
        Assert.Equal(22, numbers.Count); // 3 + response 2 + walking 8 + cars 2 + twin 2 + town 5
        foreach (var (name, node) in numbers)
        {
            var description = (string)node!["description"]!;
            Assert.EndsWith($"Default {node["default"]!.ToJsonString()}.", description);
            var limits = node["maximum"] is { } max ? $"within [{node["minimum"]!.ToJsonString()}, {max.ToJsonString()}]" : $"at least {node["minimum"]!.ToJsonString()}";
            Assert.Contains(limits, description);
        }
        Assert.Equal(1.34, (double)At("spec.evacuation.walking.freeSpeed")["default"]!);
        Assert.Equal(1.3, (double)At("spec.evacuation.walking.maxSpecificFlow")["default"]!);
        Assert.Equal("rayleigh", (string?)At("spec.evacuation.response.shape")["default"]);
        Assert.Equal(["rayleigh", "logistic"], At("spec.evacuation.response.shape")["enum"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["nearest", "nearest-with-room"], At("spec.evacuation.assignment")["enum"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(["nearest", "nearest-with-room", "by-zone"], At("spec.interventions.items.evacuation.assignment")["enum"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(500, (int)At("spec.evacuation.zone.polygon")["maxItems"]!);
        Assert.Equal(64, (int)At("spec.interventions.items.evacuation.contraflow")["maxItems"]!);
    }

    /// <summary>
    /// Each evacuation rule of the CRD (as the API server gets it; no CEL evaluator runs here) sits where it should, and
    /// the validator refuses the spec that breaks it.
    /// </summary>
    [Theory]
    [InlineData("two-zones", "spec.evacuation.zone", "set exactly one of polygon, circle or flood")]
    [InlineData("two-point-polygon", "spec.evacuation.zone", "a polygon needs at least three points")]
    [InlineData("flood-zone-without-flood", "spec.evacuation", "zone.flood needs flood: the buildings the flood reaches are the zone")]
    [InlineData("twin-and-town", "spec.evacuation", "set at most one of twin or town")]
    [InlineData("latitude-alone", "spec.evacuation.zone.circle.at", "set latitude, longitude together")]
    [InlineData("x-and-latitude", "spec.evacuation.zone.circle.at", "set exactly one of x or latitude")]
    [InlineData("by-zone-without-shelters", "spec.interventions.items.evacuation", "by-zone needs stages, each naming its shelters")]
    [InlineData("stage-shelters-without-by-zone", "spec.interventions.items.evacuation", "a stage names shelters only with assignment by-zone")]
    [InlineData("no-change", "spec.interventions.items.evacuation", "set at least one of assignment, stages, contraflow or extraShelters")]
    [InlineData("late-stage", "spec", "an evacuation stage must start before evacuation.hours end")]
    [InlineData("missing", "spec", "evacuation is required for simulation evacuation")]
    public void Should_Carry_The_Evacuation_Rules_Of_The_Validator(string broken, string at, string message)
    {
        Assert.NotEmpty(ScenarioValidator.Validate(Evacuation.EvacuationSpecTests.Break(broken)));
        Assert.Contains(Rules(at), r => r.Message == message);
    }

    [Fact]
    public void Should_Give_The_Evacuation_Stage_Rule_The_Default_Hours()
    {
        var rule = Rules("spec").Single(r => r.Message == "an evacuation stage must start before evacuation.hours end").Rule;
        Assert.Contains($"{new EvacuationSpec().Hours:0}.0", rule);
        Assert.Contains(("!has(self.evacuation) || self.simulation == 'evacuation'", "evacuation is only for simulation evacuation"), Rules("spec"));
        Assert.Empty(ScenarioValidator.Validate(Evacuation.EvacuationScenarioTests.Scenario(Evacuation.EvacuationScenarioTests.Town)));
    }

    /// <summary>Each epidemic rule in the CRD refuses something the validator refuses, named by the same field.</summary>
    [Theory]
    [MemberData(nameof(BrokenOutbreaks))]
    public void Should_Refuse_In_The_Validator_What_Each_Epidemic_Rule_Refuses(string rule, string field, string at)
    {
        var (broken, _) = Outbreak.Broken[rule];
        Assert.Contains(ScenarioValidator.Validate(broken), e => e.Field == field);
        Assert.Contains(Rules(at), r => r.Message == rule);
    }

    public static TheoryData<string, string, string> BrokenOutbreaks()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (rule, (_, field)) in Outbreak.Broken) data.Add(rule, field, Outbreak.RuleAt[rule]);
        return data;
    }

    [Fact]
    public void Should_Accept_The_Outbreak_Example_In_The_Validator() => Assert.Empty(ScenarioValidator.Validate(Outbreak.Example));

    private static IEnumerable<(string Rule, string Message)> Rules(string path) =>
        (At(path)["x-kubernetes-validations"]?.AsArray() ?? []).Select(r => ((string)r!["rule"]!, (string)r["message"]!));

    private static TwinScenario Valid() => ScenarioDocument.Parse(Examples.JinanYaml, "jinan.yaml");

    private static string RepositoryRoot([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));
}
