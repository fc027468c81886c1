using CityMesh.Compute;
using CityMesh.Contracts.Geo;
using CityMesh.Scenarios.Baselines;
using CityMesh.Scenarios.Loading;
using CityMesh.Scenarios.Model;
using CityMesh.Scenarios.Reporting;
using CityMesh.Scenarios.Running;
using CityMesh.Scenarios.Tests.Running;
using CityMesh.Scenarios.Validation;

namespace CityMesh.Scenarios.Tests.Epidemic;

/// <summary>
/// An outbreak in a population drawn from a city's twin (its buildings and hospitals as read for the run): each
/// hospital's load against its free beds, in the KPIs, the files and the report; and the Jinan example.
/// </summary>
public sealed class TwinOutbreakTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"citymesh-twin-outbreak-{Guid.NewGuid():N}");
    private static readonly TwinScenario Jinan = ScenarioDocument.Load(RepositoryFiles.Example("outbreak-jinan-schools.yaml"));

    public TwinOutbreakTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>
    /// A town of two districts 3 km apart, each with homes, a school, offices and a hospital: 24,000 residents at
    /// 40 m² each, a small hospital in the west and a large one in the east.
    /// </summary>
    private static TwinCity Town()
    {
        var plane = new LocalTangentPlane(36.66, 117.0);
        var buildings = new List<TwinBuilding>();
        foreach (var (district, x) in new[] { ("w", 0.0), ("e", 3000.0) })
        {
            for (int k = 0; k < 20; k++)
                buildings.Add(new TwinBuilding($"urn:ngsi-ld:Building:town:{district}{k}", plane.ToWgs84(x + 40 * (k % 5), 40 * (k / 5)), "residential", 24_000));
            buildings.Add(new TwinBuilding($"urn:ngsi-ld:Building:town:{district}-school", plane.ToWgs84(x + 100, 300), "school", 6000));
            buildings.Add(new TwinBuilding($"urn:ngsi-ld:Building:town:{district}-office", plane.ToWgs84(x + 200, 300), "office", 30_000));
        }
        return new TwinCity(new Uri("http://twin.test:8081"), "town", buildings,
        [
            new TwinHospital("urn:ngsi-ld:Hospital:town:h1", "West Hospital", plane.ToWgs84(0, 500), 60, 6, 4),
            new TwinHospital("urn:ngsi-ld:Hospital:town:h2", "East Hospital", plane.ToWgs84(3000, 500), 400, 40, 20),
        ]);
    }

    private static TwinScenario OnTheTwin => Jinan with
    {
        Spec = Jinan.Spec with { City = "town", Epidemic = Jinan.Spec.Epidemic! with { Twin = new TwinPopulationSpec { FloorAreaPerResident = 40 }, Days = 200 }, Ensemble = 2 },
    };

    [Fact]
    public void The_jinan_example_validates_and_reads_its_population_from_the_twin()
    {
        Assert.Empty(ScenarioValidator.Validate(Jinan));
        Assert.NotNull(Jinan.Spec.Epidemic!.Twin);
        Assert.Null(Jinan.Spec.Epidemic.Population);
        Assert.Equal(["schools-closed"], Jinan.Spec.Interventions.Select(i => i.Name));
    }

    [Fact]
    public void Each_hospital_carries_its_catchments_patients_against_its_free_beds()
    {
        var result = ScenarioRunner.Run(OnTheTwin, new ScenarioRunOptions(Path.Combine(_directory, "results"), new InputFiles(_directory, _directory),
            Compute: ComputeSelector.Select(ComputeBackendKind.Managed), City: Town()));

        // 40 homes of 24,000 m² at 40 m² a resident, split evenly between the two catchments (but for the few of the
        // household that straddles them: a household lives where its first member does).
        var hospitals = HospitalLoads.ReadSummary(result.ResultsDirectory);
        Assert.Equal(["West Hospital", "East Hospital"], hospitals.Select(h => h.Name));
        Assert.Equal(24_000, hospitals.Sum(h => h.Catchment));
        Assert.All(hospitals, h => Assert.InRange(h.Catchment, 11_995, 12_005));
        // Free beds: 15 % of ward (general and paediatric) and ICU beds, rounded down.
        Assert.Equal((64, 9, 0), (hospitals[0].WardBeds, hospitals[0].FreeWardBeds, hospitals[0].FreeIcuBeds));
        Assert.Equal((420, 63, 6), (hospitals[1].WardBeds, hospitals[1].FreeWardBeds, hospitals[1].FreeIcuBeds));

        // The same catchments fall ill alike, so the small hospital is over capacity at least as long as the large one,
        // and the city's KPIs agree with the hospitals' own figures.
        var baseline = hospitals.Select(h => h.Variants["baseline"]).ToList();
        Assert.True(baseline[0][HospitalLoads.DaysOverCapacity].Mean >= baseline[1][HospitalLoads.DaysOverCapacity].Mean);
        Assert.True(baseline[0][HospitalLoads.DaysOverCapacity].Mean > 0);
        var kpis = result.Kpis.Baseline;
        Assert.Equal(2, kpis[HospitalLoads.HospitalsOverCapacity]);
        Assert.InRange(kpis[HospitalLoads.DaysOverCapacity], baseline.Max(b => b[HospitalLoads.DaysOverCapacity].Mean) - 1e-9, 200);
        Assert.True(kpis[HospitalLoads.PeakBedShortfall] > 0);

        // Each run's hospital curves add up to the city's wards and ICU, day by day.
        var curve = File.ReadAllLines(Path.Combine(result.ResultsDirectory, "0", "baseline", "curve.csv")).Skip(1)
            .Select(l => l.Split(',')).ToDictionary(f => f[0], f => (Ward: int.Parse(f[5]), Icu: int.Parse(f[6])));
        var perHospital = File.ReadAllLines(Path.Combine(result.ResultsDirectory, "0", "baseline", HospitalLoads.CsvName)).Skip(1)
            .Select(l => l.Split(',')).GroupBy(f => f[0]).ToDictionary(g => g.Key, g => (Ward: g.Sum(f => int.Parse(f[2])), Icu: g.Sum(f => int.Parse(f[3]))));
        Assert.Equal(curve.Count, perHospital.Count);
        foreach (var (day, city) in curve) Assert.Equal(city, perHospital[day]);
        Assert.Contains(curve.Values, c => c.Ward > 0);

        var html = ScenarioReport.Html(OnTheTwin, result);
        Assert.Contains("<h2>Hospitals</h2>", html, StringComparison.Ordinal);
        Assert.Contains("West Hospital: ward patients, member 0", html, StringComparison.Ordinal);
        Assert.Contains("East Hospital: ICU patients, member 0", html, StringComparison.Ordinal);
        Assert.Contains("Population: 24,000 residents", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<td>attackRateLow", html, StringComparison.Ordinal); // bands sit beside their KPI
    }

    [Fact]
    public void A_twin_population_without_a_twin_read_is_refused_saying_how_to_give_one()
    {
        var e = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(OnTheTwin,
            new ScenarioRunOptions(Path.Combine(_directory, "results"), new InputFiles(_directory, _directory), Compute: ComputeSelector.Select(ComputeBackendKind.Managed))));
        Assert.Equal(TwinCity.Field, e.Field);
        Assert.Contains("--twin", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_twin_without_homes_is_refused_naming_the_field()
    {
        var town = Town();
        var offices = town with { Buildings = town.Buildings.Where(b => b.Usage != "residential").ToList() };
        var e = Assert.Throws<ScenarioInputException>(() => ScenarioRunner.Run(OnTheTwin,
            new ScenarioRunOptions(Path.Combine(_directory, "results"), new InputFiles(_directory, _directory), Compute: ComputeSelector.Select(ComputeBackendKind.Managed), City: offices)));
        Assert.Equal(TwinCity.Field, e.Field);
        Assert.Contains("no residents", e.Message, StringComparison.Ordinal);
    }
}
