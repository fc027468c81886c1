using CityMesh.Simulation.Tests.Import;
using CityMesh.Contracts.Twin;
using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using CityMesh.Simulation.Traffic.Import;
using CityMesh.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Seeding;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Sensors.Tests;

/// <summary>The detectors of a city seeded from a SUMO network, fed from a running simulation of SUMO's demand.</summary>
public sealed class SumoTrafficTests
{
    private static CityOptions A10City => new()
    {
        Enabled = true,
        Name = "A10KW",
        RoadNetwork = SumoExamples.A10,
        RoadNetworkFormat = RoadNetworkFormat.Sumo,
    };

    [SumoExamplesFact]
    public void Reads_a_road_by_its_RoadSegments_local_id_SUMOs_id_escaped()
    {
        var traffic = new SimulatedTraffic(TrafficInputs.FromSumo(SumoExamples.A10, SumoExamples.A10Routes, seed: 1), seed: 1);

        traffic.AdvanceTo(600);

        Assert.True(traffic.TryRead(EntityIds.LocalIdOf("-156640643#1"), out _));
        Assert.False(traffic.TryRead("-156640643%23999", out _));
        var readings = traffic.Network.Edges.Select(e => traffic.TryRead(EntityIds.LocalIdOf(e.Id), out var r) ? r : throw new Xunit.Sdk.XunitException(e.Id)).ToList();
        Assert.Contains(readings, r => r.Intensity > 0);
        Assert.All(readings, r => Assert.InRange(r.Occupancy, 0, 1));
    }

    [SumoExamplesFact]
    public async Task The_A10_detectors_report_the_simulated_traffic_into_the_twin()
    {
        await using var bus = new InMemoryEventBus();
        await using var store = new MemoryTwinStore();
        var twin = new TwinService(store, bus);
        var ingestor = new TelemetryIngestor(bus, twin, NullLogger<TelemetryIngestor>.Instance);
        var ingestorSubscription = bus.SubscribeBatch(Topics.TelemetryRaw, TelemetryIngestor.Subscriber, ingestor.HandleAsync, ingestor.Batches);
        var city = CityGenerator.Build(CityRoadNetwork.Load(A10City), A10City);
        await twin.UpsertAsync(city.Entities, UpsertMode.Replace);
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var simulator = new TelemetrySimulator(new TelemetrySimulatorOptions { Enabled = true, TimeAcceleration = 300, TrafficFlow = SumoExamples.A10Routes },
            A10City, new FixedSensorRegistry(city.Entities), bus, clock, NullLogger<TelemetrySimulator>.Instance);

        await simulator.PublishRoundAsync();
        clock.Now += TimeSpan.FromSeconds(2); // 600 city seconds of A10's demand
        await simulator.PublishRoundAsync();
        var traffic = simulator.Traffic!;
        // Every detector reads its own road of the simulation: the roster's road ids are the RoadSegments' local ids.
        var expected = simulator.Roster!.Detectors.ToDictionary(d => d.Id, d => traffic.TryRead(d.Road!, out var r) ? r : throw new Xunit.Sdk.XunitException($"{d.Road} not simulated"));
        Assert.Equal(462, expected.Count); // 509 edges, less 47 footways and cycle paths

        var busy = expected.Where(e => Math.Round(e.Value.Intensity) > 0).Select(e => e.Key).ToHashSet();
        Assert.NotEmpty(busy);
        var detectors = new List<Entity>();
        for (var i = 0; i < 500 && (detectors.Count == 0 || detectors.Where(d => busy.Contains(d.Id)).Any(d => !d.Properties.TryGetValue("intensity", out var p) || p.Value.Number != Math.Round(expected[d.Id].Intensity))); i++)
        {
            await Task.Delay(10);
            detectors = [.. (await store.QueryAsync(new EntityQuery { Types = [EntityTypes.TrafficFlowObserved], Limit = 1000 })).Items];
        }
        Assert.All(detectors.Where(d => busy.Contains(d.Id)), d => Assert.Equal(Math.Round(expected[d.Id].Intensity), d.Properties["intensity"].Value.Number));
        Assert.Equal(0, ingestor.Rejected);
        await ingestorSubscription.DisposeAsync();
    }

    [Fact]
    public void Names_the_setting_when_SUMO_routes_cannot_be_read()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such.rou.xml");
        var failure = Assert.Throws<InvalidOperationException>(() => new TelemetrySimulator(
            new TelemetrySimulatorOptions { Enabled = true, TrafficFlow = missing }, A10City, new FixedSensorRegistry([]),
            new InMemoryEventBus(), TimeProvider.System, NullLogger<TelemetrySimulator>.Instance));
        Assert.Contains("CityMesh:Telemetry:TrafficFlow", failure.Message);
        Assert.Contains("no-such.rou.xml", failure.Message);
    }
}
