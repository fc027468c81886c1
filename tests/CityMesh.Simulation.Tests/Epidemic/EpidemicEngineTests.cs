using CityMesh.Simulation.Epidemic;
using CityMesh.Simulation.Tests.EngineGpu;

namespace CityMesh.Simulation.Tests.Epidemic;

public sealed class EpidemicEngineTests
{
    private static readonly EpidemicOptions Options = new() { LatentDays = 2, InfectiousDays = 4, Days = 90, InitialInfections = 20, Seed = 11 };

    [Fact]
    public void The_ILGPU_kernel_on_the_CPU_accelerator_agrees_with_the_managed_path_agent_for_agent()
    {
        var population = SyntheticPopulation.Create(20_000, new SyntheticPopulationOptions(), seed: 5);
        using var managed = new EpidemicSimulation(population, Options);
        using var ilgpu = new EpidemicSimulation(population, Options, CpuAccelerator.Device);
        var ours = managed.Run();
        var theirs = ilgpu.Run();

        Assert.StartsWith("ilgpu-cpu: ", theirs.Backend, StringComparison.Ordinal);
        Assert.Equal(ours.Curve, theirs.Curve);
        Assert.Equal(managed.States(), ilgpu.States());
        Assert.Equal(managed.InfectiousPerGroup(), ilgpu.InfectiousPerGroup());
        // The case holds: an epidemic took off through the four layers.
        Assert.InRange(ours.AttackRate, 0.2, 0.99);
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
            Assert.Equal(population.Count, p.Susceptible + p.Exposed + p.Infectious + p.Recovered);
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
    }
}
