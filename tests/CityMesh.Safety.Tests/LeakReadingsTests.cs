using System.Text.Json;
using CityMesh.Safety.Water;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Twin;

namespace CityMesh.Safety.Tests;

/// <summary>
/// The meters' histories from the twin's temporal API gathered onto 15-minute steps for the leak monitor: instances
/// read as the API writes them (one as an object, several as an array; numbers and flags), a missed reading carried
/// over, a meter silent for more than an hour named, times on the patterns' clock, units as the model wants them.
/// </summary>
public sealed class LeakReadingsTests
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Midnight = new(2026, 11, 2, 0, 0, 0, Offset);

    /// <summary>Two junctions on a pipe from a reservoir, a pump to a tank: every kind of meter, one each.</summary>
    private static readonly WaterNetwork Tiny = new()
    {
        Junctions = [new WaterJunction("a", 10, [new WaterDemand(0.01, null, null)]), new WaterJunction("b", 12, [new WaterDemand(0.02, null, null)])],
        Reservoirs = [new WaterReservoir("r", 60, null)],
        Tanks = [new WaterTank("t", 40, 3, 0, 6, 10, 0, null, false)],
        Pipes = [new WaterPipe("p1", "r", "a", 100, 0.3, 100, 0, LinkStatus.Open, false), new WaterPipe("p2", "a", "b", 100, 0.2, 100, 0, LinkStatus.Open, false)],
        Pumps = [new WaterPump("pu", "b", "t", null, 10_000, 1, null, LinkStatus.Open)],
    };

    private static readonly WaterMeters Meters = new("tiny",
        [new PressureLogger("tiny-logger-a", 0)], [new AreaMeter("tiny-dma-1", 0)], [new TankGauge("tiny-level-t", 0)], [new LinkMonitor("tiny-status-pu", 2)],
        CityMesh.Simulation.Water.Leaks.DistrictAreas.FromAssignment(Tiny, [0, 0], ["DMA 1"]));

    private static SortedList<DateTimeOffset, double> Every15(int steps, Func<int, double> value, params int[] missing)
    {
        var s = new SortedList<DateTimeOffset, double>();
        for (int i = 0; i < steps; i++) if (!missing.Contains(i)) s[Midnight.AddMinutes(15 * i)] = value(i);
        return s;
    }

    [Fact]
    public void Instances_are_read_as_the_temporal_API_writes_them()
    {
        var several = JsonDocument.Parse("""{"id": "x", "pressure": [{"type": "Property", "value": 31.5, "observedAt": "2026-11-02T00:15:00Z"}, {"type": "Property", "value": 31.0, "observedAt": "2026-11-02T00:00:00Z"}]}""").RootElement;
        var series = LeakReadings.Series(several, "pressure");
        Assert.Equal([31.0, 31.5], series.Values);
        var one = JsonDocument.Parse("""{"id": "x", "open": {"type": "Property", "value": true, "observedAt": "2026-11-02T00:00:00Z"}}""").RootElement;
        Assert.Equal([1.0], LeakReadings.Series(one, "open").Values);
        Assert.Empty(LeakReadings.Series(one, "pressure"));
    }

    [Fact]
    public void Readings_are_gathered_onto_steps_with_gaps_carried_and_units_for_the_model()
    {
        var series = new Dictionary<string, SortedList<DateTimeOffset, double>>
        {
            ["tiny-logger-a"] = Every15(12, i => 40 + i, missing: [5, 6]),
            ["tiny-dma-1"] = Every15(12, _ => 30),
            ["tiny-level-t"] = Every15(12, _ => 2.5),
            ["tiny-status-pu"] = Every15(12, i => i < 6 ? 1 : 0),
        };
        Assert.Equal(Midnight.AddMinutes(165), LeakReadings.Through(series.Values));
        var baseline = new LinkState[] { LinkState.Open, LinkState.Open, LinkState.Open };
        var (c, problem) = LeakReadings.Gather(Tiny, Meters, series, Midnight.AddMinutes(15), Midnight.AddMinutes(165), Offset, baseline);
        Assert.Null(problem);
        Assert.Equal(11, c!.Times.Length);
        Assert.Equal(900, c.Times[0]);
        // Readings 5 and 6 missed: reading 4's value stands for them.
        Assert.Equal([41, 42, 43, 44, 44, 44, 47], c.Pressure.Take(7).Select(p => p[0]));
        Assert.All(c.AreaInflow, a => Assert.Equal(0.030, a[0], 9));
        Assert.All(c.Inflow, f => Assert.Equal(0.030, f, 9));
        Assert.All(c.TankHeads, h => Assert.Equal(42.5, h[0], 9));
        Assert.Equal(LinkState.Open, c.States[4][2]);
        Assert.Equal(LinkState.Closed, c.States[5][2]);
    }

    [Fact]
    public void A_meter_silent_for_over_an_hour_is_named()
    {
        var series = new Dictionary<string, SortedList<DateTimeOffset, double>>
        {
            ["tiny-logger-a"] = Every15(12, _ => 40),
            ["tiny-dma-1"] = Every15(12, _ => 30, missing: [3, 4, 5, 6, 7]),
            ["tiny-level-t"] = Every15(12, _ => 2.5),
            ["tiny-status-pu"] = Every15(12, _ => 1),
        };
        var (c, problem) = LeakReadings.Gather(Tiny, Meters, series, Midnight, Midnight.AddMinutes(165), Offset, [LinkState.Open, LinkState.Open, LinkState.Open]);
        Assert.Null(c);
        Assert.StartsWith("meter tiny-dma-1 has no reading for over 4 steps", problem);
    }
}
