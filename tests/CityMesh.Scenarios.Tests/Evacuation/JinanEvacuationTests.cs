using CityMesh.Compute;
using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Tests.Evacuation;

/// <summary>
/// The Jinan example (examples/scenarios/evacuation-jinan-river.yaml) against Jinan's twin as citymesh up seeds it:
/// it validates, floods the zone the flood example floods, and runs every variant, with the figures README.md quotes.
/// </summary>
public sealed class JinanEvacuationTests(JinanTwin jinan, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<JinanTwin>, IDisposable
{
    private static readonly TwinScenario Example = ScenarioDocument.Load(RepositoryFiles.Example("evacuation-jinan-river.yaml"));
    private static readonly TwinScenario Flood = ScenarioDocument.Load(RepositoryFiles.Example("flood-jinan-river.yaml"));
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"citymesh-jinan-evacuation-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory)) Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void The_example_validates_and_floods_what_the_flood_example_floods()
    {
        Assert.Empty(ScenarioValidator.Validate(Example));
        Assert.Equal(SimulationKinds.Evacuation, Example.Spec.Simulation);
        Assert.NotNull(Example.Spec.Evacuation!.Zone!.Flood);
        Assert.NotNull(Example.Spec.Evacuation.Twin);
        // The same flood as the flood example's (its variant aside).
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(Flood.Spec.Flood, ScenarioJson.Options), System.Text.Json.JsonSerializer.Serialize(Example.Spec.Evacuation.Flood, ScenarioJson.Options));
    }

    [Fact]
    public void Jinans_twin_gives_the_evacuation_its_shelters_with_places_and_a_road_network_for_cars()
    {
        var shelters = jinan.City.Sites.Where(s => s.Type == EntityTypes.Shelter).ToList();
        Assert.NotEmpty(shelters);
        Assert.All(shelters, s => Assert.True(s.Capacity > 0, $"{s.Name}: {s.Capacity}"));
        Assert.NotNull(jinan.City.Network);
        Assert.Equal(jinan.City.Roads.Count, jinan.Seeded.Entities.Count(e => e.Type == EntityTypes.RoadSegment));
    }

    /// <summary>
    /// Member 0 of every variant (the README's figures are the three members' means): Jinan's five shelters hold a few
    /// per cent of the people the flood reaches; the halls take most in; contraflow widens the worst walkway.
    /// </summary>
    [Fact]
    public void The_example_runs_against_jinans_twin()
    {
        var result = ScenarioRunner.Run(Example, new ScenarioRunOptions(Path.Combine(_directory, "results"), new InputFiles(_directory, _directory), Members: [0],
            Compute: ComputeSelector.Select(ComputeBackendKind.Managed), City: jinan.City));
        var kpis = new[] { ("baseline", result.Kpis.Baseline) }.Concat(result.Kpis.Interventions.Select(i => (i.Name, i.Values))).ToDictionary(p => p.Item1, p => p.Item2);
        foreach (var (name, values) in kpis) output.WriteLine($"{name}: {string.Join(", ", values.Select(k => $"{k.Key} {k.Value:0.##}"))}");

        using var setting = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(result.ResultsDirectory, EvacuationRunner.SettingFile)));
        int people = setting.RootElement.GetProperty("people").GetInt32(), places = setting.RootElement.GetProperty("shelters").EnumerateArray().Sum(s => s.GetProperty("capacity").GetInt32());
        output.WriteLine(setting.RootElement.GetProperty("description").GetString());
        var baseline = kpis["baseline"];
        Assert.Equal(people, baseline[EvacuationRunner.PeopleInZone]);
        Assert.NotEmpty(setting.RootElement.GetProperty("roadsCut").EnumerateArray());
        // Its shelters take no more than their places, all of them full.
        Assert.True(places < people / 10, $"{places} places for {people}");
        Assert.Equal(100.0 * places / people, baseline[EvacuationRunner.ShareSheltered], 1);
        Assert.Equal(5, baseline[EvacuationRunner.SheltersFull]);
        // One in five drives (rounded per building), two to a car; those whose road the flood cut before they left walk.
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(result.ResultsDirectory, "0", "baseline", EvacuationRunner.SummaryFile)));
        int driving = summary.RootElement.GetProperty("carPeople").GetInt32(), walkingInstead = summary.RootElement.GetProperty("carPeopleWalkingInstead").GetInt32();
        Assert.InRange(driving + walkingInstead, 0.2 * people - 219, 0.2 * people + 219); // 219 buildings, each rounded
        Assert.InRange(baseline[EvacuationRunner.CarTrips], driving / 2.0, driving / 2.0 + 219);
        // 120,000 places in the halls: most of the zone gets in on foot, few are turned away.
        var halls = kpis["open-halls"];
        Assert.True(halls[EvacuationRunner.ShareSheltered] > 75, $"{halls[EvacuationRunner.ShareSheltered]} %");
        Assert.True(halls[EvacuationRunner.PeopleUnsheltered] < 0.05 * baseline[EvacuationRunner.PeopleUnsheltered]);
        Assert.True(halls.ContainsKey(EvacuationRunner.WalkClearance90));
        Assert.True(kpis["halls-contraflow"][EvacuationRunner.WorstBottleneck] < halls[EvacuationRunner.WorstBottleneck]);

        var html = ScenarioReport.Html(Example, result);
        Assert.Contains("<h2>The flood</h2>", html);
        Assert.Contains("west-stadium: people in it", html);
    }
}
