using System.Collections.Concurrent;
using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Messaging.Telemetry;
using CityMesh.Server;
using CityMesh.Twin;
using CityMesh.Twin.Model;
using CityMesh.Twin.Query;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Sensors.Tests;

/// <summary>
/// The sensors target against a real twin: the server as <c>--target twin,sensors</c> on loopback (HTTP and gRPC each
/// on a free port), seeding Jinan. The sensors learn the city through the twin read API over gRPC, publish on
/// <c>telemetry.raw</c>, and their readings land in the twin and set the dashboard's clock.
/// </summary>
public sealed class SensorsAgainstARealTwinTests : IAsyncLifetime
{
    private const string ViewerKey = "viewer-key-for-the-sensors-0123456";
    private const int JinanDetectors = 62;

    /// <summary>Every reading the sensors published: (entity, attribute, observedAt) → value.</summary>
    private readonly ConcurrentDictionary<(string, string, DateTimeOffset), double> _published = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        _app = CityMeshHost.Build(["--target", "twin,sensors"], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CityMesh:Twin:Store"] = "memory",
                ["CityMesh:City:Enabled"] = "true",
                ["CityMesh:City:RoadNetwork"] = JinanData.RoadNetworkPath,
                ["CityMesh:Telemetry:Enabled"] = "true",
                ["CityMesh:Telemetry:Interval"] = "00:00:00.200",
                ["CityMesh:Telemetry:TimeAcceleration"] = "60",
                ["CityMesh:Telemetry:StartTimeOfDay"] = "08:00:00",
                ["CityMesh:Access:ApiKeys:0:Name"] = "wall-screen",
                ["CityMesh:Access:ApiKeys:0:Role"] = "viewer",
                ["CityMesh:Access:ApiKeys:0:Key"] = ViewerKey,
                ["Logging:LogLevel:Default"] = "Warning",
            });
        });
        _app.Services.GetRequiredService<IEventBus>().Subscribe(Topics.TelemetryRaw, "test-sensor-tap", (e, _) =>
        {
            if (e.Source.StartsWith(TelemetrySimulator.SourcePrefix, StringComparison.Ordinal))
                foreach (var r in TelemetryContent.Parse(e).Readings)
                    if (r.ValueCase == Reading.ValueOneofCase.Number) _published[(r.EntityId, r.Attribute, r.ObservedAt.ToDateTimeOffset())] = r.Number;
            return Task.CompletedTask;
        });
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Should_Read_The_Roster_Through_The_Read_API_And_Put_Every_Detectors_Readings_Into_The_Twin()
    {
        using var http = new HttpClient { BaseAddress = new Uri(GrpcPort.HttpAddress(_app)) };
        http.DefaultRequestHeaders.Add("X-Api-Key", ViewerKey);
        using (var targets = JsonDocument.Parse(await http.GetStringAsync("/targets")))
            Assert.Equal(["twin", "sensors"], targets.RootElement.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));

        var simulator = _app.Services.GetRequiredService<TelemetrySimulator>();
        var store = _app.Services.GetRequiredService<TwinService>().Store;
        await EventuallyAsync(async () => await DetectorsFedBySensorsAsync(store) == JinanDetectors,
            async () => $"{await DetectorsFedBySensorsAsync(store)} of {JinanDetectors} detectors hold a published speed after {simulator.Rounds} rounds");

        // The roster came from the twin: every sensor of the seeded city, roads' lanes and limits included.
        var roster = simulator.Roster!;
        Assert.Equal(JinanDetectors, roster.Detectors.Count);
        Assert.All(roster.Detectors, d => Assert.Equal((3, 40.0), (d.Lanes, d.FreeSpeed)));
        Assert.NotEmpty(roster.Signals);

        // The dashboard's clock is the city's, told by the readings the twin applied: sixty city seconds a second.
        await EventuallyAsync(async () => (await ClockAsync(http)).Acceleration == 60, async () => $"dashboard clock {await ClockAsync(http)}");
        var (cityTime, _) = await ClockAsync(http);
        var simulated = simulator.CityTime!.Value;
        Assert.True((cityTime!.Value - simulated).Duration() < TimeSpan.FromMinutes(2), $"dashboard city time {cityTime} is not the sensors' {simulated}");
    }

    /// <summary>Detectors whose current speed in the twin is a reading the sensors published, value and time alike.</summary>
    private async Task<int> DetectorsFedBySensorsAsync(CityMesh.Twin.Storage.ITwinStore store)
    {
        var detectors = (await store.QueryAsync(new EntityQuery { Types = [EntityTypes.TrafficFlowObserved], Limit = 100 })).Items;
        return detectors.Count(d => d.Properties.TryGetValue("averageVehicleSpeed", out var speed) && speed.ObservedAt is { } at
            && _published.TryGetValue((d.Id, "averageVehicleSpeed", at), out var value) && value == speed.Value.Number);
    }

    private static async Task<(DateTimeOffset? CityTime, double? Acceleration)> ClockAsync(HttpClient http)
    {
        using var city = JsonDocument.Parse(await http.GetStringAsync("/dashboard/city.json"));
        var root = city.RootElement;
        return (root.TryGetProperty("cityTime", out var t) ? t.GetDateTimeOffset() : null,
            root.TryGetProperty("timeAcceleration", out var a) ? a.GetDouble() : null);
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail(await describe());
            await Task.Delay(100);
        }
    }
}
