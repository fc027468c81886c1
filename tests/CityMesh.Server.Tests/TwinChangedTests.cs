using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using CityMesh.Contracts.Twin;
using CityMesh.Messaging;
using CityMesh.Twin;
using Microsoft.Extensions.DependencyInjection;

namespace CityMesh.Server.Tests;

/// <summary>Every write through the API tells the city: a change per written entity, in twin.changed batches.</summary>
public sealed class TwinChangedTests(TwinApiFactory factory) : IClassFixture<TwinApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = factory.CreateClient();
    private readonly Channel<(CloudEvent Event, JsonElement Change)> _events = Channel.CreateUnbounded<(CloudEvent, JsonElement)>();
    private IAsyncDisposable? _subscription;

    public Task InitializeAsync()
    {
        var bus = factory.Services.GetRequiredService<IEventBus>();
        _subscription = bus.Subscribe(Topics.TwinChanged, $"test-{Guid.NewGuid():N}", async (e, ct) =>
        {
            foreach (var change in e.Data.GetProperty("changes").EnumerateArray()) await _events.Writer.WriteAsync((e, change), ct);
        });
        return Task.CompletedTask;
    }

    private static string IdOf(JsonElement change) => change.GetProperty("id").GetString()!;

    public async Task DisposeAsync()
    {
        if (_subscription is not null) await _subscription.DisposeAsync();
    }

    /// <summary>The next change of <paramref name="id"/> and its event; changes of other tests' entities are skipped.</summary>
    private async Task<(CloudEvent Event, JsonElement Data)> NextAsync(string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var (e, change) = await _events.Reader.ReadAsync(timeout.Token);
            if (IdOf(change) == id) return (e, change);
        }
    }

    private void AssertNoMoreFor(string id)
    {
        while (_events.Reader.TryRead(out var e)) Assert.NotEqual(id, IdOf(e.Change));
    }

    [Fact]
    public async Task Create_publishes_created_with_the_values()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        var (e, data) = await NextAsync(id);
        Assert.Equal(TwinChangeBatch.EventType, e.Type);
        Assert.Equal(TwinChangeBatch.Source, e.Source);
        Assert.Equal(TwinChangeBatch.ShardOf(id), e.Subject); // the partition key: every change of the entity in one partition
        Assert.Equal(id, data.GetProperty("id").GetString());
        Assert.Equal("RoadSegment", data.GetProperty("type").GetString());
        Assert.Equal("created", data.GetProperty("change").GetString());
        Assert.Equal(42.5, data.GetProperty("attributes").GetProperty("speed").GetDouble());
        Assert.Equal("urn:ngsi-ld:Intersection:test:1", data.GetProperty("attributes").GetProperty("refIntersection").GetString());
    }

    [Fact]
    public async Task Patch_publishes_updated_with_the_changed_values_only()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        await NextAsync(id);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PatchAsync($"{Ngsi.EntityUrl(id)}/attrs", """{"speed": {"type": "Property", "value": 12}}""")).StatusCode);
        var (_, data) = await NextAsync(id);
        Assert.Equal("updated", data.GetProperty("change").GetString());
        var attributes = data.GetProperty("attributes");
        Assert.Equal(12, attributes.GetProperty("speed").GetDouble());
        Assert.False(attributes.TryGetProperty("name", out _));
    }

    [Fact]
    public async Task Delete_publishes_deleted()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        await NextAsync(id);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync(Ngsi.EntityUrl(id))).StatusCode);
        var (_, data) = await NextAsync(id);
        Assert.Equal("deleted", data.GetProperty("change").GetString());
    }

    [Fact]
    public async Task Upsert_publishes_one_change_per_written_entity_and_none_for_invalid_ones()
    {
        var existing = Ngsi.NewId();
        var fresh = Ngsi.NewId();
        var invalid = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(existing));
        await NextAsync(existing);
        var response = await _client.PostAsync($"{Ngsi.Base}/entityOperations/upsert",
            $$$"""[{{{Ngsi.RoadSegment(existing, 5)}}}, {{{Ngsi.RoadSegment(fresh, 6)}}}, {"id": "{{{invalid}}}", "type": "RoadSegment", "speed": 7}]""");
        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var (_, updated) = await NextAsync(existing);
        Assert.Equal("updated", updated.GetProperty("change").GetString());
        Assert.Equal(5, updated.GetProperty("attributes").GetProperty("speed").GetDouble());
        var (_, created) = await NextAsync(fresh);
        Assert.Equal("created", created.GetProperty("change").GetString());
        await Task.Delay(100);
        AssertNoMoreFor(invalid);
    }

    [Fact]
    public async Task Rejected_writes_publish_nothing()
    {
        var id = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(id));
        await NextAsync(id);
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"{Ngsi.Base}/entities", Ngsi.RoadSegment(id))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.PatchAsync($"{Ngsi.EntityUrl(id)}/attrs", """{"speed": 1}""")).StatusCode);
        // A marker write after the rejected ones: once its event arrives, any event of theirs would have too.
        var marker = Ngsi.NewId();
        await _client.CreateAsync(Ngsi.RoadSegment(marker));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var (_, change) = await _events.Reader.ReadAsync(timeout.Token);
            Assert.NotEqual(id, IdOf(change));
            if (IdOf(change) == marker) break;
        }
    }
}
