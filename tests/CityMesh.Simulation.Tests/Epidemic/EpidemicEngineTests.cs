using CityMesh.Simulation.Epidemic;
using CityMesh.Simulation.Tests.EngineGpu;

namespace CityMesh.Simulation.Tests.Epidemic;

public sealed class EpidemicEngineTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly EpidemicOptions Options = new() { LatentDays = 2, InfectiousDays = 4, Days = 120, InitialInfections = 20, Seed = 11 };

    [Fact]
    public void The_ILGPU_kernel_on_the_CPU_accelerator_agrees_with_the_managed_path_agent_for_agent()
    {
        // Small: ILGPU's CPU accelerator runs some thousand times slower than the managed path.
        var population = SyntheticPopulation.Create(4_000, new SyntheticPopulationOptions { CommunitySize = 500 }, seed: 5);
        // Hospital stays, a school closure for a month and a vaccination campaign: every kernel and every rule.
        var options = Options with
        {
            Days = 60,
            Interventions =
            [
                new Intervention(InterventionKind.SchoolClosure, 15, 40),
                new Intervention(InterventionKind.Vaccination, 20) { Share = 0.5, AgeBands = [6, 7, 8] },
            ],
        };
        using var managed = new EpidemicSimulation(population, options);
        using var ilgpu = new EpidemicSimulation(population, options, CpuAccelerator.Device);
        var ours = managed.Run();
        var theirs = ilgpu.Run();

        Assert.StartsWith("ilgpu-cpu: ", theirs.Backend, StringComparison.Ordinal);
        Assert.Equal(ours.Curve, theirs.Curve);
        Assert.Equal(managed.States(), ilgpu.States());
        Assert.Equal(managed.InfectiousPerGroup(), ilgpu.InfectiousPerGroup());
        // The case holds: an epidemic took off through the four layers, filled wards and killed, and the campaign ran.
        Assert.InRange(ours.AttackRate, 0.2, 0.99);
        Assert.True(ours.PeakHospitalised > 0 && ours.PeakCritical > 0 && ours.Deaths > 0, $"{ours.PeakHospitalised} {ours.PeakCritical} {ours.Deaths}");
        Assert.InRange(ours.Vaccinated, 20, population.Count);
    }

    [Fact]
    public void The_same_seed_gives_the_same_epidemic_and_another_seed_another()
    {
        var population = SyntheticPopulation.Create(20_000, new SyntheticPopulationOptions(), seed: 5);
        using var a = new EpidemicSimulation(population, Options);
        using var b = new EpidemicSimulation(population, Options);
        using var c = new EpidemicSimulation(population, Options with { Seed = 12 });
        Assert.Equal(a.Run().Curve, b.Run().Curve);
        Assert.NotEqual(a.Result.Curve, c.Run().Curve);
    }

    [Fact]
    public void Counts_always_add_up_to_the_population_and_group_counts_to_the_infectious()
    {
        var population = SyntheticPopulation.Create(20_000, new SyntheticPopulationOptions(), seed: 6);
        using var sim = new EpidemicSimulation(population, Options);
        while (!sim.IsFinished)
        {
            sim.Step();
            var p = sim.Current;
            Assert.Equal(population.Count, p.Susceptible + p.Exposed + p.Infectious + p.Recovered + p.Hospitalised + p.Critical + p.Dead);
        }
        var states = sim.States();
        Assert.Equal(sim.Current.Infectious, states.Count(s => s == HealthState.Infectious));
        var perGroup = sim.InfectiousPerGroup();
        for (int l = 0; l < population.Layers.Count; l++)
        {
            var layer = population.Layers[l];
            int inLayer = Enumerable.Range(0, population.Count).Count(i => states[i] == HealthState.Infectious && layer.GroupOf[i] >= 0);
            Assert.Equal(inLayer, perGroup.Skip(population.GroupStart[l]).Take(layer.GroupCount).Sum());
        }
    }

    [Fact]
    public void Closing_schools_and_sending_workers_home_shrink_the_epidemic()
    {
        var population = SyntheticPopulation.Create(50_000, new SyntheticPopulationOptions(), seed: 7);
        using var none = new EpidemicSimulation(population, Options);
        using var closed = new EpidemicSimulation(population, Options with
        {
            Interventions = [new Intervention(InterventionKind.SchoolClosure, 0), new Intervention(InterventionKind.WorkFromHome, 0) { Share = 0.5 }],
        });
        var a = none.Run();
        var b = closed.Run();
        output.WriteLine($"attack rate {a.AttackRate:P1} → {b.AttackRate:P1}, peak infectious {a.PeakInfectious:N0} → {b.PeakInfectious:N0}, " +
                         $"peak in wards {a.PeakHospitalised:N0} → {b.PeakHospitalised:N0}, deaths {a.Deaths:N0} → {b.Deaths:N0}");
        Assert.True(b.AttackRate < a.AttackRate - 0.1, $"attack rate {a.AttackRate:P1} without, {b.AttackRate:P1} with");
        Assert.True(b.PeakInfectious < a.PeakInfectious, $"peak {a.PeakInfectious} without, {b.PeakInfectious} with");
    }

    [Fact]
    public void Vaccinating_everyone_with_a_perfect_vaccine_on_day_zero_stops_the_epidemic_at_its_first_cases()
    {
        var population = SyntheticPopulation.Create(20_000, new SyntheticPopulationOptions(), seed: 8);
        using var sim = new EpidemicSimulation(population, Options with
        {
            Interventions = [new Intervention(InterventionKind.Vaccination, 0) { Share = 1, Efficacy = 1 }],
        });
        var result = sim.Run();
        Assert.Equal(population.Count - Options.InitialInfections, result.Vaccinated);
        Assert.Equal((double)Options.InitialInfections / population.Count, result.AttackRate, 10);
    }

    [Fact]
    public void The_old_are_admitted_and_die_far_more_often_than_the_young()
    {
        var population = SyntheticPopulation.Create(100_000, new SyntheticPopulationOptions(), seed: 9);
        using var sim = new EpidemicSimulation(population, Options with { Days = 365 });
        var result = sim.Run();
        var states = sim.States();
        double DeathRate(Func<int, bool> band)
        {
            var agents = Enumerable.Range(0, population.Count).Where(i => band(population.AgeBand[i]) && states[i] != HealthState.Susceptible).ToList();
            return agents.Count(i => states[i] == HealthState.Dead) / (double)agents.Count;
        }
        double young = DeathRate(b => b <= 3), old = DeathRate(b => b >= 7);
        output.WriteLine($"attack rate {result.AttackRate:P1}; deaths per infection {young:P3} under 40, {old:P2} at 70 and over; " +
                         $"peak in wards {result.PeakHospitalised:N0}, in ICU {result.PeakCritical:N0}, deaths {result.Deaths:N0}");
        Assert.True(old > 20 * Math.Max(young, 1e-4), $"deaths per infection: {young:P2} under 40, {old:P2} over 70");
        // The default severity's infection fatality for 80+ is 0.273 × 0.709 × 0.5 ≈ 9.7 %.
        Assert.InRange(old, 0.04, 0.12);
        Assert.Equal(result.Deaths, states.Count(s => s == HealthState.Dead));
    }

    [Fact]
    public void A_synthetic_population_has_its_households_schools_workplaces_and_communities()
    {
        var options = new SyntheticPopulationOptions();
        var population = SyntheticPopulation.Create(100_000, options, seed: 1);
        Assert.Equal([ContactLayer.Household, ContactLayer.School, ContactLayer.Work, ContactLayer.Community], population.Layers.Select(l => l.Name));
        var household = population.Layers[0];
        // Every household has an adult, and the mean size follows the size shares (2.2 for the defaults).
        var firstOfHousehold = Enumerable.Range(0, population.Count).Where(i => i == 0 || household.GroupOf[i] != household.GroupOf[i - 1]);
        Assert.All(firstOfHousehold, i => Assert.True(population.AgeBand[i] >= 2));
        Assert.InRange((double)population.Count / household.GroupCount, 2.1, 2.3);
        // Only children at school, only working ages at work; group sizes near the settings.
        var school = population.Layers[1];
        Assert.All(Enumerable.Range(0, population.Count).Where(i => school.GroupOf[i] >= 0), i => Assert.True(population.AgeBand[i] <= 1));
        Assert.InRange(school.GroupOf.Count(g => g >= 0) / (double)school.GroupCount, options.SchoolSize * 0.8, options.SchoolSize * 1.2);
        var work = population.Layers[2];
        Assert.All(Enumerable.Range(0, population.Count).Where(i => work.GroupOf[i] >= 0), i => Assert.InRange(population.AgeBand[i], 2, 6));
        Assert.InRange(work.GroupOf.Count(g => g >= 0) / (double)work.GroupCount, options.WorkplaceSize * 0.8, options.WorkplaceSize * 1.2);
    }

    [Fact]
    public void Bad_options_are_refused_naming_each()
    {
        var population = SyntheticPopulation.WellMixed(100, 0.5);
        var error = Assert.Throws<ArgumentException>(() => new EpidemicSimulation(population,
            new EpidemicOptions { LatentDays = -1, InfectiousDays = 0, StepDays = 8, Days = 0, InitialInfections = 101 }));
        foreach (var name in new[] { "latentDays", "infectiousDays", "stepDays", "days", "initialInfections" })
            Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Population(new byte[3], [new ContactLayer("x", 0.1, 1, new int[2])]));
        Assert.Throws<ArgumentException>(() => new Population(new byte[2], [new ContactLayer("x", 0.1, 1, [0, 1])]));
        Assert.Throws<ArgumentException>(() => new Population(new byte[2], [new ContactLayer("x", double.NaN, 1, [0, 0])]));
        var severity = Assert.Throws<ArgumentException>(() => new EpidemicSimulation(population, new EpidemicOptions
        {
            Severity = new Severity { Admitted = [0.1, 0.2], Dying = Enumerable.Repeat(1.5, Severity.Bands).ToList() },
            Interventions = [new Intervention(InterventionKind.ContactReduction, 5, 3) { Layer = "choir", Share = 2 }],
        }));
        foreach (var name in new[] { "severity.admitted", "severity.dying", "interventions[0].untilDay", "interventions[0].share", "interventions[0].layer" })
            Assert.Contains(name, severity.Message, StringComparison.Ordinal);
    }
}
