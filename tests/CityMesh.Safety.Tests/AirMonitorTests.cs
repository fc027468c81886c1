using System.Globalization;
using System.Text.Json;
using CityMesh.Safety.Air;
using CityMesh.Simulation.Air.Alerts;
using CityMesh.Simulation.Air.Faults;
using CityMesh.Simulation.Air.Field;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Safety.Tests;

/// <summary>
/// The live air monitor on the twin's entities as the read API gives them: 24-hour means with the coverage rule, the
/// band and its messages, an alert raised when a station's NO2 mean passes WHO's interim target 2 (50 µg/m³, the top of
/// Fair) and cleared when it is clearly back, a stuck sensor found and kept out of the field, and the least-exposed
/// walk around a hot spot on the twin's road segments.
/// </summary>
public sealed class AirMonitorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.FromHours(8));

    // Four street corners around a block, ~357 m a side; the hot station by the east side, the clean one by the west.
    private static readonly (string Id, double Lon, double Lat)[] Corners =
        [("A", 117.000, 36.6600), ("B", 117.004, 36.6600), ("C", 117.000, 36.6632), ("D", 117.004, 36.6632)];

    private static readonly (string Id, double Lon, double Lat)[] Sites =
        [("hot", 117.0045, 36.6614), ("clean", 116.9995, 36.6618), ("north", 117.002, 36.6650), ("south", 117.002, 36.6580), ("stuck", 117.006, 36.6620)];

    private static AirMonitor Monitor(out List<AirAlertChange> changes)
    {
        var monitor = new AirMonitor(null!, new SafetyOptions(), "test", TimeProvider.System, NullLogger<AirMonitor>.Instance);
        var seen = new List<AirAlertChange>();
        monitor.Changed += (change, _, _) => { seen.Add(change); return Task.CompletedTask; };
        changes = seen;
        return monitor;
    }

    private static JsonElement Station(string id, double lon, double lat, double no2, DateTimeOffset at) => JsonDocument.Parse($$$"""
        {"id": "urn:ngsi-ld:AirQualityObserved:test:{{{id}}}", "type": "AirQualityObserved", "name": {"type": "Property", "value": "{{{id}}}"},
         "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [{{{Num(lon)}}}, {{{Num(lat)}}}]}},
         "no2": {"type": "Property", "value": {{{Num(no2)}}}, "observedAt": "{{{at.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}}"}}
        """).RootElement.Clone();

    private static JsonElement Road(string from, string to, string status = "open")
    {
        var a = Corners.Single(c => c.Id == from);
        var b = Corners.Single(c => c.Id == to);
        return JsonDocument.Parse($$$"""
            {"id": "urn:ngsi-ld:RoadSegment:test:{{{from}}}{{{to}}}", "type": "RoadSegment", "status": {"type": "Property", "value": "{{{status}}}"},
             "location": {"type": "GeoProperty", "value": {"type": "LineString", "coordinates": [[{{{Num(a.Lon)}}}, {{{Num(a.Lat)}}}], [{{{Num(b.Lon)}}}, {{{Num(b.Lat)}}}]]}},
             "refStartIntersection": {"type": "Relationship", "object": "urn:ngsi-ld:Intersection:test:{{{from}}}"},
             "refEndIntersection": {"type": "Relationship", "object": "urn:ngsi-ld:Intersection:test:{{{to}}}"}}
            """).RootElement.Clone();
    }

    private static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Every station every 5 minutes from T0 for <paramref name="hours"/>, the hot one at <paramref name="hot"/>(t).</summary>
    private static async Task FeedAsync(AirMonitor monitor, double fromHour, double hours, Func<double, double> hot, JsonElement[]? roads = null)
    {
        for (var t = fromHour; t < fromHour + hours; t += 5.0 / 60)
        {
            var at = T0.AddHours(t);
            // The city's daily swing, the same shape at every working station (what the regional reference follows).
            var swing = 1 + 0.3 * Math.Sin(2 * Math.PI * t / 24);
            var entities = new List<JsonElement>
            {
                Station("hot", Sites[0].Lon, Sites[0].Lat, hot(t) * swing, at),
                Station("clean", Sites[1].Lon, Sites[1].Lat, 12 * swing, at),
                Station("north", Sites[2].Lon, Sites[2].Lat, 20 * swing, at),
                Station("south", Sites[3].Lon, Sites[3].Lat, 22 * swing, at),
                // From hour 24 the last sensor repeats one value: stuck.
                Station("stuck", Sites[4].Lon, Sites[4].Lat, t < 24 ? 25 * swing : 33.0, at),
            };
            entities.AddRange(roads ?? []);
            await monitor.ObserveAsync(entities, CancellationToken.None);
        }
    }

    [Fact]
    public async Task A_stations_24_hour_mean_over_WHOs_interim_target_raises_an_alert_that_clears_only_when_clearly_back()
    {
        var monitor = Monitor(out var changes);
        // 80 µg/m³ at the hot station: above NO2's interim target 2 (50), below interim target 1 (120): Poor.
        await FeedAsync(monitor, 0, 30, _ => 80);

        var raised = Assert.Single(changes);
        Assert.Equal((AirAlertChangeKind.Raised, "Poor", "no2"), (raised.Kind, raised.Alert.BandName, raised.Alert.Pollutant));
        Assert.Equal("urn:ngsi-ld:AirQualityObserved:test:hot", raised.Alert.Station);
        // Not before 75 % of the 24 hours were covered (18 h): the first reading stands for the half hour before it (a
        // report is the mean of the interval it ends, at most 30 minutes), so the first valid mean is at 17.5 h.
        Assert.InRange((raised.At - T0).TotalHours, 17.5, 17.6);
        var hot = monitor.Stations().Single(s => s.Name == "hot");
        Assert.Equal(("Poor", "no2"), (hot.Band, hot.Dominant));
        Assert.InRange(hot.Means["no2"], 75, 85);
        Assert.False(string.IsNullOrEmpty(hot.SensitiveMessage));
        Assert.Equal("Good", monitor.Stations().Single(s => s.Name == "clean").Band);

        // Back to clean air: the 24-hour mean falls through Fair; cleared once it has been clearly below for an hour.
        await FeedAsync(monitor, 30, 36, _ => 10);
        var cleared = changes.Last();
        Assert.Equal(AirAlertChangeKind.Cleared, cleared.Kind);
        Assert.Equal(2, changes.Count(c => c.Kind is AirAlertChangeKind.Raised or AirAlertChangeKind.Cleared));
        Assert.Null(monitor.Stations().Single(s => s.Name == "hot").Alert);
    }

    [Fact]
    public async Task A_stuck_sensor_is_found_and_kept_out_of_the_map()
    {
        var monitor = Monitor(out _);
        await FeedAsync(monitor, 0, 30, _ => 40);
        monitor.ScanFaults();

        var stations = monitor.Stations();
        var stuck = stations.Single(s => s.Name == "stuck");
        Assert.True(stuck.Faulty, string.Join("; ", stuck.Faults));
        Assert.Contains(stuck.Faults, f => f.Kind == SensorFaultKinds.Stuck && f.Start >= T0.AddHours(23.9));
        Assert.All(stations.Where(s => s.Name != "stuck"), s => Assert.False(s.Faulty, $"{s.Name}: {string.Join("; ", s.Faults)}"));
    }

    [Fact]
    public async Task The_least_exposed_walk_goes_round_the_hot_spot_and_a_closed_street_is_not_walked()
    {
        var monitor = Monitor(out _);
        JsonElement[] roads = [Road("A", "B"), Road("B", "D"), Road("A", "C"), Road("C", "D")];
        await FeedAsync(monitor, 0, 1, _ => 200, roads);
        var walks = new AirStreets(monitor);
        var router = walks.Router(out var problem);
        Assert.True(router is not null, problem);
        var field = new AirField([.. monitor.Stations().Where(s => !s.Faulty).Select(s => new AirStationValue(s.Id, s.Longitude, s.Latitude, s.Latest["no2"]))]);
        string Node(string corner) => $"urn:ngsi-ld:Intersection:test:{corner}";

        var plan = router.Plan(Node("A"), Node("D"), field);
        // Two walks of the same length: by the clean west side (via C), not the hot east side (via B).
        Assert.Equal([Node("A"), Node("C"), Node("D")], plan.LeastExposed.Nodes);
        Assert.True(plan.LeastExposed.Exposure <= plan.Shortest.Exposure);
        Assert.InRange(plan.LeastExposed.LengthMetres, 700, 730);

        // The west side closed (flooded): the only walk left is by the hot side.
        await monitor.ObserveAsync([Station("hot", Sites[0].Lon, Sites[0].Lat, 200, T0.AddHours(2)), Road("A", "B"), Road("B", "D"), Road("A", "C", "closed"), Road("C", "D")],
            CancellationToken.None);
        var closed = walks.Router(out _)!.Plan(Node("A"), Node("D"), field);
        Assert.Equal([Node("A"), Node("B"), Node("D")], closed.LeastExposed.Nodes);
    }
}
