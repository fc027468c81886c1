using CityMesh.Contracts.Twin;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Running.Energy;
using CityMesh.Scenarios.Tests.Evacuation;
using CityMesh.Scenarios.Tests.Running;

namespace CityMesh.Scenarios.Tests.Energy;

/// <summary>
/// The twin example (examples/scenarios/energy-jinan-twin.yaml) against Jinan's twin as citymesh up seeds it (no meter
/// has history there: no simulator has run), with the figures README.md quotes.
/// </summary>
public sealed class JinanEnergyTwinTests(JinanTwin jinan, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<JinanTwin>, IDisposable
{
    private static readonly TwinScenario Example = ScenarioDocument.Load(RepositoryFiles.Example("energy-jinan-twin.yaml"));
    private readonly string _directory = Directory.CreateTempSubdirectory("citymesh-jinan-energy-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// Every bus of the seeded grid is read, each substation feeding its own network through the transmission grid's
    /// slack; every interval of every variant solves; the heat wave raises the peak import, its chargers raise it more,
    /// and managing them brings the peak back to the heat wave's own.
    /// </summary>
    [Fact]
    public async Task The_example_runs_on_jinans_grid_from_its_twin()
    {
        using var reader = jinan.Twin.Connect();
        var grid = await TwinGrid.ReadAsync(reader, jinan.Twin.Address, jinan.Seeded.IdSegment, Example.Spec.Energy!.Grid!.Twin!, 8, CancellationToken.None);
        output.WriteLine(string.Join(Environment.NewLine, grid.Notes));

        var result = ScenarioRunner.Run(Example, new ScenarioRunOptions(Path.Combine(_directory, "results"), new InputFiles(_directory, _directory), Grid: grid));

        var kpis = new[] { ("baseline", result.Kpis.Baseline) }.Concat(result.Kpis.Interventions.Select(i => (i.Name, i.Values))).ToDictionary(p => p.Item1, p => p.Item2);
        foreach (var (name, values) in kpis) output.WriteLine($"{name}: {string.Join(", ", values.Select(k => $"{k.Key} {k.Value:0.#####}"))}");
        Assert.Equal(jinan.Seeded.Entities.Count(e => e.Type == EntityTypes.BusbarSection), grid.Grid.Buses.Count);
        Assert.All(kpis.Values, v => Assert.Equal(0, v[EnergyRunner.IntervalsNotSolved]));
        Assert.All(kpis.Values, v => Assert.Equal(0, v[EnergyRunner.EnergyNotServed]));
        Assert.True(kpis["heat-wave"][EnergyRunner.PeakImport] > kpis["baseline"][EnergyRunner.PeakImport]);
        Assert.True(kpis["heat-wave-ev"][EnergyRunner.PeakImport] > kpis["heat-wave"][EnergyRunner.PeakImport]);
        Assert.True(kpis["heat-wave-managed-ev"][EnergyRunner.PeakImport] < kpis["heat-wave-ev"][EnergyRunner.PeakImport]);
        Assert.True(kpis["heat-wave-ev"][EnergyRunner.EvEnergy] > kpis["baseline"][EnergyRunner.EvEnergy]);
        Assert.Contains("0 from meter history", grid.Notes[0]);
    }
}
