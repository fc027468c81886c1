using System.Diagnostics;
using CityMesh.Simulation.Tests.Engine;
using CityMesh.Simulation.Tests.Import;
using CityMesh.Simulation.Traffic.Engine;
using CityMesh.Simulation.Traffic.Generation;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Simulation.Traffic.Model;
using Xunit.Abstractions;

namespace CityMesh.Simulation.Tests.EngineGpu;

/// <summary>
/// The ILGPU traffic kernels on ILGPU's CPU accelerator against the managed oracle: the same vehicles in the same places
/// at the same speeds after every step, bit for bit, and the same trip, lane, edge and intersection results, on
/// scenarios that load signals, minor links, max pressure and lane changes (up to ~800 vehicles; a few seconds each).
/// </summary>
public sealed class AgreementTests(ITestOutputHelper output)
{
    private static readonly (double, string)[] TwoPhases =
    [
        (30, "GGgrrrGGgrrr"), (3, "yyyrrryyyrrr"), (30, "rrrGGgrrrGGg"), (3, "rrryyyrrryyy"),
    ];

    [Fact]
    public void A_signalised_crossing_agrees_bit_for_bit()
    {
        var network = TestNetworks.Crossing(250, TwoPhases);
        AssertAgree(network, TestDemand.RandomWalks(network, 400, 600, seed: 3), new TrafficSimulationOptions { Seed = 5 }, 900);
    }

    [Fact]
    public void A_priority_crossing_with_yielding_minor_roads_agrees_bit_for_bit()
    {
        var network = TestNetworks.Crossing(200);
        AssertAgree(network, TestDemand.RandomWalks(network, 300, 500, seed: 8), new TrafficSimulationOptions { Seed = 6 }, 800);
    }

    [Theory]
    [InlineData(JunctionKind.AllWayStop)]
    [InlineData(JunctionKind.PriorityStop)]
    public void A_crossing_with_stop_lines_agrees_bit_for_bit(JunctionKind kind)
    {
        var crossing = TestNetworks.Crossing(200);
        var network = crossing with { Junctions = [.. crossing.Junctions.Select(j => j.Kind == JunctionKind.Priority ? j with { Kind = kind } : j)] };
        Assert.Contains(network.Junctions, j => j.Kind == kind);
        AssertAgree(network, TestDemand.RandomWalks(network, 300, 500, seed: 8), new TrafficSimulationOptions { Seed = 6 }, 800);
    }

    /// <summary>Unregulated: every link passes, merges collide and the one behind is teleported (host side), on both backends alike.</summary>
    [Fact]
    public void An_unregulated_crossing_where_merges_collide_agrees_bit_for_bit()
    {
        var crossing = TestNetworks.Crossing(200);
        var network = crossing with { Junctions = [.. crossing.Junctions.Select(j => j.Kind == JunctionKind.Priority ? j with { Kind = JunctionKind.Unregulated } : j)] };
        var summary = AssertAgree(network, TestDemand.RandomWalks(network, 400, 300, seed: 4), new TrafficSimulationOptions { Seed = 6 }, 700);
        Assert.True(summary.TeleportsCollision > 0, "merges should have collided");
    }

    [Fact]
    public void A_generated_grid_under_max_pressure_agrees_bit_for_bit()
    {
        var network = GridNetworkGenerator.Build(6, lanes: 2);
        var demand = GridDemandGenerator.Build(network, 1500, 400, maxBlocks: 4, seed: 12);
        AssertAgree(network, demand, new TrafficSimulationOptions { Seed = 7, Controller = SignalControl.MaxPressure }, 700);
    }

    [Fact]
    public void Jinan_from_CityFlow_agrees_bit_for_bit()
    {
        var network = CityFlowNetworkReader.Read(TrafficTestData.JinanRoadnet);
        var demand = CityFlowFlowReader.Read(TrafficTestData.JinanFlow, network);
        AssertAgree(network, demand, new TrafficSimulationOptions { Seed = 42 }, 900);
    }

    /// <returns>The managed run's summary, for what a test also wants to see happened.</returns>
    private SimulationSummary AssertAgree(TrafficNetwork network, TrafficDemand demand, TrafficSimulationOptions options, int steps)
    {
        var clock = Stopwatch.StartNew();
        using var pair = new SideBySide(network, demand, options, CpuAccelerator.Device);
        int busiest = pair.Run(steps);
        var managed = pair.Managed.Results;
        var ilgpu = pair.Ilgpu.Results;

        Assert.True(busiest > 20, $"the scenario should load the road ({busiest} vehicles at most)");
        Assert.True(managed.Summary.Arrived > 0, "some trips should arrive");
        Assert.Equal(managed.Trips, ilgpu.Trips);
        Assert.Equal(managed.Lanes, ilgpu.Lanes);
        Assert.Equal(managed.Edges, ilgpu.Edges);
        Assert.Equal(managed.Intersections, ilgpu.Intersections);
        Assert.Equal(Comparable(managed.Summary), Comparable(ilgpu.Summary));
        Assert.StartsWith("ilgpu-cpu: ", ilgpu.Summary.Backend, StringComparison.Ordinal);
        output.WriteLine($"{pair.Managed.Steps} steps, up to {busiest} vehicles, {managed.Summary.Arrived} arrived, {clock.Elapsed.TotalSeconds:F1} s; bus: {pair.Bus}");
        return managed.Summary;
    }

    /// <summary>The summary without what legitimately differs: wall time, throughput and the backend's name.</summary>
    private static SimulationSummary Comparable(SimulationSummary s) =>
        s with { WallTimeSeconds = 0, VehicleUpdatesPerSecond = 0, Backend = "" };
}
