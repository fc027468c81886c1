using CityMesh.Contracts.Twin;
using CityMesh.Limits.Settings;
using CityMesh.Messaging;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using CityMesh.Twin.Seeding;
using CityMesh.Twin.Storage.Memory;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;

namespace CityMesh.Twin.Tests.Seeding;

public sealed class CitySeederTests : IAsyncDisposable
{
    private readonly InMemoryEventBus _bus = new();
    private readonly MemoryTwinStore _store = new();

    private CitySeeder Seeder(CityOptions options) => new(options, new TwinService(_store, _bus), NullLogger<CitySeeder>.Instance);

    [Fact]
    public async Task Should_Seed_The_Twin_And_Report_Ready_Only_When_Done()
    {
        var seeder = Seeder(JinanData.Options() with { BatchSize = 100 });
        var before = await seeder.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Unhealthy, before.Status);

        await seeder.StartAsync(default);
        var city = await seeder.Seeded.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(city.Entities.Count, await _store.CountAsync());
        var roads = await _store.QueryAsync(new EntityQuery { Types = [EntityTypes.RoadSegment], Limit = 100 });
        Assert.Equal(62, roads.TotalCount);
        var after = await seeder.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Healthy, after.Status);
        Assert.Contains($"{city.Entities.Count} entities", after.Description);
        await seeder.StopAsync(default);
    }

    [Fact]
    public async Task Should_Keep_What_Telemetry_Added_When_Seeding_Again()
    {
        var first = Seeder(JinanData.Options());
        await first.StartAsync(default);
        await first.Seeded;
        const string detector = "urn:ngsi-ld:TrafficFlowObserved:jinan:road_0_1_0";
        await _store.ApplyAsync([new Observation(detector, "intensity", TwinValue.Of(420), DateTimeOffset.UtcNow)]);

        var second = Seeder(JinanData.Options());
        await second.StartAsync(default);
        await second.Seeded;

        var entity = await _store.GetAsync(detector);
        Assert.Equal(420, entity!.Properties["intensity"].Value.Number);
        Assert.Equal((await first.Seeded).Entities.Count, await _store.CountAsync());
    }

    [Fact]
    public async Task Should_Refuse_To_Start_When_The_Road_Network_Is_Missing()
    {
        var seeder = Seeder(JinanData.Options() with { RoadNetwork = "/nowhere/roadnet.json" });

        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => seeder.StartAsync(default));
        Assert.Contains("CityMesh:City:RoadNetwork", e.Message);
        Assert.Contains("/nowhere/roadnet.json", e.Message);
    }

    [Fact]
    public async Task Should_Refuse_To_Start_When_The_Road_Network_Is_Malformed()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "{\"intersections\": [], \"roads\": [{\"id\": 7}]}");
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Seeder(JinanData.Options() with { RoadNetwork = path }).StartAsync(default));
            Assert.Contains("roads[0].id must be a string, not 7", e.Message);
            Assert.Contains("CityMesh:City:RoadNetwork", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _store.DisposeAsync();
    }
}
