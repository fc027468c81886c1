using System.Collections.Concurrent;
using CityMesh.Contracts.Geo;
using CityMesh.Contracts.Health;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Seeding;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Sensors.Tests;

/// <summary>The simulated sensors over the seeded Jinan city, its entities read as the twin read API sends them.</summary>
public sealed class TelemetrySimulatorTests : IAsyncDisposable
{
    private static readonly SeededCity City = JinanData.City();
    private static readonly TelemetrySimulatorRoster Roster = TelemetrySimulatorRoster.From(TwinJson.Normalized(City.Entities));
    private static readonly TimeSpan ChinaStandardTime = TimeSpan.FromHours(8);

    /// <summary>A Monday in Jinan.</summary>
    private static DateTimeOffset Local(int hour, int minute = 0) => new DateTimeOffset(2026, 11, 23, hour, minute, 0, ChinaStandardTime);

    private readonly InMemoryEventBus _bus = new();
    private readonly MemoryTwinStore _store = new();

    [Fact]
    public void Should_Find_The_Sensors_In_The_Twins_NGSI_LD_Entities()
    {
        Assert.Equal(62, Roster.Detectors.Count);
        Assert.All(Roster.Detectors, d => Assert.Equal((3, 40.0), (d.Lanes, d.FreeSpeed)));
        // Roads into and out of the centre come in pairs.
        Assert.InRange(Roster.Detectors.Count(d => d.Inbound), 25, 37);
        Assert.Equal(City.CountByType[EntityTypes.AirQualityObserved], Roster.AirQualityStations.Count);
        Assert.All(Roster.AirQualityStations, a => Assert.NotEmpty(a.Roads));
        Assert.Equal(City.CountByType[EntityTypes.PVSystem], Roster.Substations.Sum(s => s.SolarArrays.Count));
        Assert.All(Roster.Signals, s => Assert.Equal(245, s.PhaseDurations.Sum()));
        Assert.Equal(31, Roster.WaterMains.Count);
        Assert.Equal(City.CountByType[EntityTypes.FloodGauge], Roster.FloodGauges.Count);
    }

    [Fact]
    public void The_roads_of_the_twin_join_every_ambulance_station_to_every_hospital()
    {
        // A RoadSegment per direction of each street: every one an edge, its ends the twin's intersections.
        Assert.Equal(City.CountByType[EntityTypes.RoadSegment], Roster.Roads.EdgeCount);
        Assert.Equal(City.CountByType[EntityTypes.Intersection], Roster.Roads.NodeCount);
        var hospitals = City.Entities.Where(e => e.Type == EntityTypes.Hospital).Select(h => h.Location!.Anchor).ToArray();
        var stations = Roster.Ambulances.Select(a => a.Station!.Value).Distinct().ToArray();
        Assert.NotEmpty(hospitals);
        Assert.NotEmpty(stations);
        foreach (var station in stations)
            foreach (var hospital in hospitals)
            {
                var leg = Roster.Roads.Route(station, hospital);
                Assert.True(leg is not null, $"no way by road from {station} to {hospital}");
                Assert.True(leg.Length >= GeoMath.HaversineMetres(station, hospital) - 1e-6);
                // By road, unless the two are nearer each other than the roads are to them (a station beside its hospital).
                var accesses = Roster.Roads.MetresToRoad(station) + Roster.Roads.MetresToRoad(hospital);
                Assert.True(leg.OnRoads || leg.Length <= accesses, $"{leg.Length:0} m straight from {station} to {hospital}, {accesses:0} m from the roads");
            }
        Assert.Contains(stations, s => Roster.Roads.Route(s, hospitals[0])!.OnRoads);
    }

    [Fact]
    public void Should_Read_The_Same_For_The_Same_Seed_And_Clock()
    {
        var at = Local(8, 15);
        Assert.Equal(Flatten(new TelemetrySimulatorModel(42, ChinaStandardTime).Sample(Roster, at)),
            Flatten(new TelemetrySimulatorModel(42, ChinaStandardTime).Sample(Roster, at)));
        Assert.NotEqual(Flatten(new TelemetrySimulatorModel(42, ChinaStandardTime).Sample(Roster, at)),
            Flatten(new TelemetrySimulatorModel(43, ChinaStandardTime).Sample(Roster, at)));
        Assert.NotEqual(Flatten(new TelemetrySimulatorModel(42, ChinaStandardTime).Sample(Roster, at)),
            Flatten(new TelemetrySimulatorModel(42, ChinaStandardTime).Sample(Roster, at.AddSeconds(1))));
    }

    [Fact]
    public void Should_Stay_In_Plausible_Ranges_Around_The_Clock_For_A_Week()
    {
        var model = new TelemetrySimulatorModel(42, ChinaStandardTime);
        var capacity = Roster.Substations.ToDictionary(s => s.Id, s => s.Capacity);
        var pv = Roster.SolarArrays.ToDictionary(p => p.Id, p => p.Capacity);
        // Chargers report the power they draw, up to their rating; a grid bus's meter its share of its substation's
        // load with its chargers, net of its PV (below zero when the PV behind it exports).
        foreach (var c in Roster.Chargers) pv[c.Id] = c.RatedKw;
        foreach (var b in Roster.BusMeters)
            capacity[b.Id] = capacity[b.Substation] * b.Share + b.Chargers.Sum(i => Roster.Chargers[i].RatedKw);
        var exportable = Roster.BusMeters.ToDictionary(b => b.Id, b => b.SolarArrays.Sum(i => Roster.SolarArrays[i].Capacity));
        var alerts = Roster.FloodGauges.ToDictionary(g => g.Id, g => g.AlertLevel);
        // A main's design flow, m³/h: 1 m/s through its bore (the twin's mains are sized for the city's peak hour, up to 1.2 m).
        var design = Roster.WaterMains.ToDictionary(m => m.Id, m => Math.PI * Math.Pow(m.Diameter / 1000, 2) / 4 * 3600);
        var beds = Roster.Hospitals.Select(h => (h.Id, h.Beds)).Concat(Roster.Wards.Select(w => (w.Id, w.Beds))).ToDictionary(b => b.Id, b => (double)b.Beds);
        for (var at = Local(0); at < Local(0).AddDays(7); at = at.AddMinutes(10))
        {
            foreach (var r in model.Sample(Roster, at).SelectMany(g => g.Readings))
            {
                // Every reading is of now, but for yesterday's admissions, counted when the day closed (midnight).
                Assert.Equal(r.Attribute == TelemetrySimulatorModel.DailyAdmissionsAttribute ? new DateTimeOffset(at.Date, ChinaStandardTime) : at, r.ObservedAt.ToDateTimeOffset());
                if (r.Attribute == "congested")
                {
                    Assert.Equal(Reading.ValueOneofCase.Flag, r.ValueCase);
                    continue;
                }
                Assert.Equal(Reading.ValueOneofCase.Number, r.ValueCase);
                var v = r.Number;
                var range = r.Attribute switch
                {
                    "intensity" => (0, 3 * TelemetrySimulatorModel.LaneCapacity),
                    "averageVehicleSpeed" => (3, 40),
                    "occupancy" => (0, 0.95),
                    "currentPhase" => (0, 8),
                    "no2" => (2, 200),
                    "pm25" => (3, 250),
                    "power" => (0, pv[r.EntityId]),
                    "load" => (-exportable.GetValueOrDefault(r.EntityId), capacity[r.EntityId]),
                    "flow" => (0.01 * design[r.EntityId], 1.5 * design[r.EntityId]),
                    "pressure" => (250, 450),
                    "waterLevel" => (0.02, 2.5 * alerts[r.EntityId]),
                    // The simulator's own showers peak at 1.1 on its scale, each gauge within +10 %.
                    "precipitation" => (0, 1.1 * 1.1 * TelemetrySimulatorModel.RainAtOne),
                    "bedsOccupied" or "generalBedsOccupied" or "icuBedsOccupied" or "paediatricBedsOccupied" => (0.25 * beds[r.EntityId] * (r.Attribute == "bedsOccupied" ? 1 : 0), beds[r.EntityId]),
                    "edArrivals" or "edPatients" or "edWaiting" or "edBoarding" or "admissions" or TelemetrySimulatorModel.DailyAdmissionsAttribute => (0, 0.5 * beds[r.EntityId]),
                    _ => throw new Xunit.Sdk.XunitException($"unexpected attribute {r.Attribute}"),
                };
                Assert.True(v >= range.Item1 && v <= range.Item2, $"{r.EntityId} {r.Attribute} = {v} at {at} is outside [{range.Item1}, {range.Item2}]");
            }
        }
    }

    [Fact]
    public void Should_Follow_The_Citys_Day()
    {
        var model = new TelemetrySimulatorModel(42, ChinaStandardTime);
        double Mean(DateTimeOffset at, string attribute) =>
            model.Sample(Roster, at).SelectMany(g => g.Readings).Where(r => r.Attribute == attribute).Average(r => r.Number);

        // Rush hour: more vehicles, slower, and NO2 up with them.
        Assert.True(Mean(Local(8), "intensity") > 2 * Mean(Local(3), "intensity"));
        Assert.True(Mean(Local(8), "averageVehicleSpeed") < Mean(Local(3), "averageVehicleSpeed") - 5);
        Assert.True(Mean(Local(18), "averageVehicleSpeed") < Mean(Local(13), "averageVehicleSpeed"));
        Assert.True(Mean(Local(8), "no2") > Mean(Local(3), "no2"));
        // The sun: nothing at night, power at noon (the PV arrays' power; chargers report theirs too).
        double Solar(DateTimeOffset at) => model.Sample(Roster, at).SelectMany(g => g.Readings)
            .Where(r => r.Attribute == "power" && r.EntityId.Contains(":PVSystem:", StringComparison.Ordinal)).Average(r => r.Number);
        Assert.Equal(0, Solar(Local(2)));
        Assert.True(Solar(Local(12)) > 0);
        // Chargers: cars plugged in after work draw more in the evening than in the small hours.
        double Charging(DateTimeOffset at) => model.Sample(Roster, at).SelectMany(g => g.Readings)
            .Where(r => r.Attribute == "power" && r.EntityId.Contains(":EVChargingStation:", StringComparison.Ordinal)).Average(r => r.Number);
        Assert.True(Charging(Local(19)) > 2 * Charging(Local(4)));
        // Water: the morning peak draws more and leaves less pressure than the small hours.
        Assert.True(Mean(Local(7, 30), "flow") > Mean(Local(3), "flow"));
        Assert.True(Mean(Local(7, 30), "pressure") < Mean(Local(3), "pressure"));
        // The grid's evening peak.
        Assert.True(Mean(Local(20), "load") > Mean(Local(4), "load"));
    }

    [Fact]
    public void Should_Fill_Hospitals_By_Weekday_Season_And_Hour()
    {
        var model = new TelemetrySimulatorModel(42, ChinaStandardTime);
        Assert.NotEmpty(Roster.Hospitals);
        Assert.All(Roster.Hospitals, h => Assert.NotEmpty(h.Wards));
        IEnumerable<Reading> At(DateTimeOffset at) => model.Sample(Roster, at).Single(g => g.Gateway == TelemetrySimulatorModel.HealthGateway).Readings;
        double Occupancy(DateTimeOffset at) =>
            At(at).Where(r => r.Attribute == "bedsOccupied" && Roster.Hospitals.Any(h => h.Id == r.EntityId)).Sum(r => r.Number) / Roster.Hospitals.Sum(h => h.Beds);

        // A hospital's count is its wards' sum.
        var round = At(Local(10)).ToArray();
        foreach (var h in Roster.Hospitals)
        {
            var wards = h.Wards.Select(i => Roster.Wards[i].Id).ToHashSet();
            Assert.Equal(round.Where(r => r.Attribute == "bedsOccupied" && wards.Contains(r.EntityId)).Sum(r => r.Number),
                round.Single(r => r.Attribute == "bedsOccupied" && r.EntityId == h.Id).Number);
        }
        // Fuller early in the week than at the weekend, in winter than in summer; between 70 % and 95 %.
        Assert.True(Occupancy(Local(22).AddDays(1)) > Occupancy(Local(22).AddDays(5)) + 0.03);
        var january = new DateTimeOffset(2027, 1, 12, 22, 0, 0, ChinaStandardTime);
        var july = new DateTimeOffset(2026, 7, 14, 22, 0, 0, ChinaStandardTime);
        Assert.True(Occupancy(january) > Occupancy(july) + 0.03);
        Assert.InRange(Occupancy(Local(22)), 0.70, 0.95);

        // Emergency arrivals: a late-morning peak over the night trough; a quarter of a day's arrivals admitted.
        double Ed(DateTimeOffset at, string attribute) => At(at).Where(r => r.Attribute == attribute).Sum(r => r.Number);
        Assert.True(Ed(Local(11, 30), "edArrivals") > 2.5 * Ed(Local(4), "edArrivals"));
        var emergencyBeds = Roster.Hospitals.Where(h => h.EmergencyDepartment).Sum(h => h.Beds);
        var arrivalsOverDay = Enumerable.Range(0, 24).Sum(hour => Ed(Local(hour, 30).AddDays(2), "edArrivals"));
        // Wednesday's arrivals, 0.3 a bed in November (winter factor about +0.05), within 15 %.
        Assert.InRange(arrivalsOverDay, 0.85 * 0.3 * emergencyBeds, 1.15 * 1.06 * 0.3 * emergencyBeds);
        Assert.InRange(Ed(Local(12).AddDays(2), "admissions") / arrivalsOverDay, 0.2, 0.3);
    }

    [Fact]
    public void Should_Report_Each_Days_Admissions_At_Its_End_Around_The_Expected_Count()
    {
        var model = new TelemetrySimulatorModel(42, ChinaStandardTime);
        var h1 = Roster.Hospitals.First(h => h.EmergencyDepartment);
        var day = new DateOnly(2026, 11, 23); // a Monday
        var reading = model.DailyAdmissions(h1, day);
        Assert.Equal((h1.Id, TelemetrySimulatorModel.DailyAdmissionsAttribute), (reading.EntityId, reading.Attribute));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 0, 0, 0, ChinaStandardTime), reading.ObservedAt.ToDateTimeOffset());
        Assert.Equal(reading.Number, model.DailyAdmissions(h1, day).Number); // the same day, the same count

        // A year of days: the mean is 0.25 × 0.3 a bed a day (the season averages out, the weekdays to 0.9986) within
        // 1 % over ten seeds (standard error 0.3 %), Mondays busier than Sundays, and the spread a negative binomial's of
        // shape 40 (variance m + m²/40) within 40 %.
        var year = Enumerable.Range(0, 364).Select(d => day.AddDays(d)).Select(d => (Day: d, Count: model.DailyAdmissions(h1, d).Number)).ToList();
        double expected = 0.25 * 0.3 * h1.Beds;
        double pooled = Enumerable.Range(1, 10).Select(seed => new TelemetrySimulatorModel(seed, ChinaStandardTime))
            .SelectMany(m => Enumerable.Range(0, 364).Select(d => m.DailyAdmissions(h1, day.AddDays(d)).Number)).Average();
        Assert.Equal(expected * 0.9986, pooled, expected * 0.01);
        Assert.True(year.Where(d => d.Day.DayOfWeek == DayOfWeek.Monday).Average(d => d.Count) > year.Where(d => d.Day.DayOfWeek == DayOfWeek.Sunday).Average(d => d.Count) * 1.1);
        double variance = year.Select(d => d.Count - year.Where(o => o.Day.DayOfWeek == d.Day.DayOfWeek && Math.Abs(o.Day.DayNumber - d.Day.DayNumber) <= 28).Average(o => o.Count))
            .Select(r => r * r).Average();
        Assert.InRange(variance, 0.6 * (expected + expected * expected / 40), 1.4 * (expected + expected * expected / 40));

        // Every round carries yesterday's count for each hospital with an emergency department.
        var round = model.Sample(Roster, Local(10)).Single(g => g.Gateway == TelemetrySimulatorModel.HealthGateway).Readings
            .Where(r => r.Attribute == TelemetrySimulatorModel.DailyAdmissionsAttribute).ToList();
        Assert.Equal(Roster.Hospitals.Where(h => h.EmergencyDepartment).Select(h => h.Id), round.Select(r => r.EntityId));
        Assert.All(round, r => Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, ChinaStandardTime), r.ObservedAt.ToDateTimeOffset()));
    }

    [Fact]
    public async Task Should_Send_The_Admissions_History_Oldest_First_As_It_Starts()
    {
        // Only the history: batches of many daily counts (a round carries one, yesterday's).
        var published = new List<ReadingBatch>();
        await using var tap = _bus.Subscribe(Topics.TelemetryRaw, "test", (e, _) =>
        {
            var batch = TelemetryContent.Parse(e);
            if (batch.Readings.Count(r => r.Attribute == TelemetrySimulatorModel.DailyAdmissionsAttribute) > 1) lock (published) published.Add(batch);
            return Task.CompletedTask;
        });
        var clock = new ManualClock(Local(7, 55).ToUniversalTime());
        var simulator = new TelemetrySimulator(new TelemetrySimulatorOptions { Enabled = true, AdmissionsHistoryDays = 30 }, JinanData.Options(),
            new FixedSensorRegistry(City.Entities), _bus, clock, NullLogger<TelemetrySimulator>.Instance);
        await simulator.PublishRoundAsync();
        await simulator.PublishAdmissionsHistoryAsync();
        await WaitUntilAsync(() => { lock (published) return published.Count >= 2; });

        var emergency = Roster.Hospitals.Where(h => h.EmergencyDepartment).ToList();
        lock (published)
        {
            Assert.Equal(emergency.Count, published.Count);
            foreach (var batch in published)
            {
                // Days 31 to 2 before today (the 23rd): yesterday comes with every round.
                Assert.Equal(30, batch.Readings.Count);
                Assert.All(batch.Readings, r => Assert.Equal(TelemetrySimulatorModel.DailyAdmissionsAttribute, r.Attribute));
                Assert.Equal(new DateTimeOffset(2026, 10, 24, 0, 0, 0, ChinaStandardTime), batch.Readings[0].ObservedAt.ToDateTimeOffset());
                Assert.Equal(new DateTimeOffset(2026, 11, 22, 0, 0, 0, ChinaStandardTime), batch.Readings[^1].ObservedAt.ToDateTimeOffset());
            }
        }
    }

    [Fact]
    public async Task Should_Move_The_Twins_Values_Tick_By_Tick_Through_The_Telemetry_Path()
    {
        var twin = new TwinService(_store, _bus);
        var ingestor = new TelemetryIngestor(_bus, twin, NullLogger<TelemetryIngestor>.Instance);
        var ingestorSubscription = _bus.SubscribeBatch(Topics.TelemetryRaw, TelemetryIngestor.Subscriber, ingestor.HandleAsync, ingestor.Batches);
        await twin.UpsertAsync(City.Entities, UpsertMode.Replace);
        var clock = new ManualClock(Local(7, 55).ToUniversalTime());
        var simulator = new TelemetrySimulator(new TelemetrySimulatorOptions { Enabled = true }, JinanData.Options(), new FixedSensorRegistry(City.Entities), _bus, clock,
            NullLogger<TelemetrySimulator>.Instance);

        // And each ambulance's terminal its position (the crews are at their stations, with no news to report).
        var readingsPerRound = new TelemetrySimulatorModel(42, ChinaStandardTime).Sample(Roster, Local(8)).Sum(g => g.Readings.Count) + Roster.Ambulances.Count;
        var rounds = new List<IReadOnlyList<Entity>>();
        for (var tick = 0; tick < 3; tick++)
        {
            await simulator.PublishRoundAsync();
            await WaitUntilAsync(() => ingestor.Accepted + ingestor.Rejected >= readingsPerRound * (tick + 1));
            rounds.Add((await _store.QueryAsync(new EntityQuery { Types = [EntityTypes.TrafficFlowObserved, EntityTypes.Substation], Limit = 100 })).Items);
            clock.Now += TimeSpan.FromSeconds(1);
        }

        Assert.Equal(0, ingestor.Rejected);
        Assert.Equal(readingsPerRound * 3, ingestor.Accepted);
        Assert.Equal(3, simulator.Rounds);
        var first = rounds[0].Where(e => e.Type == EntityTypes.TrafficFlowObserved).ToDictionary(e => e.Id, e => e.Properties["averageVehicleSpeed"]);
        var last = rounds[2].Where(e => e.Type == EntityTypes.TrafficFlowObserved).ToDictionary(e => e.Id, e => e.Properties["averageVehicleSpeed"]);
        Assert.Equal(62, last.Count);
        Assert.All(last.Values, p => Assert.InRange(p.Value.Number, 3, 40));
        Assert.All(last.Values, p => Assert.Equal("KMH", p.UnitCode));
        Assert.All(last, p => Assert.Equal(first[p.Key].ObservedAt!.Value.AddSeconds(2), p.Value.ObservedAt));
        Assert.True(last.Count(p => p.Value.Value != first[p.Key].Value) > 40, "most detector speeds should move between ticks");
        Assert.All(rounds[2].Where(e => e.Type == EntityTypes.Substation), s =>
            Assert.InRange(s.Properties["load"].Value.Number, 1, s.Properties["capacity"].Value.Number));

        await ingestorSubscription.DisposeAsync();
    }

    [Fact]
    public async Task A_dispatched_crew_moves_the_ambulance_in_the_twin_and_reports_its_arrival()
    {
        var twin = new TwinService(_store, _bus);
        var ingestor = new TelemetryIngestor(_bus, twin, NullLogger<TelemetryIngestor>.Instance);
        await using var ingesting = _bus.SubscribeBatch(Topics.TelemetryRaw, TelemetryIngestor.Subscriber, ingestor.HandleAsync, ingestor.Batches);
        await twin.UpsertAsync(City.Entities, UpsertMode.Replace);
        var ambulance = Roster.Ambulances[0];
        var hospital = City.Entities.First(e => e.Type == EntityTypes.Hospital);
        // The scene: 1.5 km north of the station as the crow flies, a little more by road.
        var scene = new Position(ambulance.Location.Longitude, ambulance.Location.Latitude + 1500 / 111_320.0);
        var registry = new FixedSensorRegistry(City.Entities)
        {
            Orders = [new CrewOrder(ambulance.Id, "urn:ngsi-ld:EmergencyCall:jinan:c1", scene, hospital.Location!.Anchor)],
        };
        var clock = new ManualClock(Local(9).ToUniversalTime());
        var simulator = new TelemetrySimulator(new TelemetrySimulatorOptions { Enabled = true, TimeAcceleration = 60 }, JinanData.Options(), registry, _bus, clock,
            NullLogger<TelemetrySimulator>.Instance);

        Position Where(Entity e) => Assert.IsType<Point>(e.Location).Coordinates;
        var distances = new List<double>();
        Leg? leg = null;
        for (var round = 0; round < 4; round++)
        {
            await simulator.PublishRoundAsync();
            var crew = simulator.Crews!.IndexOf(ambulance.Id);
            leg ??= simulator.Crews.LegOf(crew);
            // Once out of its station and on its way, on the roads of the twin.
            if (round is 1 or 2) Assert.True(Roster.Roads.MetresToRoad(simulator.Crews.PositionOf(crew)) < 1, $"round {round}: off the roads");
            // The twin holds where the terminal said it is once the reading is applied.
            Entity? held = null;
            for (var i = 0; i < 500; i++)
            {
                held = await _store.GetAsync(ambulance.Id);
                if (GeoMath.HaversineMetres(Where(held!), simulator.Crews.PositionOf(crew)) < 0.5) break;
                await Task.Delay(10);
            }
            Assert.True(GeoMath.HaversineMetres(Where(held!), simulator.Crews.PositionOf(crew)) < 0.5, $"round {round}: the twin never held the crew's position");
            distances.Add(GeoMath.HaversineMetres(Where(held!), scene));
            clock.Now += TimeSpan.FromSeconds(1); // a city minute at 60×
        }
        Assert.Equal(0, ingestor.Rejected);
        Assert.True(distances[0] > 1000, $"the round it heard the order it is at its station ({distances[0]:0} m from the scene)");
        Assert.True(distances[1] < distances[0] - 500, $"a city minute later it has driven towards the scene ({distances[1]:0} m)");
        // By road, no more than 2.25 km: at 45 km/h under 3 minutes; a stay on scene lasts at least 8.4.
        Assert.True(leg is { OnRoads: true } && leg.Length < 2250, $"the way by road to the scene: {leg?.Length:0} m, on roads {leg?.OnRoads}");
        Assert.True(distances[3] < 1, $"three city minutes on it is at the scene ({distances[3]:0.0} m)");
        await WaitUntilAsync(() => _store.GetAsync(ambulance.Id).Result!.Properties["emergencyStatus"].Value.Text == AmbulanceStatus.AtScene);
    }

    [Fact]
    public async Task Should_Wait_Until_The_Twin_Answers_And_Holds_Sensors_Then_Run_On_Its_Own_Timer()
    {
        // The twin is not up yet; then it answers with an empty city; then the city is seeded.
        var registry = new FixedSensorRegistry([]) { Failure = new InvalidOperationException("the twin's address is not known yet") };
        var simulator = new TelemetrySimulator(new TelemetrySimulatorOptions { Enabled = true, Interval = TimeSpan.FromMilliseconds(50), TimeAcceleration = 60 },
            JinanData.Options(), registry, _bus, TimeProvider.System, NullLogger<TelemetrySimulator>.Instance);
        var sensorsPerRound = Roster.SensorCount;
        var events = new ConcurrentDictionary<string, int>();
        await using var counting = _bus.Subscribe(Topics.TelemetryRaw, "test", (e, _) =>
        {
            Assert.True(TelemetryContent.IsTelemetry(e));
            Assert.StartsWith(TelemetrySimulator.SourcePrefix, e.Source);
            // One event per sensor per round, keyed by the sensor's entity id, holding only that sensor's readings.
            Assert.All(TelemetryContent.Parse(e).Readings, r => Assert.Equal(e.Subject, r.EntityId));
            events.AddOrUpdate(e.Subject!, 1, (_, n) => n + 1);
            return Task.CompletedTask;
        });

        // The simulator starts first and keeps asking, publishing nothing, until the twin holds sensors.
        await simulator.StartAsync(default);
        await WaitUntilAsync(() => registry.Reads >= 2);
        registry.Failure = null;
        var asked = registry.Reads;
        await WaitUntilAsync(() => registry.Reads >= asked + 2);
        Assert.Equal(0, simulator.Rounds);
        Assert.True(events.IsEmpty);
        registry.Entities = City.Entities;
        await WaitUntilAsync(() => simulator.Rounds >= 3);
        await simulator.StopAsync(default);

        // The bus delivers asynchronously: let the subscriber catch up with what was published.
        var rounds = simulator.Rounds;
        // Hospitals with an emergency department also sent their admissions history as the simulator started: one event more.
        var withHistory = Roster.Hospitals.Where(h => h.EmergencyDepartment).Select(h => h.Id).ToHashSet();
        try
        {
            await WaitUntilAsync(() => events.Values.Sum() >= rounds * sensorsPerRound + withHistory.Count);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{events.Values.Sum()} telemetry events for {rounds} rounds ({sensorsPerRound} sensors a round)");
        }
        Assert.Equal(sensorsPerRound, events.Count);
        Assert.All(events, e => Assert.Equal(rounds + (withHistory.Contains(e.Key) ? 1 : 0), e.Value));
        // Sixty city seconds pass per wall second.
        var cityTime = simulator.CityTime!.Value;
        Assert.True(cityTime - DateTimeOffset.UtcNow > TimeSpan.FromSeconds(5), $"city time {cityTime} should run ahead of the clock");
    }

    [Fact]
    public void Should_Start_The_City_Clock_At_The_Chosen_Time_Of_Day()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
        var simulator = new TelemetrySimulator(
            new TelemetrySimulatorOptions { Enabled = true, TimeAcceleration = 60, StartTimeOfDay = TimeSpan.FromHours(7.5) },
            JinanData.Options(), new FixedSensorRegistry(City.Entities), _bus, clock, NullLogger<TelemetrySimulator>.Instance);

        Assert.Equal(Local(7, 30), simulator.CityTimeAt(clock.GetUtcNow()));
        Assert.Equal(Local(7, 31), simulator.CityTimeAt(clock.GetUtcNow().AddSeconds(1)));
    }

    [Theory]
    [InlineData("Interval", "00:00:00")]
    [InlineData("TimeAcceleration", "0")]
    [InlineData("StartTimeOfDay", "1.00:00:00")]
    public void Should_Name_The_Setting_That_Is_Out_Of_Range(string key, string value)
    {
        var options = key switch
        {
            "Interval" => new TelemetrySimulatorOptions { Interval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            "TimeAcceleration" => new TelemetrySimulatorOptions { TimeAcceleration = double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            _ => new TelemetrySimulatorOptions { StartTimeOfDay = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
        };
        var e = Assert.Throws<InvalidOperationException>(() => options.Validated());
        Assert.Contains($"CityMesh:Telemetry:{key}", e.Message);
    }

    private static string Flatten(IReadOnlyList<GatewayBatch> batches) =>
        string.Join("\n", batches.SelectMany(b => b.Readings).Select(r => $"{r.EntityId} {r.Attribute} {r.Number} {r.Flag}"));

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition never held");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _store.DisposeAsync();
    }
}
