using CityMesh.Limits;
using CityMesh.Simulation.Tests.Import;
using CityMesh.Simulation.Traffic.Import;

namespace CityMesh.Simulation.Tests.Abuse;

/// <summary>The run as a whole: its planned memory and a generated grid's options, refused before anything big is allocated.</summary>
public sealed class RunLimitTests
{
    [Fact]
    public void A_run_over_the_memory_limit_is_refused_naming_both_numbers_and_the_setting()
    {
        var limits = InputLimits.Default with { RunMemoryBytes = 1 << 20 };
        var e = Assert.Throws<TrafficImportException>(() => TrafficInputs.FromCityFlow(TrafficTestData.JinanRoadnet, TrafficTestData.JinanFlow, limits));
        Assert.Equal(TrafficTestData.JinanFlow, e.File);
        Assert.Matches(@"the run would need about [\d.,]+ MiB \(6,295 vehicles, 186 lanes with [\d,]+ vehicle places, [\d,]+ connections\), " +
                       @"more than the 1\.0 MiB a run may use \(CityMesh:Limits:RunMemoryBytes = 1,048,576 bytes\)", e.Message);
    }

    [Fact]
    public void The_same_run_fits_the_default_limit()
    {
        var inputs = TrafficInputs.FromCityFlow(TrafficTestData.JinanRoadnet, TrafficTestData.JinanFlow);
        var footprint = RunFootprint.Of(inputs.Network, inputs.Demand);
        Assert.Equal(6295, footprint.Vehicles);
        Assert.InRange(footprint.Bytes, 1 << 20, InputLimits.Default.RunMemoryBytes);
    }

    [Fact]
    public void A_grid_too_big_to_hold_is_refused_before_it_is_built()
    {
        var e = Assert.Throws<TrafficImportException>(() => TrafficInputs.Grid(5000, 1000, 3600, seed: 1));
        Assert.Contains("generated 5000×5000 grid, 1,000 trips over 3,600 s: the run would need about", e.Message);
        Assert.Contains("(CityMesh:Limits:RunMemoryBytes = 8,589,934,592 bytes)", e.Message);
    }

    [Theory]
    [InlineData(20_000, 10, "a grid has 2 to 10,000 junctions a side, not 20,000")]
    [InlineData(10, 10_000_000, "10,000,000 trips: a grid needs at least 1 and at most the 5,000,000 vehicles a simulation may have (CityMesh:Limits:VehiclesPerSimulation)")]
    public void Grid_options_that_would_overflow_or_exceed_the_limits_are_refused(int number, int trips, string message)
    {
        var e = Assert.Throws<TrafficImportException>(() => TrafficInputs.Grid(number, trips, 3600, seed: 1));
        Assert.Contains(message, e.Message);
    }
}
