using CityMesh.Contracts.Energy;
using CityMesh.Energy.Grid;
using CityMesh.Energy.Meters;
using CityMesh.Simulation.Synthetic.Telemetry;

namespace CityMesh.Energy.Tests;

/// <summary>
/// The meter watch fed as the live grid feeds it: every 30 seconds of the meters' clock, each bus's reading as the twin
/// holds it, for four days. Each meter follows its own daily shape with a little noise; on day three a3's meter sticks
/// for three hours, b2's goes silent for an hour (the twin keeps its last reading and its old time) and b4's substation
/// is shed for an hour (it reads 0 by design). Only the first two are reported, each once, as what they are.
/// </summary>
public sealed class MeterWatchTests
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Faulty_meters_are_reported_once_each_and_a_shed_bus_is_not()
    {
        var grid = TwoFeeders.Grid();
        var watch = new MeterWatch(new EnergyOptions(), TwoFeeders.City);
        var random = new Random(7);
        var meters = grid.Buses.Select((b, i) => (Bus: b.Id, Index: i)).Where(m => m.Bus.Length == 2).ToList();
        var held = new Dictionary<int, (double Kw, DateTimeOffset At)>();
        var stuckFrom = Start.AddDays(2).AddHours(10);
        var silentFrom = Start.AddDays(2).AddHours(20);
        var shedFrom = Start.AddDays(3).AddHours(3);
        var found = new List<MeterAnomaly>();
        var statuses = new List<string>();
        for (var t = Start; t < Start.AddDays(4); t = t.AddSeconds(30))
        {
            var load = new double[grid.Buses.Count];
            var readAt = new DateTimeOffset?[grid.Buses.Count];
            var shed = new bool[grid.Buses.Count];
            foreach (var (bus, i) in meters)
            {
                var hour = t.Hour + t.Minute / 60.0;
                var kw = 300 + 40 * i + 150 * Math.Exp(-Math.Pow(hour - 19, 2) / 8) + 100 * Math.Exp(-Math.Pow(hour - 11, 2) / 6) + random.NextDouble() * 6;
                if (bus == "a3" && t >= stuckFrom && t < stuckFrom.AddHours(3)) kw = held[i].Kw;
                if (bus == "b4" && t >= shedFrom && t < shedFrom.AddHours(1))
                {
                    shed[i] = true;
                    kw = 0;
                }
                // A meter that goes silent leaves the twin its last reading, with that reading's time.
                held[i] = bus == "b2" && t >= silentFrom && t < silentFrom.AddHours(1) ? held[i] : (kw, t);
                (load[i], readAt[i]) = held[i];
            }
            var input = TwoFeeders.Input(grid, new Dictionary<string, double>()) with { LoadKw = load, Shed = shed, MeterReadAt = readAt, ReadAt = t };
            found.AddRange(watch.Observe(input));
            if (t.Minute == 0 && t.Second == 0 && t.Hour == 0) statuses.Add(watch.State.Status);
        }

        Assert.StartsWith("learning", statuses[1]);
        Assert.Equal("watching", watch.State.Status);
        Assert.Equal(8, watch.State.Meters);
        Assert.Equal(
            [("urn:ngsi-ld:BusbarSection:test:a3", AnomalyKinds.Stuck), ("urn:ngsi-ld:BusbarSection:test:b2", AnomalyKinds.Dropout)],
            found.Select(a => (a.Meter, a.Kind)).ToArray());
        Assert.Equal("urn:ngsi-ld:Feeder:test:fa", found[0].Feeder);
        // The detector places each fault's start within a few readings of the truth.
        Assert.InRange(found[0].Since, stuckFrom.AddMinutes(-15), stuckFrom.AddMinutes(30));
        Assert.InRange(found[1].Since, silentFrom.AddMinutes(-5), silentFrom.AddMinutes(10));
        Assert.Equal(found, watch.State.Reported);
    }
}
