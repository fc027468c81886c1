using CityMesh.Simulation.Flood;
using CityMesh.Simulation.Tests.EngineGpu;

namespace CityMesh.Simulation.Tests.Flood;

public sealed class FloodEngineTests
{
    [Theory]
    [InlineData(FloodEdges.Closed)]
    [InlineData(FloodEdges.Open)]
    public void The_ILGPU_kernels_on_the_CPU_accelerator_agree_with_the_managed_path_bit_for_bit(FloodEdges edges)
    {
        // Small: ILGPU's CPU accelerator runs some thousand times slower than the managed path. Every rule is in it:
        // bump, step, buildings, wet/dry fronts, friction, rain on a mask, an inflow and a pump sharing a cell with
        // another pump, the edges.
        var grid = FloodCases.Bumpy(24, 16);
        var depth = FloodCases.Lake(grid, 0.8);
        for (int i = 0; i < grid.Count; i++)
            if (i % 24 < 6 && !grid.IsBlocked(i)) depth[i] += 1.0;
        var options = new FloodOptions
        {
            Seconds = 20,
            Edges = edges,
            Inflows = [new PointInflow("main", 20, 3, new TimeSeries([0, 10], [2, 0]))],
            Pumps = [new Pump("a", 3, 12, TimeSeries.Constant(0.5)), new Pump("b", 3, 12, TimeSeries.Constant(0.5))],
            Rain = new Rainfall(TimeSeries.Constant(80)) { Mask = Enumerable.Range(0, grid.Count).Select(i => i / 24 > 8).ToArray() },
            Gauges = [new Gauge("g", 12, 8)],
            GaugeSeconds = 2,
        };
        using var managed = new FloodSimulation(grid, options, depth);
        using var ilgpu = new FloodSimulation(grid, options, depth, CpuAccelerator.Device);
        var ours = managed.Run();
        var theirs = ilgpu.Run();

        Assert.StartsWith("ilgpu-cpu: ", theirs.Backend, StringComparison.Ordinal);
        Assert.True(ours.Steps > 50, $"{ours.Steps} steps");
        Assert.Equal(ours.Steps, theirs.Steps);
        var (h, hu, hv) = managed.Cells();
        var (h2, hu2, hv2) = ilgpu.Cells();
        Assert.Equal(h, h2);
        Assert.Equal(hu, hu2);
        Assert.Equal(hv, hv2);
        Assert.Equal(ours.MaxDepth, theirs.MaxDepth);
        Assert.Equal(ours.MaxSpeed, theirs.MaxSpeed);
        Assert.Equal(ours.ArrivalSeconds, theirs.ArrivalSeconds);
        Assert.Equal(ours.Balance, theirs.Balance);
        Assert.Equal(ours.Gauges[0].Depths, theirs.Gauges[0].Depths);
        // The case holds: water moved, the pumps ran and, with open edges, some left.
        Assert.True(ours.Balance.Pumped > 0 && ours.Balance.Inflow > 0 && ours.Balance.Rain > 0);
        Assert.True(edges == FloodEdges.Closed ? ours.Balance.Outflow == 0 : ours.Balance.Outflow != 0, $"{ours.Balance.Outflow}");
        Assert.Contains(hu, q => Math.Abs(q) > 0.01);
    }

    public static TheoryData<string, Func<FloodGrid, FloodGrid>, Func<FloodOptions, FloodOptions>, double[]?> BadInputs() => new()
    {
        { "manning[7]", g => g with { Manning = g.Manning.Select((n, i) => i == 7 ? -0.01 : n).ToArray() }, o => o, null },
        { "bed must have", g => g with { Bed = new double[g.Count - 1] }, o => o, null },
        { "bed[3]", g => g with { Bed = g.Bed.Select((z, i) => i == 3 ? double.NaN : z).ToArray() }, o => o, null },
        { "blocked must", g => g with { Blocked = new bool[5] }, o => o, null },
        { "cellSize", g => g with { CellSize = 0 }, o => o, null },
        { "width and height", g => g with { Width = 0 }, o => o, null },
        { "cfl", g => g, o => o with { Cfl = 1.5 }, null },
        { "cfl", g => g, o => o with { Cfl = 0 }, null },
        { "dryDepth", g => g, o => o with { DryDepth = -1 }, null },
        { "arrivalDepth", g => g, o => o with { ArrivalDepth = 1e-7 }, null },
        { "seconds", g => g, o => o with { Seconds = double.PositiveInfinity }, null },
        { "inflows[0] ('river')", g => g, o => o with { Inflows = [new PointInflow("river", 10, 0, TimeSeries.Constant(1))] }, null },
        { "inflows[0].cubicMetresPerSecond.values[1]", g => g, o => o with { Inflows = [new PointInflow("river", 1, 1, new TimeSeries([0, 1], [1, -1]))] }, null },
        { "pumps[0].cubicMetresPerSecond.seconds", g => g, o => o with { Pumps = [new Pump("p", 1, 1, new TimeSeries([5, 1], [1, 1]))] }, null },
        { "pumps[0] ('p') at (2, 2) is in a blocked cell", g => g with { Blocked = Enumerable.Range(0, g.Count).Select(i => i == 2 * 8 + 2).ToArray() },
            o => o with { Pumps = [new Pump("p", 2, 2, TimeSeries.Constant(1))] }, null },
        { "rain.mask", g => g, o => o with { Rain = new Rainfall(TimeSeries.Constant(10)) { Mask = new bool[3] } }, null },
        { "rain.scale", g => g, o => o with { Rain = new Rainfall(TimeSeries.Constant(10)) { Scale = -2 } }, null },
        { "gauges[1].name", g => g, o => o with { Gauges = [new Gauge("a", 0, 0), new Gauge("a", 1, 1)] }, null },
        { "initialDepth must have", g => g, o => o, new double[3] },
        { "initialDepth[4]", g => g, o => o, Enumerable.Range(0, 48).Select(i => i == 4 ? -1.0 : 0.0).ToArray() },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_inputs_are_refused_naming_the_field(string field, Func<FloodGrid, FloodGrid> grid, Func<FloodOptions, FloodOptions> options, double[]? depth)
    {
        var error = Assert.Throws<ArgumentException>(() => new FloodSimulation(grid(FloodGrid.Flat(8, 6, 1.0, manning: 0.03)), options(new FloodOptions()), depth));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }
}
