using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Messaging.Subscriptions;
using CityMesh.Twin.Dashboard;
using CityMesh.Twin.Model;
using CityMesh.Twin.Seeding;
using CityMesh.Twin.Storage;
using CityMesh.Twin.Storage.Memory;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CityMesh.Twin.Tests.Seeding;

/// <summary>The dashboard's endpoints on a real Kestrel, over a seeded in-memory twin.</summary>
public sealed class DashboardTests : IAsyncLifetime
{
    private const string Detector = "urn:ngsi-ld:TrafficFlowObserved:jinan:road_0_1_0";

    private readonly InMemoryEventBus _bus = new();
    private readonly MemoryTwinStore _store = new();
    private readonly DashboardFeed _feed;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private TwinService _twin = null!;

    public DashboardTests() => _feed = new DashboardFeed { ViewerCapacity = 16 };

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IEventBus>(_bus);
        builder.Services.AddSingleton<ITwinStore>(_store);
        builder.Services.AddSingleton<TwinService>();
        builder.Services.AddSingleton(JinanData.Options());
        builder.Services.AddSingleton(_feed);
        builder.Services.AddDashboard();
        // As the twin module declares it.
        builder.Services.AddEventHandler<DashboardFeed>(Topics.TwinChanged, DashboardFeed.Subscriber);
        builder.Services.AddEventSubscriptions();
        TestCallers.AddAccess(builder);
        _app = builder.Build();
        TestCallers.UseAccess(_app);
        _app.MapDashboard();
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Urls.Single()) }.AsAdmin();
        _twin = _app.Services.GetRequiredService<TwinService>();
        await _twin.UpsertAsync(JinanData.City().Entities, UpsertMode.Replace);
    }

    [Fact]
    public async Task Should_Serve_The_Page_Its_Script_And_Style_From_The_Assembly()
    {
        var page = await _http.GetAsync("/");
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<svg id=\"city\"", html);
        Assert.Contains("src=\"/dashboard/app.js\"", html);
        Assert.DoesNotContain("https://", html);

        var script = await _http.GetAsync("/dashboard/app.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("new EventSource('/dashboard/events')", await script.Content.ReadAsStringAsync());
        // The energy layers, a script of their own, loaded before the page's script that calls them.
        var energy = await _http.GetAsync("/dashboard/energy.js");
        Assert.Equal("text/javascript", energy.Content.Headers.ContentType?.MediaType);
        Assert.Contains("window.CityMeshEnergy", await energy.Content.ReadAsStringAsync());
        Assert.True(html.IndexOf("src=\"/dashboard/energy.js\"", StringComparison.Ordinal) < html.IndexOf("src=\"/dashboard/app.js\"", StringComparison.Ordinal),
            "energy.js must load before app.js, which calls it");
        var style = await _http.GetAsync("/dashboard/app.css");
        Assert.Equal("text/css", style.Content.Headers.ContentType?.MediaType);
        // The operations center's parts: each served, each loaded by the page after app.js, whose map they work on.
        foreach (var part in new[] { "ops.js", "tabs.js", "layers.js", "timeline.js", "evidence.js", "inbox.js", "incidents.js", "scenarios.js" })
        {
            var served = await _http.GetAsync("/dashboard/" + part);
            Assert.True(served.StatusCode == HttpStatusCode.OK, $"{part}: {served.StatusCode}");
            Assert.True(html.IndexOf($"src=\"/dashboard/{part}\"", StringComparison.Ordinal) > html.IndexOf("src=\"/dashboard/app.js\"", StringComparison.Ordinal),
                $"{part} must load after app.js");
        }

        // Revalidation is cheap: the same ETag gets 304 Not Modified.
        var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/app.js");
        again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(script.Headers.ETag!.ToString()));
        Assert.Equal(HttpStatusCode.NotModified, (await _http.SendAsync(again)).StatusCode);
    }

    [Fact]
    public async Task Should_Describe_The_City_With_Geometry_And_Current_Values()
    {
        var at = DateTimeOffset.UtcNow;
        await _twin.ApplyAsync([new Observation(Detector, "averageVehicleSpeed", TwinValue.Of(31.5), at, "KMH")]);
        await _store.CreateAsync(new Entity { Id = "urn:ngsi-ld:Person:jinan:p1", Type = EntityTypes.Person, Location = new CityMesh.Contracts.Geo.Point(117.02, 36.66) });

        using var city = JsonDocument.Parse(await _http.GetStringAsync("/dashboard/city.json"));
        var root = city.RootElement;
        Assert.Equal("Jinan", root.GetProperty("city").GetProperty("name").GetString());
        Assert.Equal(480, root.GetProperty("city").GetProperty("utcOffsetMinutes").GetInt32());
        var bounds = root.GetProperty("city").GetProperty("bounds").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        Assert.InRange(bounds[0], 117.0, 117.03);
        Assert.InRange(bounds[3], 36.67, 36.69);
        Assert.Equal(62, root.GetProperty("counts").GetProperty("RoadSegment").GetInt32());
        Assert.False(root.GetProperty("truncated").GetBoolean());

        var entities = root.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        Assert.Equal(JinanData.City().Entities.Count, entities.Count);
        Assert.DoesNotContain("urn:ngsi-ld:Person:jinan:p1", entities.Keys);

        var road = entities["urn:ngsi-ld:RoadSegment:jinan:road_0_1_0"];
        Assert.Equal("LineString", road.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(2, road.GetProperty("geometry").GetProperty("coordinates").GetArrayLength());
        Assert.Equal(40, road.GetProperty("properties").GetProperty("maxSpeed").GetProperty("value").GetDouble());
        Assert.Equal("KMH", road.GetProperty("properties").GetProperty("maxSpeed").GetProperty("unitCode").GetString());
        Assert.Equal("urn:ngsi-ld:Intersection:jinan:intersection_1_1", road.GetProperty("relationships").GetProperty("refEndIntersection").GetString());

        var speed = entities[Detector].GetProperty("properties").GetProperty("averageVehicleSpeed");
        Assert.Equal(31.5, speed.GetProperty("value").GetDouble());
        Assert.Equal(at, speed.GetProperty("observedAt").GetDateTimeOffset(), TimeSpan.FromMilliseconds(1));
        var signal = entities["urn:ngsi-ld:TrafficSignal:jinan:intersection_1_1"];
        Assert.Equal(JsonValueKind.Array, signal.GetProperty("properties").GetProperty("phases").GetProperty("value").ValueKind);
        var building = entities.Values.First(e => e.GetProperty("type").GetString() == "Building");
        Assert.Equal("Polygon", building.GetProperty("geometry").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Should_Carry_What_The_Energy_Layers_Draw_Cables_Between_Placed_Buses_Their_Loading_And_Roofs_Solar_Class()
    {
        var seeded = JinanData.City().Entities;
        var line = seeded.First(e => e.Type == EntityTypes.ACLineSegment).Id;
        var roof = seeded.First(e => e.Type == EntityTypes.Building).Id;
        var at = DateTimeOffset.UtcNow;
        // As the energy service writes them: a cable's loading, a roof's class and its irradiation.
        await _twin.ApplyAsync([
            new Observation(line, "loading", TwinValue.Of(72.5), at, UnitCodes.Percent),
            new Observation(roof, "solarClass", TwinValue.Of("moderate"), at),
            new Observation(roof, "solarIrradiation", TwinValue.Of(812.4), at),
        ]);

        using var city = JsonDocument.Parse(await _http.GetStringAsync("/dashboard/city.json"));
        var entities = city.RootElement.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("id").GetString()!);
        var cable = entities[line];
        // Placed along the straight line between its buses, as the page draws it from its startsAt/endsAt.
        Assert.Equal("LineString", cable.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(72.5, cable.GetProperty("properties").GetProperty("loading").GetProperty("value").GetDouble());
        Assert.True(cable.GetProperty("properties").GetProperty("ratedPower").GetProperty("value").GetDouble() > 0);
        foreach (var end in new[] { "startsAt", "endsAt" })
        {
            var bus = entities[cable.GetProperty("relationships").GetProperty(end).GetString()!];
            Assert.Equal("BusbarSection", bus.GetProperty("type").GetString());
            Assert.Equal("Point", bus.GetProperty("geometry").GetProperty("type").GetString());
        }
        var building = entities[roof].GetProperty("properties");
        Assert.Equal("moderate", building.GetProperty("solarClass").GetProperty("value").GetString());
        Assert.Equal(812.4, building.GetProperty("solarIrradiation").GetProperty("value").GetDouble());
        // Every type the grid layer draws or lists is in the snapshot, none cut.
        foreach (var type in new[] { "BusbarSection", "ACLineSegment", "Switch", "PowerTransformer", "Feeder", "EVChargingStation" })
            Assert.Equal(seeded.Count(e => e.Type == type), city.RootElement.GetProperty("counts").GetProperty(type).GetInt32());
    }

    [Fact]
    public async Task Should_Stream_A_Snapshot_Then_The_Twins_Changes()
    {
        using var stream = await OpenEventsAsync();
        var (name, data) = await stream.NextAsync();
        Assert.Equal("snapshot", name);
        Assert.Equal(62, data.RootElement.GetProperty("counts").GetProperty("RoadSegment").GetInt32());

        await _twin.ApplyAsync([new Observation(Detector, "intensity", TwinValue.Of(777), DateTimeOffset.UtcNow)]);

        (name, data) = await stream.NextAsync();
        Assert.Equal("changes", name);
        Assert.True(data.RootElement.TryGetProperty("time", out _));
        var change = Assert.Single(data.RootElement.GetProperty("changes").EnumerateArray());
        Assert.Equal(Detector, change.GetProperty("id").GetString());
        Assert.Equal("updated", change.GetProperty("change").GetString());
        Assert.Equal(777, change.GetProperty("attributes").GetProperty("intensity").GetDouble());
    }

    [Fact]
    public async Task Should_Send_A_Fresh_Snapshot_To_A_Viewer_That_Falls_Behind()
    {
        using var stream = await OpenEventsAsync();
        Assert.Equal("snapshot", (await stream.NextAsync()).Name);
        await WaitUntilAsync(() => _feed.ViewerCount == 1);

        // Far more changes than the viewer's queue holds, faster than the stream drains them.
        for (var i = 0; i < 200; i++)
        {
            var change = new TwinChange(Detector, EntityTypes.TrafficFlowObserved, TwinChangeKind.Updated, new Dictionary<string, object?> { ["intensity"] = i });
            await _feed.HandleAsync(CloudEvent.Create(TwinChangeBatch.Source, TwinChangeBatch.EventType, new TwinChangeBatch([change]),
                TwinChangeBatch.ShardOf(Detector), TwinService.EventJson), default);
        }

        var (name, data) = await stream.NextAsync();
        Assert.Equal("snapshot", name);
        Assert.Equal(62, data.RootElement.GetProperty("counts").GetProperty("RoadSegment").GetInt32());
    }

    [Fact]
    public async Task Should_Dead_Letter_A_Batch_Without_Changes_And_Skip_Events_Of_Other_Types()
    {
        var feed = new DashboardFeed();
        using var viewer = feed.Join();
        using var wrong = JsonDocument.Parse("""{"changes":{"id":"x"}}""");
        var e = await Assert.ThrowsAsync<PoisonEventException>(() =>
            feed.HandleAsync(new CloudEvent { Id = "bad", Source = "s", Type = TwinChangeBatch.EventType, Data = wrong.RootElement.Clone() }, default));
        Assert.Contains("twin.changed event bad: changes", e.Message);

        using var v1 = JsonDocument.Parse("""{"id":"x","type":"T","change":"updated","attributes":{}}""");
        await feed.HandleAsync(new CloudEvent { Id = "old", Source = "s", Type = "io.citymesh.twin.changed", Data = v1.RootElement.Clone() }, default);
        Assert.False(viewer.Changes.TryRead(out _));
    }

    [Fact]
    public void Should_Bound_Each_Viewer_And_Resynchronise_It_Once()
    {
        var feed = new DashboardFeed { ViewerCapacity = 4 };
        using var viewer = feed.Join();
        using var data = JsonDocument.Parse("""{"changes":[{"id":"x","type":"T","change":"updated","attributes":{}}]}""");
        // Ten batches of one, then one batch of ten: the queue counts changes, not events.
        for (var i = 0; i < 10; i++) feed.HandleAsync(new CloudEvent { Id = $"{i}", Source = "s", Type = TwinChangeBatch.EventType, Data = data.RootElement.Clone() }, default);

        Assert.True(viewer.TakeResync());
        Assert.False(viewer.Changes.TryRead(out _));
        Assert.False(viewer.TakeResync());
        feed.HandleAsync(new CloudEvent { Id = "after", Source = "s", Type = TwinChangeBatch.EventType, Data = data.RootElement.Clone() }, default);
        Assert.True(viewer.Changes.TryRead(out _));
        Assert.Equal(1, viewer.Resyncs);

        using var ten = JsonDocument.Parse($$"""{"changes":[{{string.Join(",", Enumerable.Repeat("""{"id":"x","type":"T","change":"updated","attributes":{}}""", 10))}}]}""");
        feed.HandleAsync(new CloudEvent { Id = "ten", Source = "s", Type = TwinChangeBatch.EventType, Data = ten.RootElement.Clone() }, default);
        Assert.True(viewer.TakeResync());
        Assert.Equal(2, viewer.Resyncs);

        viewer.Dispose();
        Assert.Equal(0, feed.ViewerCount);
    }

    private async Task<EventStream> OpenEventsAsync()
    {
        var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/dashboard/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>Reads Server-Sent Events: <c>event:</c> and <c>data:</c> lines up to a blank line; comments skipped.</summary>
    private sealed class EventStream(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public async Task<(string Name, JsonDocument Data)> NextAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            string? name = null;
            string? data = null;
            while (true)
            {
                var line = await reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("the event stream ended");
                if (line.StartsWith(':')) continue;
                if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line["data: ".Length..];
                else if (line.Length == 0 && name is not null && data is not null) return (name, JsonDocument.Parse(data));
            }
        }

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the condition never held");
            await Task.Delay(10);
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _bus.DisposeAsync();
    }
}
