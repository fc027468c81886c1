using System.Text.Json.Nodes;
using CityMesh.Scenarios.Crd;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Tests.Compound;

/// <summary>
/// spec.compound: the Jinan example validates; each thing the validator refuses names its field, and the CRD carries
/// the same refusal as a CEL rule with the same meaning.
/// </summary>
public sealed class CompoundSpecTests
{
    private static readonly TwinScenario Example = ScenarioDocument.Load(RepositoryFiles.Example("compound-jinan-flood.yaml"));
    private static readonly JsonObject Schema = CrdGenerator.Build()["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();

    private static JsonObject At(string path) =>
        path.Split('.').Aggregate(Schema, (node, name) => node["properties"]![name]!.AsObject());

    private static IEnumerable<string> Messages(string path) =>
        (At(path)["x-kubernetes-validations"]?.AsArray() ?? []).Select(r => (string)r!["message"]!);

    private static TwinScenario With(Func<CompoundSpec, CompoundSpec> change) =>
        Example with { Spec = Example.Spec with { Compound = change(Example.Spec.Compound!) } };

    [Fact]
    public void The_jinan_example_validates_with_every_part()
    {
        Assert.Empty(ScenarioValidator.Validate(Example));
        var compound = Example.Spec.Compound!;
        Assert.Equal(SimulationKinds.Compound, Example.Spec.Simulation);
        Assert.NotNull(compound.Ambulance);
        Assert.NotNull(compound.Evacuation);
        Assert.NotNull(compound.Energy);
        Assert.Equal(compound.Flood!.Hours, compound.Evacuation!.Hours);
    }

    /// <summary>Each refusal: the broken spec, the field the validator names, and the CRD rule's message where it sits.</summary>
    public static TheoryData<string, string, string, string> Refusals() => new()
    {
        { "no-part", "spec.compound", "spec.compound", "set at least one of ambulance, evacuation or energy" },
        { "no-twin", "spec.compound.flood.twin", "spec.compound", "flood.twin is required: a compound couples the parts through the city's twin" },
        { "own-flood", "spec.compound.evacuation.flood", "spec.compound", "evacuation.flood is not allowed: the compound's flood is the evacuation's" },
        { "evacuation-hours", "spec.compound.evacuation.hours", "spec.compound", "evacuation.hours must equal flood.hours: one horizon" },
        { "energy-hours", "spec.compound.energy.hours", "spec.compound", "energy.hours must be flood.hours rounded up: one horizon" },
        { "grid-file", "spec.compound.energy.grid.twin", "spec.compound", "energy.grid.twin is required: flooded substations are the twin's" },
        { "evacuation-no-twin", "spec.compound.evacuation.twin", "spec.compound", "evacuation.twin is required: the evacuation runs in the flood's city" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Each_refusal_names_its_field_and_is_a_rule_of_the_crd(string broken, string field, string at, string message)
    {
        var scenario = broken switch
        {
            "no-part" => With(c => c with { Ambulance = null, Evacuation = null, Energy = null }),
            "no-twin" => With(c => c with { Flood = c.Flood! with { Twin = null } }),
            "own-flood" => With(c => c with { Evacuation = c.Evacuation! with { Flood = c.Flood } }),
            "evacuation-hours" => With(c => c with { Evacuation = c.Evacuation! with { Hours = 2 } }),
            "energy-hours" => With(c => c with { Energy = c.Energy! with { Hours = 24 } }),
            "grid-file" => With(c => c with { Energy = c.Energy! with { Grid = new EnergyGridSpec { File = new FileSource { Path = "grid.m" } } } }),
            "evacuation-no-twin" => With(c => c with { Evacuation = c.Evacuation! with { Twin = null } }),
            _ => throw new ArgumentOutOfRangeException(nameof(broken)),
        };
        var errors = ScenarioValidator.Validate(scenario);
        Assert.Contains(errors, e => e.Field == field);
        Assert.Contains(message, Messages(at));
    }

    [Fact]
    public void The_compound_fields_belong_to_simulation_compound_only()
    {
        var flood = ScenarioDocument.Load(RepositoryFiles.Example("flood-jinan-river.yaml"));
        var errors = ScenarioValidator.Validate(flood with { Spec = flood.Spec with { Compound = Example.Spec.Compound } });
        Assert.Contains(errors, e => e.Field == "spec.compound" && e.Reason == ValidationReasons.NotForSimulation);
        Assert.Contains(ScenarioValidator.Validate(Example with { Spec = Example.Spec with { Compound = null } }),
            e => e.Field == "spec.compound" && e.Reason == ValidationReasons.Required);
        Assert.Contains("compound", At("spec.simulation")["enum"]!.AsArray().Select(n => (string)n!));
        Assert.StartsWith("compound: a flood and the parts", (string?)At("spec.compound")["description"]);
        Assert.Equal(8.0, (double)At("spec.compound.ambulance.minutes")["default"]!);
    }
}
