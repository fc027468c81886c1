using CityMesh.Compute;
using CityMesh.Simulation.Tests.Engine;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Generation;

namespace CityMesh.Simulation.Tests.EngineGpu;

/// <summary>The same seed gives the same results on the same backend, and another seed other results (so the seed is used).</summary>
public sealed class DeterminismTests
{
    [Theory]
    [InlineData("managed")]
    [InlineData("ilgpu-cpu")]
    public void The_same_seed_gives_the_same_results_and_another_seed_others(string backend)
    {
        var network = GridNetworkGenerator.Build(3, lanes: 2);
        var demand = GridDemandGenerator.Build(network, 300, 200, maxBlocks: 3, seed: 4);
        TrafficResults Run(ulong seed) =>
            TrafficBackends.CreateSimulation(network, demand, new TrafficSimulationOptions { Seed = seed, EndTime = 300 }, ComputeSelector.Select(backend)).Run();

        var first = Run(11);
        var again = Run(11);
        var other = Run(12);

        Assert.True(first.Summary.Arrived > 50, $"{first.Summary.Arrived} arrived");
        Assert.Equal(first.Trips, again.Trips);
        Assert.Equal(first.Lanes, again.Lanes);
        Assert.Equal(first.Intersections, again.Intersections);
        Assert.NotEqual(first.Trips, other.Trips);
    }
}
