using CityMesh.Simulation.Epidemic;
using CityMesh.Simulation.Tests.EngineGpu;

namespace CityMesh.Simulation.Tests.Epidemic;

/// <summary>A population drawn from a city's buildings, and each hospital's wards and ICU counted by the engine on every backend.</summary>
public sealed class CityPopulationTests
{
    /// <summary>
    /// Two districts 4 km apart. The west: 10 homes of 3,500 m² (1,000 residents at 35 m²), a school, an office of
    /// 3,000 m² (200 jobs at 15 m²). The east: 20 homes, a school, an office three times the west's, and a warehouse
    /// with no jobs. A hospital in each.
    /// </summary>
    private static readonly CityBuilding[] Buildings =
    [
        .. Enumerable.Range(0, 10).Select(k => new CityBuilding(30 * k, 0, "residential", 3500)),
        new CityBuilding(100, 200, "school", 4000),
        new CityBuilding(200, 200, "office", 3000),
        .. Enumerable.Range(0, 20).Select(k => new CityBuilding(4000 + 30 * (k % 10), 30 * (k / 10), "residential", 3500)),
        new CityBuilding(4100, 200, "school", 4000),
        new CityBuilding(4200, 200, "office", 9000),
        new CityBuilding(4300, 200, "warehouse", 50_000),
    ];

    private static readonly (double X, double Y)[] Hospitals = [(0, 400), (4000, 400)];

    [Fact]
    public void Residents_live_in_homes_by_floor_area_and_go_to_the_school_and_hospital_nearest_home()
    {
        var (population, summary) = CityPopulation.Create(Buildings, Hospitals, new CityPopulationOptions(), seed: 3);

        Assert.Equal(3000, population.Count);
        Assert.Equal((3000, 30, 2, 2), (summary.Residents, summary.Homes, summary.Schools, population.Hospitals));
        // Residents are consecutive by home: the first 1,000 live in the west and are admitted there. A household lives
        // where its first member's place is, so the one that straddles the districts moves its few others west.
        Assert.InRange(summary.CatchmentResidents[0], 1000, 1005);
        Assert.Equal(3000, summary.CatchmentResidents.Sum());
        Assert.All(population.HospitalOf![..1000], h => Assert.Equal(0, h));
        Assert.All(population.HospitalOf[1006..], h => Assert.Equal(1, h));
        var school = population.Layers.Single(l => l.Name == ContactLayer.School);
        Assert.All(school.GroupOf[..1000], g => Assert.True(g is -1 or 0, $"a western pupil at school {g}"));
        Assert.All(school.GroupOf[1006..], g => Assert.True(g is -1 or 1, $"an eastern pupil at school {g}"));
        Assert.Equal(summary.Pupils, school.GroupOf.Count(g => g >= 0));
        // Everyone is in a household of one home; children go to school, adults to work.
        var household = population.Layers.Single(l => l.Name == ContactLayer.Household);
        Assert.Equal(summary.Households, household.GroupCount);
        Assert.All(Enumerable.Range(0, 3000).Where(i => school.GroupOf[i] >= 0), i => Assert.InRange(population.AgeBand[i], 0, 1));
        // The homes of two districts 4 km apart share no neighbourhood.
        var community = population.Layers.Single(l => l.Name == ContactLayer.Community);
        Assert.Empty(community.GroupOf[..1000].Intersect(community.GroupOf[1006..]));
    }

    [Fact]
    public void Workers_go_to_workplaces_in_proportion_to_their_jobs_in_teams()
    {
        var (population, summary) = CityPopulation.Create(Buildings, Hospitals, new CityPopulationOptions(), seed: 3);
        var work = population.Layers.Single(l => l.Name == ContactLayer.Work);
        // Teams of 20, in the order of the buildings: each school's 67 staff (60 m² a job) make 3 (teams 0–2 and 13–15),
        // the west office's 200 jobs 10 (3–12), the east's 600 30 (16–45); the warehouse has no jobs.
        Assert.Equal(46, work.GroupCount);
        Assert.Equal(summary.Workplaces, work.GroupCount);
        int west = work.GroupOf.Count(g => g is >= 3 and <= 12), east = work.GroupOf.Count(g => g >= 16);
        Assert.Equal(summary.Workers, work.GroupOf.Count(g => g >= 0));
        // Three times the jobs, three times the workers: within 20 % for some 1,300 office workers (binomial sd about 6 %).
        Assert.InRange((double)east / west, 3 * 0.8, 3 * 1.2);
        Assert.All(Enumerable.Range(0, 3000).Where(i => work.GroupOf[i] >= 0), i => Assert.InRange(population.AgeBand[i], 2, 6));
    }

    [Fact]
    public void A_city_without_homes_or_with_bad_options_is_refused_naming_why()
    {
        var offices = Buildings.Where(b => b.Usage != CityPopulation.Residential).ToArray();
        Assert.Contains("no residents", Assert.Throws<ArgumentException>(() => CityPopulation.Create(offices, Hospitals, new CityPopulationOptions(), 1)).Message);
        var bad = new CityPopulationOptions { FloorAreaPerResident = 0, NeighbourhoodMetres = double.NaN };
        var message = Assert.Throws<ArgumentException>(() => CityPopulation.Create(Buildings, Hospitals, bad, 1)).Message;
        Assert.Contains("floorAreaPerResident", message);
        Assert.Contains("neighbourhoodMetres", message);
    }

    [Fact]
    public void Each_hospitals_wards_and_icu_add_up_to_the_city_and_agree_on_the_ILGPU_kernel()
    {
        // Small: ILGPU's CPU accelerator runs some thousand times slower than the managed path.
        var (population, _) = CityPopulation.Create(Buildings, Hospitals, new CityPopulationOptions(), seed: 3);
        var options = new EpidemicOptions { Days = 80, Seed = 11, InitialInfections = 10, Severity = new Severity { Admitted = [.. Enumerable.Repeat(0.2, Severity.Bands)] } };
        using var managed = new EpidemicSimulation(population, options);
        using var ilgpu = new EpidemicSimulation(population, options, CpuAccelerator.Device);
        var ours = managed.Run();
        var theirs = ilgpu.Run();

        Assert.Equal(ours.Curve, theirs.Curve);
        Assert.Equal(ours.HospitalLoads, theirs.HospitalLoads);
        Assert.Equal(ours.Curve.Count, ours.HospitalLoads.Count);
        for (int t = 0; t < ours.Curve.Count; t++)
        {
            Assert.Equal(ours.Curve[t].Hospitalised, ours.HospitalLoads[t][0] + ours.HospitalLoads[t][2]);
            Assert.Equal(ours.Curve[t].Critical, ours.HospitalLoads[t][1] + ours.HospitalLoads[t][3]);
        }
        Assert.True(ours.PeakHospitalised > 0, "no one was admitted");
        // At the end each hospital holds exactly its own catchment's patients.
        var states = managed.States();
        for (int h = 0; h < 2; h++)
        {
            Assert.Equal(ours.HospitalLoads[^1][2 * h], Enumerable.Range(0, population.Count).Count(i => population.HospitalOf![i] == h && states[i] == HealthState.Hospitalised));
            Assert.Equal(ours.HospitalLoads[^1][2 * h + 1], Enumerable.Range(0, population.Count).Count(i => population.HospitalOf![i] == h && states[i] == HealthState.Critical));
        }
    }
}
