using CityMesh.Compute;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Tests.Evacuation;

/// <summary>Evacuation specs the validator refuses, and inputs the run refuses, each naming the field at fault.</summary>
public sealed class EvacuationSpecTests
{
    private static readonly EvacuationSpec Town = EvacuationScenarioTests.Town;
    private static EvacuationPointSpec P(double x, double y) => EvacuationScenarioTests.Point(x, y);

    private static InterventionSpec Variant(EvacuationInterventionSpec change) => new() { Name = "v", Evacuation = change };

    public static TheoryData<string, string> Broken() => new()
    {
        { "no-zone", "spec.evacuation.zone" },
        { "two-zones", "spec.evacuation.zone" },
        { "two-point-polygon", "spec.evacuation.zone.polygon" },
        { "flood-zone-without-flood", "spec.evacuation.flood" },
        { "radius", "spec.evacuation.zone.circle.radiusMetres" },
        { "car-share", "spec.evacuation.cars.share" },
        { "hours", "spec.evacuation.hours" },
        { "shape", "spec.evacuation.response.shape" },
        { "base-by-zone", "spec.evacuation.assignment" },
        { "twin-and-town", "spec.evacuation" },
        { "latitude-alone", "spec.evacuation.zone.circle.at.longitude" },
        { "x-and-latitude", "spec.evacuation.zone.circle.at" },
        { "by-zone-without-shelters", "spec.interventions[0].evacuation.stages" },
        { "stage-shelters-without-by-zone", "spec.interventions[0].evacuation.stages[0].shelters" },
        { "late-stage", "spec.interventions[0].evacuation.stages[0].startMinutes" },
        { "no-change", "spec.interventions[0]" },
        { "missing", "spec.evacuation" },
        { "flood-fields", "spec.evacuation.flood" },
        { "duplicate-extra", "spec.interventions[0].evacuation.extraShelters[1].name" },
    };

    internal static TwinScenario Break(string what)
    {
        var circle = new CircleSpec { At = P(0, 0), RadiusMetres = 100 };
        var stage = new EvacuationStageSpec { Name = "a", Area = new AreaSpec { Circle = circle } };
        var spec = what switch
        {
            "no-zone" => Town with { Zone = null },
            "two-zones" => Town with { Zone = new EvacuationZoneSpec { Circle = circle, Polygon = [P(0, 0), P(1, 0), P(1, 1)] } },
            "two-point-polygon" => Town with { Zone = new EvacuationZoneSpec { Polygon = [P(0, 0), P(1, 0)] } },
            "flood-zone-without-flood" => Town with { Zone = new EvacuationZoneSpec { Flood = new FloodZoneSpec() } },
            "radius" => Town with { Zone = new EvacuationZoneSpec { Circle = circle with { RadiusMetres = 1 } } },
            "car-share" => Town with { Cars = new CarsSpec { Share = 1.5 } },
            "hours" => Town with { Hours = 100 },
            "shape" => Town with { Response = new ResponseSpec { Shape = "weibull" } },
            "base-by-zone" => Town with { Assignment = ShelterAssignments.ByZone },
            "twin-and-town" => Town with { Twin = new EvacuationTwinSpec() },
            "latitude-alone" => Town with { Zone = new EvacuationZoneSpec { Circle = circle with { At = new EvacuationPointSpec { Latitude = 36.6 } } } },
            "x-and-latitude" => Town with { Zone = new EvacuationZoneSpec { Circle = circle with { At = new EvacuationPointSpec { X = 0, Y = 0, Latitude = 36.6, Longitude = 117 } } } },
            "missing" => null,
            "flood-fields" => Town with { Flood = new FloodSpec { Terrain = new FloodTerrainSpec { Generate = new GeneratedTerrainSpec() } } },
            _ => Town,
        };
        InterventionSpec[] variants = what switch
        {
            "by-zone-without-shelters" => [Variant(new EvacuationInterventionSpec { Assignment = ShelterAssignments.ByZone, Stages = [stage] })],
            "stage-shelters-without-by-zone" => [Variant(new EvacuationInterventionSpec { Stages = [stage with { Shelters = ["Shelter 1"] }] })],
            "late-stage" => [Variant(new EvacuationInterventionSpec { Stages = [stage with { StartMinutes = 200 }] })],
            "no-change" => [Variant(new EvacuationInterventionSpec())],
            "duplicate-extra" => [Variant(new EvacuationInterventionSpec
            {
                ExtraShelters = [new ExtraShelterSpec { Name = "hall", At = P(0, 0), Capacity = 10 }, new ExtraShelterSpec { Name = "hall", At = P(5, 5), Capacity = 10 }],
            })],
            _ => [],
        };
        return EvacuationScenarioTests.Scenario(spec!, variants);
    }

    [Theory]
    [MemberData(nameof(Broken))]
    public void Bad_evacuation_specs_are_refused_naming_the_field(string what, string field)
    {
        var errors = ScenarioValidator.Validate(Break(what));
        Assert.Contains(errors, e => e.Field == field);
    }

    [Fact]
    public void The_town_spec_is_valid() => Assert.Empty(ScenarioValidator.Validate(EvacuationScenarioTests.Scenario(Town)));

    [Fact]
    public void Evacuation_fields_on_another_simulation_are_refused()
    {
        var flood = EvacuationScenarioTests.Scenario(Town) is var s ? s with { Spec = s.Spec with { Simulation = SimulationKinds.Flood, Flood = new FloodSpec() } } : null!;
        Assert.Contains(ScenarioValidator.Validate(flood), e => e.Field == "spec.evacuation" && e.Reason == ValidationReasons.NotForSimulation);
    }

    public static TheoryData<string, string> Unfit() => new()
    {
        { "contraflow", "spec.interventions[0].evacuation.contraflow[0]" },
        { "stage-shelter", "spec.interventions[0].evacuation.stages[0].shelters[0]" },
        { "twin", "spec.evacuation.twin" },
        { "empty-zone", "spec.evacuation.zone" },
    };

    /// <summary>Well-formed specs that do not fit their city are refused when the run meets them, naming the field.</summary>
    [Theory]
    [MemberData(nameof(Unfit))]
    public void Specs_that_do_not_fit_the_city_are_refused_naming_the_field(string what, string field)
    {
        var stage = new EvacuationStageSpec { Name = "a", Area = new AreaSpec { Circle = new CircleSpec { At = P(0, 0), RadiusMetres = 100 } }, Shelters = ["the-moon"] };
        var scenario = what switch
        {
            "contraflow" => EvacuationScenarioTests.Scenario(Town, Variant(new EvacuationInterventionSpec { Contraflow = ["no-such-road"] })),
            "stage-shelter" => EvacuationScenarioTests.Scenario(Town, Variant(new EvacuationInterventionSpec { Assignment = ShelterAssignments.ByZone, Stages = [stage] })),
            "twin" => EvacuationScenarioTests.Scenario(Town with { Town = null, Twin = new EvacuationTwinSpec() }),
            _ => EvacuationScenarioTests.Scenario(Town with { Zone = new EvacuationZoneSpec { Circle = new CircleSpec { At = P(50_000, 0), RadiusMetres = 100 } } }),
        };
        Assert.Empty(ScenarioValidator.Validate(scenario));
        string directory = Path.Combine(Path.GetTempPath(), $"citymesh-evacuation-{Guid.NewGuid():N}");
        try
        {
            var error = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(scenario,
                new ScenarioRunOptions(directory, new InputFiles(directory, directory), Compute: ComputeSelector.Select(ComputeBackendKind.Managed))));
            Assert.Equal(field, error.Field);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
