using CityMesh.Contracts.Twin;
using CityMesh.Messaging.Telemetry;
using CityMesh.Safety.Water;
using CityMesh.Sensors.Water;
using CityMesh.Simulation.Tests.Water;
using CityMesh.Simulation.Water;
using CityMesh.Simulation.Water.Hydraulics;
using CityMesh.Simulation.Water.Inp;
using CityMesh.Simulation.Water.Leaks;
using CityMesh.Simulation.Water.Twin;

namespace CityMesh.Sensors.Tests.Water;

/// <summary>
/// The simulated water meters on EPANET's Net3, read as safety's leak watch reads them: a field with a leak from a
/// known moment on a known pipe, its readings gathered step by step into the monitor's case, watched with the
/// training days before. The leak is found in its own area, within the 12 h, near its pipe; the same field
/// without a leak raises nothing.
/// </summary>
public sealed class WaterFieldTests
{
    private const string City = "testcity";
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);
    private static readonly DateTimeOffset Midnight = new(2026, 11, 2, 0, 0, 0, Offset);

    private static readonly WaterNetwork Net3 = InpReader.Read(WaterFiles.Shared("Net3.inp"));

    /// <summary>Plays the field from midnight: a day's warm-up unread, then three days read (two of training, one watched).</summary>
    private static (Dictionary<string, SortedList<DateTimeOffset, double>> Series, WaterField Field) Play(WaterMeters meters, string? leakPipe, DateTimeOffset leakAt)
    {
        var field = new WaterField(Net3, meters, City, Offset, seed: 3);
        field.Start(Midnight);
        foreach (var _ in field.AdvanceTo(Midnight.AddDays(1))) { }
        if (leakPipe is not null) field.OpenLeak(leakPipe, 0.08, leakAt);
        var series = new Dictionary<string, SortedList<DateTimeOffset, double>>(StringComparer.Ordinal);
        foreach (var (_, readings) in field.AdvanceTo(Midnight.AddDays(4)))
            foreach (var r in readings)
            {
                var device = r.EntityId[(r.EntityId.LastIndexOf(':') + 1)..];
                if (!series.TryGetValue(device, out var s)) series[device] = s = new SortedList<DateTimeOffset, double>();
                s[r.ObservedAt.ToDateTimeOffset()] = r.ValueCase == Reading.ValueOneofCase.Flag ? (r.Flag ? 1 : 0) : r.Number;
            }
        return (series, field);
    }

    private static LeakFindings Watch(WaterMeters meters, Dictionary<string, SortedList<DateTimeOffset, double>> series)
    {
        var baseline = new HydraulicSimulation(Net3).Begin(0).State;
        var (readings, problem) = LeakReadings.Gather(Net3, meters, series, Midnight.AddDays(1).AddSeconds(LeakReadings.Step), Midnight.AddDays(4), Offset, baseline);
        Assert.True(readings is not null, problem);
        Assert.Equal(288, readings.Times.Length);
        // Seconds after the first step's local midnight: the patterns' clock.
        Assert.Equal(900, readings.Times[0]);
        return new LeakMonitor(Net3, meters.LoggerJunctions, meters.Partition).Watch(readings, readings.Times[0], readings.Times[0] + 2 * 86400L);
    }

    [Fact]
    public void The_meters_read_the_network_every_fifteen_minutes_each_as_its_device()
    {
        var meters = WaterMeters.Plan(Net3, "net3");
        var (series, _) = Play(meters, null, default);
        Assert.Equal(meters.Loggers.Count + meters.AreaMeters.Count + meters.TankGauges.Count + meters.LinkMonitors.Count, series.Count);
        Assert.All(series.Values, s => Assert.Equal(3 * 96, s.Count));
        // The area meters add up to what the network draws: Net3's mean demand is about 110 L/s... within its day.
        var total = series.Where(s => s.Key.Contains("-dma-")).Sum(s => s.Value.Values.Average());
        var nominal = Enumerable.Range(0, 96).Average(i => new HydraulicSimulation(Net3).NominalDemand(i * 900L)) * 1e3;
        Assert.InRange(total, 0.85 * nominal, 1.15 * nominal);
        // Tanks between their limits, loggers at service pressures.
        Assert.All(series.Where(s => s.Key.Contains("-level-")), s => Assert.All(s.Value.Values, v => Assert.InRange(v, 0, 40)));
        // Loggers at service pressures, but for the one at the river pump's suction (Net3's junction 10, near 0 m).
        var pressures = series.Where(s => s.Key.Contains("-logger-")).Select(s => s.Value.Values.Average()).Order().ToArray();
        Assert.True(pressures[pressures.Length / 2] > 20, string.Join(", ", pressures));
        Assert.All(pressures, p => Assert.True(p > -5, string.Join(", ", pressures)));
    }

    [Fact]
    public void A_leak_in_the_field_is_found_by_the_watch_in_its_area_within_twelve_hours_near_its_pipe()
    {
        var meters = WaterMeters.Plan(Net3, "net3");
        var pipe = "177";
        Assert.Contains(pipe, WaterField.LeakablePipes(Net3));
        var start = Midnight.AddDays(3).AddHours(2);
        var (series, field) = Play(meters, pipe, start);
        Assert.Equal(start, field.Leak!.Start);

        var findings = Watch(meters, series);
        var alert = Assert.IsType<LeakAlert>(findings.Alert);
        long leakAt = (long)(start - Midnight.AddDays(1)).TotalSeconds;
        Assert.InRange(alert.AlarmTime - leakAt, 0, 12 * 3600);
        Assert.Equal(meters.Partition.AreaOfPipe(Net3, pipe), alert.Area);
        var distance = new PipeDistances(Net3).Between(alert.Candidates[0].Pipe, pipe);
        Assert.True(distance <= 600, $"the first candidate {alert.Candidates[0].Pipe} is {distance:0} m from the leak on {pipe}");
    }

    [Fact]
    public void The_same_field_without_a_leak_raises_nothing()
    {
        var meters = WaterMeters.Plan(Net3, "net3");
        var (series, _) = Play(meters, null, default);
        Assert.Null(Watch(meters, series).Alert);
    }

    [Fact]
    public void A_leak_is_refused_on_a_pipe_that_cannot_leak_or_at_a_share_out_of_range()
    {
        var meters = WaterMeters.Plan(Net3, "net3");
        var field = new WaterField(Net3, meters, City, Offset, seed: 3);
        field.Start(Midnight);
        Assert.Equal("pipe", Assert.Throws<ArgumentException>(() => field.OpenLeak("no-such-pipe", 0.08, Midnight)).ParamName);
        Assert.Equal("share", Assert.Throws<ArgumentException>(() => field.OpenLeak("177", 0.9, Midnight)).ParamName);
        field.OpenLeak("177", 0.08, Midnight);
        foreach (var _ in field.AdvanceTo(Midnight.AddHours(1))) { }
        Assert.Throws<InvalidOperationException>(() => field.OpenLeak("179", 0.08, Midnight.AddHours(1)));
    }

    [Fact]
    public void A_mended_leak_stops_drawing_water_from_its_area()
    {
        var meters = WaterMeters.Plan(Net3, "net3");
        var area = meters.AreaMeters.Single(m => m.Area == meters.Partition.AreaOfPipe(Net3, "177")).Device;
        double AreaFlowAt(WaterField field, DateTimeOffset at) =>
            field.AdvanceTo(at).Last().Readings.Single(r => r.EntityId.EndsWith(":" + area)).Number;
        var plain = new WaterField(Net3, meters, City, Offset, seed: 3);
        var leaking = new WaterField(Net3, meters, City, Offset, seed: 3);
        plain.Start(Midnight);
        leaking.Start(Midnight);
        leaking.OpenLeak("177", 0.08, Midnight.AddHours(10));
        // The same consumption, the leak's flow on top (within the meters' noise and the pressure it lowers).
        double extra = AreaFlowAt(leaking, Midnight.AddHours(12)) - AreaFlowAt(plain, Midnight.AddHours(12));
        Assert.InRange(extra, 0.6 * leaking.Leak!.FlowLitresPerSecond, 1.4 * leaking.Leak.FlowLitresPerSecond);
        Assert.Equal("177", leaking.MendLeak()!.Pipe);
        Assert.Null(leaking.Leak);
        Assert.Null(leaking.MendLeak());
        double after = AreaFlowAt(leaking, Midnight.AddHours(14)) - AreaFlowAt(plain, Midnight.AddHours(14));
        Assert.True(Math.Abs(after) < 0.2 * extra, $"{after:0.0} L/s more than without the leak, after mending");
    }
}
