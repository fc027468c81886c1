using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using CityMesh.Twin.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Sensors.Tests;

/// <summary>The twin's detectors fed from a running traffic simulation of the Jinan flow.</summary>
public sealed class SimulatedTrafficTests
{
    private static readonly string FlowPath = JinanData.FlowPath;

    [Fact]
    public void Should_Read_Vehicles_On_Roads_Once_The_Flow_Has_Loaded_The_Network()
    {
        var traffic = new SimulatedTraffic(JinanData.RoadNetworkPath, FlowPath, seed: 1);
        var roads = traffic.Network.Edges.Select(e => e.Id).ToList();
        Assert.All(roads, r => Assert.True(traffic.TryRead(r, out var empty) && empty.Intensity == 0 && empty.Occupancy == 0));
        Assert.False(traffic.TryRead("no_such_road", out _));

        traffic.AdvanceTo(600);

        Assert.InRange(traffic.Time, 600, 601);
        var readings = roads.Select(r => traffic.TryRead(r, out var x) ? x : default).ToList();
        Assert.Contains(readings, r => r.Intensity > 0);
        Assert.All(readings, r => Assert.InRange(r.Speed, 0, 11.12 * 3.6 + 0.01)); // CityFlow's cars are capped at 11.111 m/s
        Assert.All(readings, r => Assert.InRange(r.Occupancy, 0, 1));
    }

    [Fact]
    public void Should_Start_A_New_Episode_After_Each_Hour()
    {
        var traffic = new SimulatedTraffic(JinanData.RoadNetworkPath, FlowPath, seed: 1, episodeSeconds: 120);
        traffic.AdvanceTo(200);
        Assert.Equal(2, traffic.Episodes);
        traffic.AdvanceTo(300);
        Assert.Equal(3, traffic.Episodes);
        Assert.InRange(traffic.Time, 300, 301);

        // A clock far ahead skips the episodes in between rather than replaying them.
        traffic.AdvanceTo(100_000);
        Assert.Equal(4, traffic.Episodes);
        Assert.InRange(traffic.Time, 100_000, 100_001);
    }

    [Fact]
    public async Task Should_Put_The_Simulated_Readings_Into_The_Twin_Through_The_Telemetry_Path()
    {
        await using var bus = new InMemoryEventBus();
        await using var store = new MemoryTwinStore();
        var twin = new TwinService(store, bus);
        var ingestor = new TelemetryIngestor(bus, twin, NullLogger<TelemetryIngestor>.Instance);
        var ingestorSubscription = bus.SubscribeBatch(Topics.TelemetryRaw, TelemetryIngestor.Subscriber, ingestor.HandleAsync, ingestor.Batches);
        var city = JinanData.City();
        await twin.UpsertAsync(city.Entities, UpsertMode.Replace);
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero));
        var simulator = new TelemetrySimulator(new TelemetrySimulatorOptions { Enabled = true, TimeAcceleration = 300, TrafficFlow = FlowPath },
            JinanData.Options(), new FixedSensorRegistry(city.Entities), bus, clock, NullLogger<TelemetrySimulator>.Instance);

        await simulator.PublishRoundAsync();
        clock.Now += TimeSpan.FromSeconds(2); // 600 city seconds: the flow has loaded the roads
        await simulator.PublishRoundAsync();
        var traffic = simulator.Traffic!;
        Assert.InRange(traffic.Time, 600, 601);
        var expected = simulator.Roster!.Detectors.ToDictionary(d => d.Id, d => traffic.TryRead(d.Road!, out var r) ? r : throw new Xunit.Sdk.XunitException($"{d.Road} not simulated"));

        // Ingestion is asynchronous: poll until every detector has its reading (some may not have one yet).
        var detectors = new List<Entity>();
        for (var i = 0; i < 500 && (detectors.Count == 0 || detectors.Any(d => !d.Properties.TryGetValue("intensity", out var p) || p.Value.Number != Math.Round(expected[d.Id].Intensity))); i++)
        {
            await Task.Delay(10);
            detectors = [.. (await store.QueryAsync(new EntityQuery { Types = [EntityTypes.TrafficFlowObserved], Limit = 100 })).Items];
        }

        Assert.Equal(62, detectors.Count);
        Assert.All(detectors, d => Assert.Equal(Math.Round(expected[d.Id].Intensity), d.Properties["intensity"].Value.Number));
        Assert.All(detectors, d => Assert.Equal(Math.Round(expected[d.Id].Speed, 1), d.Properties["averageVehicleSpeed"].Value.Number));
        Assert.Contains(detectors, d => d.Properties["intensity"].Value.Number > 0);
        Assert.Equal(0, ingestor.Rejected);
        await ingestorSubscription.DisposeAsync();
    }

    [Fact]
    public void Should_Name_The_Setting_When_The_Flow_Cannot_Be_Read()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-flow.json");
        var failure = Assert.Throws<InvalidOperationException>(() => new TelemetrySimulator(
            new TelemetrySimulatorOptions { Enabled = true, TrafficFlow = missing }, JinanData.Options(), new FixedSensorRegistry([]),
            new InMemoryEventBus(), TimeProvider.System, NullLogger<TelemetrySimulator>.Instance));
        Assert.Contains("CityMesh:Telemetry:TrafficFlow", failure.Message);
        Assert.Contains("no-such-flow.json", failure.Message);
    }
}
