using System.Globalization;
using CityMesh.Compute;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Running.Compound;
using CityMesh.Scenarios.Running.Energy;
using CityMesh.Scenarios.Tests.Evacuation;
using CityMesh.Scenarios.Tests.Running;

namespace CityMesh.Scenarios.Tests.Compound;

/// <summary>
/// The compound example (examples/scenarios/compound-jinan-flood.yaml) on Jinan's twin as citymesh up seeds it: one flood,
/// the ambulances' reach, the evacuation and the grid with and without it, in one report, with the figures README.md quotes.
/// </summary>
public sealed class JinanCompoundTests(JinanTwin jinan, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<JinanTwin>, IDisposable
{
    private static readonly TwinScenario Example = ScenarioDocument.Load(RepositoryFiles.Example("compound-jinan-flood.yaml"));
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-jinan-compound-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task The_example_couples_the_flood_with_every_part_on_jinans_twin()
    {
        using var reader = jinan.Twin.Connect();
        var energy = Example.Spec.Compound!.Energy!;
        var grid = await TwinGrid.ReadAsync(reader, jinan.Twin.Address, jinan.Seeded.IdSegment, energy.Grid!.Twin!, 8, CancellationToken.None);
        var options = new ScenarioRunOptions(Path.Combine(_directory, "results"), new InputFiles(_directory, _directory), Members: [0],
            Compute: ComputeSelector.Select(ComputeBackendKind.Managed), City: jinan.City, Grid: grid);

        var result = ScenarioRunner.Run(Example, options);

        var without = result.Kpis.Baseline;
        var with = result.Kpis.Interventions.Single(i => i.Name == CompoundRunner.FloodVariant).Values;
        foreach (var (name, values) in new[] { ("without", without), ("with", with) })
            output.WriteLine($"{name}: {string.Join(", ", values.Select(k => $"{k.Key} {k.Value:0.###}"))}");

        output.WriteLine(string.Join(Environment.NewLine, EnergyFiles.ReadSummary(Path.Combine(result.ResultsDirectory, CompoundRunner.EnergyDirectory, CompoundRunner.FloodVariant))?.Notes ?? []));
        // The flood cuts roads; without it none are.
        Assert.True(with[CompoundRunner.RoadsCut] > 0);
        Assert.Equal(0, without[CompoundRunner.RoadsCut]);
        // Ambulances: every station open and every road dry reaches some of the city, the flood less of it, and the
        // readings over the horizon never rise (closures do not reopen) and end at the flood's figure.
        Assert.InRange(without[CompoundRunner.AmbulanceReach], 1, 100);
        Assert.True(with[CompoundRunner.AmbulanceReach] < without[CompoundRunner.AmbulanceReach], $"{with[CompoundRunner.AmbulanceReach]} vs {without[CompoundRunner.AmbulanceReach]}");
        Assert.True(with[CompoundRunner.ResidentsOutOfReach] > without[CompoundRunner.ResidentsOutOfReach]);
        var readings = File.ReadAllLines(Path.Combine(result.ResultsDirectory, CompoundRunner.AmbulanceFile)).Skip(1)
            .Select(l => l.Split(',')).Select(f => (Minutes: D(f[0]), Share: D(f[6]), Normal: D(f[7]))).ToList();
        Assert.Equal(0, readings[0].Minutes);
        Assert.Equal(60 * Example.Spec.Compound.Flood!.Hours, readings[^1].Minutes);
        Assert.All(readings.Zip(readings.Skip(1)), p => Assert.True(p.Second.Share <= p.First.Share));
        Assert.All(readings, r => Assert.Equal(without[CompoundRunner.AmbulanceReach], r.Normal, 0.01));
        Assert.Equal(with[CompoundRunner.AmbulanceReach], readings[^1].Share, 0.01);

        // The evacuation: the same people in the zone both ways, and those not in a shelter within them.
        Assert.Equal(without[EvacuationRunner.PeopleInZone], with[EvacuationRunner.PeopleInZone]);
        Assert.InRange(with[CompoundRunner.PeopleNotEvacuated], 0, with[EvacuationRunner.PeopleInZone]);
        Assert.InRange(without[CompoundRunner.PeopleNotEvacuated], 0, without[EvacuationRunner.PeopleInZone]);

        // The grid: without the flood it is the plain energy run of the same spec, to the watt-hour; the flood can only
        // take load off it.
        var plain = ScenarioRunner.Run(Example with { Spec = Example.Spec with { Simulation = SimulationKinds.Energy, Compound = null, Energy = energy } },
            options with { ResultsDirectory = Path.Combine(_directory, "plain") }).Kpis.Baseline;
        Assert.Equal(plain[EnergyRunner.EnergyNotServed], without[EnergyRunner.EnergyNotServed], 1e-3);
        Assert.Equal(plain[EnergyRunner.CriticalEnergyNotServed], without[EnergyRunner.CriticalEnergyNotServed], 1e-3);
        Assert.True(with[EnergyRunner.EnergyNotServed] >= without[EnergyRunner.EnergyNotServed]);
        Assert.True(with[CompoundRunner.BusesWithoutPower] >= without[CompoundRunner.BusesWithoutPower]);

        // One report: the KPIs both ways, the reach over time, the flood's map.
        var html = ScenarioReport.Html(Example, result);
        Assert.Contains("<h2>Ambulance reach</h2>", html);
        Assert.Contains("residents within reach, %", html);
        Assert.Contains("data:image/png;base64,", html);
        Assert.Contains("<h2>The grid</h2>", html);
        Assert.Contains(CompoundRunner.AmbulanceReach, html);
    }

    private static double D(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
