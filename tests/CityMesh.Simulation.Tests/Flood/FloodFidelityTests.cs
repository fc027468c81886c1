using CityMesh.Simulation.Flood;

namespace CityMesh.Simulation.Tests.Flood;

/// <summary>The fidelity checks of README.md's table, each with its tolerance.</summary>
public sealed class FloodFidelityTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public void A_lake_at_rest_over_a_bump_a_step_and_buildings_stays_at_rest_to_round_off()
    {
        var grid = FloodCases.Bumpy(60, 40);
        const double level = 1.0;
        var depth = FloodCases.Lake(grid, level);
        Assert.Contains(depth, h => h == 0.0); // the bump's top is dry: the wet/dry front is in the test
        using var sim = new FloodSimulation(grid, new FloodOptions { Seconds = 1e9 }, depth);
        for (int step = 0; step < 1000; step++) sim.Step();

        var (h, hu, hv) = sim.Cells();
        double speed = 0, surface = 0;
        for (int i = 0; i < grid.Count; i++)
        {
            if (depth[i] == 0.0)
            {
                Assert.Equal(0.0, h[i]); // dry ground stays dry
                continue;
            }
            speed = Math.Max(speed, Math.Sqrt(hu[i] * hu[i] + hv[i] * hv[i]) / h[i]);
            surface = Math.Max(surface, Math.Abs(h[i] + grid.Bed[i] - level));
        }
        output.WriteLine($"after {sim.Steps} steps ({sim.Seconds:F1} s): max |u| {speed:E2} m/s, max |η − η0| {surface:E2} m");
        // Tolerance: 1e-10 in double (round-off is ~1e-16 a step).
        Assert.True(speed < 1e-10, $"max |u| {speed:E2}");
        Assert.True(surface < 1e-10, $"max |η − η0| {surface:E2}");
    }

    [Fact]
    public void A_dam_break_on_a_dry_bed_follows_Ritters_solution()
    {
        // A 2000 m channel, 3 cells wide with walls at the sides, 10 m of water behind a dam at 1000 m, dry in front.
        const int length = 2000;
        const double h0 = 10, dam = 1000, t = 40;
        var grid = FloodGrid.Flat(length, 3, 1.0);
        var depth = Enumerable.Range(0, grid.Count).Select(i => i % length + 0.5 < dam ? h0 : 0.0).ToArray();
        using var sim = new FloodSimulation(grid, new FloodOptions { Seconds = t }, depth);
        var result = sim.Run();
        var (h, _, _) = sim.Cells();

        double c0 = Math.Sqrt(FloodCases.G * h0);
        double Exact(double x)
        {
            double xi = (x - dam) / t;
            return xi <= -c0 ? h0 : xi >= 2 * c0 ? 0.0 : (2 * c0 - xi) * (2 * c0 - xi) / (9 * FloodCases.G);
        }
        // L1 over the wave (rarefaction head to dry front, with 20 m either side), relative to the exact water there.
        double error = 0, water = 0;
        for (int x = 0; x < length; x++)
        {
            double centre = x + 0.5;
            if (centre < dam - c0 * t - 20 || centre > dam + 2 * c0 * t + 20) continue;
            double exact = Exact(centre), numerical = h[length + x];
            error += Math.Abs(numerical - exact);
            water += exact;
        }
        double l1 = error / water;
        // Where the exact depth is `level`: ξ = 2c0 − 3√(g · level).
        double Front(double level) => dam + t * (2 * c0 - 3 * Math.Sqrt(FloodCases.G * level));
        double atDam = 0.5 * (h[length + 999] + h[length + 1000]);
        // The front where the depth passes the arrival depth (0.05 m): exactly at ξ = 2c0 − 3√(g · 0.05).
        foreach (double level in new[] { 1e-6, 1e-3, 0.05, 0.5 })
            output.WriteLine($"front at {level} m: {Enumerable.Range(0, length).Last(x => h[length + x] > level) + 1} m, exact {Front(level):F1} m");
        int front = Enumerable.Range(0, length).Last(x => h[length + x] > 0.05);
        double exactFront = Front(0.05);
        double frontError = front + 1.0 - exactFront; // the far face of the last wet cell
        output.WriteLine($"{result.Steps} steps to t = {t} s; L1 depth error over the wave {l1:P3}; depth at the dam {atDam:F4} m " +
                         $"(4/9 h0 = {4 * h0 / 9:F4}); 0.05 m front at {front + 1} m, exact {exactFront:F1} m ({frontError:+0.0;-0.0} m, " +
                         $"{frontError / (exactFront - dam):P2} of the distance run); front speed 2√(g h0) = {2 * c0:F2} m/s");

        Assert.True(l1 < 0.02, $"L1 {l1:P3}"); // the bar: 2 %
        Assert.InRange(atDam, 4 * h0 / 9 * 0.99, 4 * h0 / 9 * 1.01); // 1 %
        // A first-order scheme smears the thin tip and lags there (README.md): 5 % of the distance run at 0.05 m, 1 % at 0.5 m.
        Assert.True(Math.Abs(frontError) < 0.05 * (exactFront - dam), $"front {frontError:F1} m");
        int deep = Enumerable.Range(0, length).Last(x => h[length + x] > 0.5);
        Assert.True(Math.Abs(deep + 1.0 - Front(0.5)) < 0.01 * (Front(0.5) - dam), $"0.5 m front at {deep + 1} m");
        // The wave stayed inside, and the arrival raster saw the front where the depth did.
        Assert.Equal(h0, h[length + 0], 12);
        Assert.True(float.IsNaN(result.ArrivalSeconds[length + length - 1]));
        Assert.InRange(result.ArrivalSeconds[length + front], t - 2, t);
    }

    [Fact]
    public void A_dam_break_over_a_bump_with_walls_all_round_conserves_the_water_to_round_off()
    {
        var grid = FloodCases.Bumpy(120, 80);
        var depth = Enumerable.Range(0, grid.Count).Select(i => i % 120 < 30 && !grid.IsBlocked(i) ? 3.0 : 0.0).ToArray();
        using var sim = new FloodSimulation(grid, new FloodOptions { Seconds = 60 }, depth);
        var result = sim.Run();

        var balance = result.Balance;
        double change = Math.Abs(balance.Final - balance.Initial) / balance.Initial;
        output.WriteLine($"{result.Steps} steps, 60 s: volume {balance.Initial:F6} → {balance.Final:F6} m³, relative change {change:E2}");
        Assert.True(change < 1e-12, $"relative change {change:E2}"); // tolerance 1e-12 in double
        Assert.True(Enumerable.Range(0, grid.Count).Where(i => i % 120 > 90).Max(i => result.MaxDepth[i]) > 0.05, "the wave crossed the grid");
    }

    [Fact]
    public void With_inflow_rain_and_a_pump_the_storage_changes_by_what_came_in_less_what_was_pumped()
    {
        var grid = FloodCases.Bumpy(80, 60);
        var mask = Enumerable.Range(0, grid.Count).Select(i => i % 80 < 40).ToArray();
        var options = new FloodOptions
        {
            Seconds = 300,
            Inflows = [new PointInflow("river", 2, 30, new TimeSeries([0, 100, 300], [0, 20, 5]))],
            Pumps = [new Pump("station", 70, 10, TimeSeries.Constant(3))],
            Rain = new Rainfall(TimeSeries.Constant(50)) { Mask = mask, Scale = 2 },
            Gauges = [new Gauge("river mouth", 5, 30), new Gauge("pump", 70, 10)],
            GaugeSeconds = 30,
        };
        using var sim = new FloodSimulation(grid, options, FloodCases.Lake(grid, 0.6));
        var result = sim.Run();

        var b = result.Balance;
        output.WriteLine($"{result.Steps} steps: storage {b.Initial:F3} → {b.Final:F3} m³; inflow {b.Inflow:F3}, rain {b.Rain:F3}, pumped {b.Pumped:F3}; " +
                         $"residual {b.Residual:E2} m³ ({b.RelativeResidual:E2})");
        Assert.True(b.RelativeResidual < 1e-12, $"residual {b.RelativeResidual:E2}"); // tolerance 1e-12
        // The hydrograph's integral (midpoint rule, exact on its straight pieces up to the step that holds the kink).
        Assert.Equal(100 * 20 / 2.0 + 200 * (20 + 5) / 2.0, b.Inflow, 0.1);
        // Rain: 100 mm/h on the mask's open cells for 300 s.
        int rained = Enumerable.Range(0, grid.Count).Count(i => mask[i] && !grid.IsBlocked(i));
        Assert.Equal(0.1 / 3600 * 300 * rained, b.Rain, 1e-9);
        Assert.InRange(b.Pumped, 1, 3 * 300 + 1e-9);
        Assert.Equal(2, result.Gauges.Count);
        Assert.Equal(11, result.Gauges[0].Seconds.Count); // 0, 30, …, 300
        Assert.True(result.Gauges[0].Depths[^1] > result.Gauges[0].Depths[0], "the river raised the water at its mouth");
    }

    [Fact]
    public void A_pump_never_takes_more_water_than_its_cell_holds()
    {
        var grid = FloodGrid.Flat(5, 5, 2.0);
        var options = new FloodOptions { Seconds = 30, Pumps = [new Pump("sump", 2, 2, TimeSeries.Constant(100))] };
        using var sim = new FloodSimulation(grid, options, Enumerable.Repeat(0.1, 25).ToArray());
        var result = sim.Run();

        var (h, _, _) = sim.Cells();
        output.WriteLine($"pumped {result.Balance.Pumped} of 10 m³; left {result.Balance.Final} m³, sump {h[12]} m");
        Assert.All(h, depth => Assert.True(depth >= 0));
        // The pump could take 3,000 m³; there were 10, and it took what reached it, emptying its own cell.
        Assert.InRange(result.Balance.Pumped, 1, 10);
        Assert.Equal(0.0, h[12]);
        Assert.True(result.Balance.RelativeResidual < 1e-12, $"{result.Balance.RelativeResidual:E2}");
    }

    [Fact]
    public void Open_edges_let_water_run_off_and_the_balance_counts_it()
    {
        var bed = Enumerable.Range(0, 40 * 20).Select(i => 0.01 * (40 - i % 40)).ToArray();
        var grid = new FloodGrid(40, 20, 1.0, bed, Enumerable.Repeat(0.02, bed.Length).ToArray());
        var options = new FloodOptions { Seconds = 120, Edges = FloodEdges.Open, Rain = new Rainfall(TimeSeries.Constant(200)) };
        using var sim = new FloodSimulation(grid, options);
        var result = sim.Run();

        var b = result.Balance;
        output.WriteLine($"rain {b.Rain:F4} m³, out through the edges {b.Outflow:F4} m³, stored {b.Final:F4} m³, residual {b.RelativeResidual:E2}");
        Assert.True(b.Outflow > 0.01 * b.Rain, $"outflow {b.Outflow}");
        Assert.True(b.RelativeResidual < 1e-12, $"{b.RelativeResidual:E2}");
    }

    /// <summary>
    /// A bowl whose rim is the grid's edge, rained on: every edge is uphill, so water only ever runs in from it. An open
    /// edge is an outfall, not a source: nothing leaves and nothing enters, and the bowl holds exactly the rain.
    /// </summary>
    [Fact]
    public void An_open_edge_lets_water_out_but_never_in()
    {
        const int w = 30, hgt = 24;
        var bed = new double[w * hgt];
        for (int y = 0; y < hgt; y++)
            for (int x = 0; x < w; x++)
                bed[y * w + x] = 0.05 * (Math.Abs(x - (w - 1) / 2.0) + Math.Abs(y - (hgt - 1) / 2.0));
        var grid = new FloodGrid(w, hgt, 2.0, bed, Enumerable.Repeat(0.03, bed.Length).ToArray());
        var options = new FloodOptions { Seconds = 900, Edges = FloodEdges.Open, Rain = new Rainfall(TimeSeries.Constant(60)) };
        using var sim = new FloodSimulation(grid, options);
        var b = sim.Run().Balance;

        output.WriteLine($"rain {b.Rain:F4} m³, net out through the edges {b.Outflow:E3} m³, stored {b.Final:F4} m³, residual {b.RelativeResidual:E2}");
        // 60 mm/h for 900 s on 30 × 24 cells of 4 m²: 43.2 m³.
        Assert.Equal(0.06 / 3600 * 900 * w * hgt * 4, b.Rain, 1e-9);
        Assert.Equal(0.0, b.Outflow);
        Assert.Equal(b.Rain, b.Final, 1e-9);
    }
}
