using System.Net;
using System.Text.Json;

namespace CityMesh.Twin.Tests.Subscriptions;

/// <summary>
/// Subscriptions and notifications end to end, the same on both stores: the API on a real Kestrel, a real receiver
/// on loopback. "None for a non-matching change" is shown by order: the non-matching change is made first, a matching
/// one after, and the one notification that arrives is the matching one (a subscription's notifications go out in
/// the order of the changes that gave them).
/// </summary>
public abstract partial class SubscriptionContract : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];
    private int _entities;

    protected SubscriptionTestHost Host { get; private set; } = null!;
    protected NotificationReceiver Receiver { get; private set; } = null!;

    /// <summary>A connection string to a fresh database schema; null for the memory store.</summary>
    protected abstract Task<string?> StoreAsync();

    public async Task InitializeAsync()
    {
        Receiver = await NotificationReceiver.StartAsync();
        Host = await SubscriptionTestHost.StartAsync(await StoreAsync());
        _owned.Add(Host);
        _owned.Add(Receiver);
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
    }

    protected string NewId(string type = "AirQualityObserved") => $"urn:ngsi-ld:{type}:test:{Interlocked.Increment(ref _entities)}";

    protected static string Entity(string id, double no2, double temperature = 20, double lon = 117.02, double lat = 36.66) =>
        $$$"""
        {"id": "{{{id}}}", "type": "{{{id.Split(':')[2]}}}",
         "location": {"type": "GeoProperty", "value": {"type": "Point", "coordinates": [{{{lon}}}, {{{lat}}}]}},
         "no2": {"type": "Property", "value": {{{no2}}}},
         "temperature": {"type": "Property", "value": {{{temperature}}}}}
        """;

    protected string Subscription(string members, string path = "notify", string notification = "") =>
        $$$"""
        {"type": "Subscription", {{{members}}},
         "notification": { {{{notification}}} "endpoint": {"uri": "{{{Receiver.Url(path)}}}"} } }
        """;

    [Fact]
    public async Task An_update_of_a_watched_attribute_notifies_and_one_of_another_attribute_does_not()
    {
        var id = NewId();
        await Host.CreateEntityAsync(Entity(id, 40));
        var subscription = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}], "watchedAttributes": ["no2"]
            """));

        await Host.PatchAttrsAsync(id, """{"temperature": {"type": "Property", "value": 25}}""");
        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 41}}""");

        var notification = await Receiver.NextAsync();
        Assert.Equal("Notification", notification.Body.GetProperty("type").GetString());
        Assert.StartsWith("urn:ngsi-ld:Notification:", notification.Body.GetProperty("id").GetString());
        Assert.Equal(subscription, notification.SubscriptionId);
        Assert.True(notification.Body.TryGetProperty("notifiedAt", out _));
        var entity = Assert.Single(notification.Data);
        Assert.Equal(id, entity.GetProperty("id").GetString());
        Assert.Equal(41, entity.GetProperty("no2").GetProperty("value").GetDouble());
        Assert.Equal("Property", entity.GetProperty("no2").GetProperty("type").GetString());
        Assert.Equal(25, entity.GetProperty("temperature").GetProperty("value").GetDouble());
        Assert.StartsWith("application/json", notification.Header("Content-Type"));
        Assert.Contains("rel=\"http://www.w3.org/ns/json-ld#context\"", notification.Header("Link"));
        Assert.Equal(0, Receiver.Waiting);
    }

    [Fact]
    public async Task A_subscription_whose_context_cannot_be_had_is_left_out_alone_and_the_others_still_notify()
    {
        var working = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}]
            """));
        // As after a restart with the context's host down: stored as written, its @context unreachable now.
        var stored = (await Host.City.Store.GetAsync(working))!.Subscription;
        var stranded = stored with { Id = "urn:ngsi-ld:Subscription:stranded", Context = "\"http://contexts.unreachable.invalid/city.jsonld\"" };
        Assert.True(await Host.City.Store.CreateAsync(stranded));
        // And one whose stored q no longer parses (written by an older build): left out alone too.
        var unparsable = stored with { Id = "urn:ngsi-ld:Subscription:unparsable", Q = "no2>" };
        Assert.True(await Host.City.Store.CreateAsync(unparsable));
        await Host.City.RefreshAsync(force: true, CancellationToken.None);

        Assert.Equal([stranded.Id, unparsable.Id], Host.City.Unavailable.Order(StringComparer.Ordinal));
        Assert.True(Host.City.Index.ById.ContainsKey(working));
        var id = NewId();
        await Host.CreateEntityAsync(Entity(id, 5));
        var notification = await Receiver.NextAsync();
        Assert.Equal(working, notification.SubscriptionId);
        Assert.Equal(id, Assert.Single(notification.Data).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Creating_an_entity_of_the_type_notifies_and_one_of_another_type_does_not()
    {
        await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}]
            """));

        await Host.CreateEntityAsync(Entity(NewId("WeatherObserved"), 1));
        var matching = NewId();
        await Host.CreateEntityAsync(Entity(matching, 2));

        var notification = await Receiver.NextAsync();
        Assert.Equal(matching, Assert.Single(notification.Data).GetProperty("id").GetString());
        Assert.Equal(0, Receiver.Waiting);
    }

    [Fact]
    public async Task Id_and_idPattern_select_entities_of_the_type()
    {
        var one = NewId();
        var other = NewId();
        await Host.CreateEntityAsync(Entity(one, 1));
        await Host.CreateEntityAsync(Entity(other, 1));
        await Host.SubscribeAsync(Subscription($$"""
            "entities": [{"type": "AirQualityObserved", "idPattern": "{{one.Replace(":", "\\\\:")}}$"}]
            """));

        await Host.PatchAttrsAsync(other, """{"no2": {"type": "Property", "value": 2}}""");
        await Host.PatchAttrsAsync(one, """{"no2": {"type": "Property", "value": 3}}""");

        Assert.Equal(one, Assert.Single((await Receiver.NextAsync()).Data).GetProperty("id").GetString());
        Assert.Equal(0, Receiver.Waiting);
    }

    [Fact]
    public async Task Q_filters_on_the_entity_after_the_change()
    {
        var id = NewId();
        await Host.CreateEntityAsync(Entity(id, 10));
        await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}], "q": "no2>50"
            """));

        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 30}}""");
        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 60}}""");

        var entity = Assert.Single((await Receiver.NextAsync()).Data);
        Assert.Equal(60, entity.GetProperty("no2").GetProperty("value").GetDouble());
        Assert.Equal(0, Receiver.Waiting);
    }

    [Fact]
    public async Task GeoQ_notifies_for_entities_near_the_point_only()
    {
        await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}],
            "geoQ": {"georel": "near;maxDistance==500", "geometry": "Point", "coordinates": [117.02, 36.66]}
            """));

        await Host.CreateEntityAsync(Entity(NewId(), 1, lon: 117.10, lat: 36.70)); // about 8 km away
        var near = NewId();
        await Host.CreateEntityAsync(Entity(near, 1, lon: 117.021, lat: 36.661));

        Assert.Equal(near, Assert.Single((await Receiver.NextAsync()).Data).GetProperty("id").GetString());
        Assert.Equal(0, Receiver.Waiting);
    }

    [Fact]
    public async Task KeyValues_attributes_receiverInfo_and_ld_json_shape_the_notification()
    {
        var id = NewId();
        await Host.CreateEntityAsync(Entity(id, 5, temperature: 30));
        await Host.SubscribeAsync($$$"""
            {"type": "Subscription", "entities": [{"type": "AirQualityObserved", "id": "{{{id}}}"}],
             "notification": {"format": "keyValues", "attributes": ["no2"],
               "endpoint": {"uri": "{{{Receiver.Url()}}}", "accept": "application/ld+json",
                 "receiverInfo": [{"key": "X-Auth-Token", "value": "s3cret"}, {"key": "Fiware-Service", "value": "city"}]} } }
            """);

        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 6}}""");

        var notification = await Receiver.NextAsync();
        var entity = Assert.Single(notification.Data);
        Assert.Equal(6, entity.GetProperty("no2").GetDouble());
        Assert.False(entity.TryGetProperty("temperature", out _));
        Assert.Equal("s3cret", notification.Header("X-Auth-Token"));
        Assert.Equal("city", notification.Header("Fiware-Service"));
        Assert.StartsWith("application/ld+json", notification.Header("Content-Type"));
        Assert.Null(notification.Header("Link"));
        Assert.EndsWith("/ngsi-ld/v1/context.jsonld", notification.Body.GetProperty("@context").GetString());
    }

    [Fact]
    public async Task Throttling_merges_changes_inside_the_period_into_one_later_notification()
    {
        var id = NewId();
        await Host.CreateEntityAsync(Entity(id, 1));
        var subscription = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}], "watchedAttributes": ["no2"], "throttling": 1
            """));

        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 2}}""");
        var first = await Receiver.NextAsync();
        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 3}}""");
        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 4}}""");
        var second = await Receiver.NextAsync();

        Assert.Equal(2, Assert.Single(first.Data).GetProperty("no2").GetProperty("value").GetDouble());
        // The two changes inside the period went out together, as the entity is after both.
        Assert.Equal(4, Assert.Single(second.Data).GetProperty("no2").GetProperty("value").GetDouble());
        var sentAt = (DateTimeOffset.Parse(first.Body.GetProperty("notifiedAt").GetString()!), DateTimeOffset.Parse(second.Body.GetProperty("notifiedAt").GetString()!));
        Assert.True(sentAt.Item2 - sentAt.Item1 >= TimeSpan.FromSeconds(1), $"notified at {sentAt.Item1:O} and {sentAt.Item2:O}: closer than the throttling");
        await WaitForStatusAsync(subscription, n => n.GetProperty("timesSent").GetInt64() == 2);
        Assert.Equal(0, Receiver.Waiting);
    }

    [Fact]
    public async Task A_periodic_subscription_sends_every_match_each_interval_without_changes()
    {
        var id = NewId();
        await Host.CreateEntityAsync(Entity(id, 7));
        await Host.CreateEntityAsync(Entity(NewId("WeatherObserved"), 7));
        var subscription = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}], "timeInterval": 0.2
            """));

        var first = await Receiver.NextAsync();
        var second = await Receiver.NextAsync();

        foreach (var n in new[] { first, second })
        {
            Assert.Equal(subscription, n.SubscriptionId);
            Assert.Equal(id, Assert.Single(n.Data).GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task A_failing_receiver_gets_retries_and_the_status_tells_how_delivery_went()
    {
        var id = NewId();
        await Host.CreateEntityAsync(Entity(id, 1));
        var failures = 2;
        Receiver.Answer = _ => Interlocked.Decrement(ref failures) >= 0 ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.NoContent;
        var subscription = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}]
            """));

        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 9}}""");
        var delivered = await Receiver.NextAsync();

        Assert.Equal(9, Assert.Single(delivered.Data).GetProperty("no2").GetProperty("value").GetDouble());
        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.NoContent], Receiver.All.Select(r => r.AnsweredWith));
        var status = await WaitForStatusAsync(subscription, n => n.GetProperty("timesSent").GetInt64() == 3);
        Assert.Equal("ok", status.GetProperty("status").GetString());
        Assert.Equal(2, status.GetProperty("timesFailed").GetInt64());
        Assert.Equal(0, status.GetProperty("consecutiveErrors").GetInt32());
        Assert.Contains("503", status.GetProperty("lastFailureReason").GetString());
        var lastFailure = DateTimeOffset.Parse(status.GetProperty("lastFailure").GetString()!);
        var lastSuccess = DateTimeOffset.Parse(status.GetProperty("lastSuccess").GetString()!);
        Assert.True(lastSuccess > lastFailure);
        Assert.Equal(lastSuccess, DateTimeOffset.Parse(status.GetProperty("lastNotification").GetString()!));
    }

    [Fact]
    public async Task While_the_receiver_fails_the_status_says_failed_with_the_reason()
    {
        var id = NewId();
        await Host.CreateEntityAsync(Entity(id, 1));
        Receiver.Answer = _ => HttpStatusCode.InternalServerError;
        var subscription = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}]
            """));

        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 9}}""");

        var status = await WaitForStatusAsync(subscription, n => n.GetProperty("consecutiveErrors").GetInt32() >= 2);
        Assert.Equal("failed", status.GetProperty("status").GetString());
        Assert.Contains("500", status.GetProperty("lastFailureReason").GetString());
        Assert.False(status.TryGetProperty("lastSuccess", out _));
    }

    [Fact]
    public async Task A_paused_subscription_sends_nothing_until_it_is_active_again()
    {
        var id = NewId();
        await Host.CreateEntityAsync(Entity(id, 1));
        var paused = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}], "isActive": false
            """, path: "paused"));
        Assert.Equal("paused", (await Host.GetSubscriptionAsync(paused)).GetProperty("status").GetString());
        var sentinel = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}]
            """, path: "sentinel"));

        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 2}}""");
        Assert.Equal("sentinel", (await Receiver.NextAsync()).Path);
        // Enqueued with the sentinel's or never: once the sentinel's is done, neither waiting nor sent means never.
        await WaitForStatusAsync(sentinel, n => n.GetProperty("timesSent").GetInt64() == 1);
        Assert.Null(await Host.City.Store.NextDueAsync());
        Assert.Equal(0, (await Host.GetSubscriptionAsync(paused)).GetProperty("notification").GetProperty("timesSent").GetInt64());

        using var resume = await Host.Http.PatchAsync($"/ngsi-ld/v1/subscriptions/{Uri.EscapeDataString(paused)}", SubscriptionTestHost.Json("""{"isActive": true}"""));
        Assert.Equal(HttpStatusCode.NoContent, resume.StatusCode);
        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 3}}""");
        var paths = new[] { (await Receiver.NextAsync()).Path, (await Receiver.NextAsync()).Path }.Order();
        Assert.Equal(["paused", "sentinel"], paths);
    }

    [Fact]
    public async Task A_deleted_subscription_sends_nothing_more()
    {
        var id = NewId();
        await Host.CreateEntityAsync(Entity(id, 1));
        var deleted = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}]
            """, path: "deleted"));
        using var delete = await Host.Http.DeleteAsync($"/ngsi-ld/v1/subscriptions/{Uri.EscapeDataString(deleted)}");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var sentinel = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}]
            """, path: "sentinel"));

        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 2}}""");

        Assert.Equal("sentinel", (await Receiver.NextAsync()).Path);
        await WaitForStatusAsync(sentinel, n => n.GetProperty("timesSent").GetInt64() == 1);
        Assert.Null(await Host.City.Store.NextDueAsync());
        Assert.DoesNotContain(Receiver.All, r => r.Path == "deleted");
    }

    /// <summary>The notification member of the subscription's GET, once it satisfies <paramref name="done"/> (delivery runs beside the test).</summary>
    protected async Task<JsonElement> WaitForStatusAsync(string subscription, Func<JsonElement, bool> done, int seconds = 30)
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var notification = (await Host.GetSubscriptionAsync(subscription)).GetProperty("notification");
            if (done(notification)) return notification;
            if (DateTime.UtcNow > until) throw new Xunit.Sdk.XunitException($"the status never got there: {notification}");
            await Task.Delay(50);
        }
    }
}
