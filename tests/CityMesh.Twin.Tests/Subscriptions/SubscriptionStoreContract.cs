using CityMesh.Twin.Changes;
using CityMesh.Twin.Storage.Postgres;
using CityMesh.Twin.Subscriptions;
using CityMesh.Twin.Tests.Storage;

namespace CityMesh.Twin.Tests.Subscriptions;

/// <summary>What the notifier and the sender rely on from a subscription store, the same on both.</summary>
public abstract class SubscriptionStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    protected abstract Task<ISubscriptionStore> CreateAsync();

    private static Subscription Sub(string id) => new()
    {
        Id = id,
        Entities = [new EntitySelector("Building")],
        Context = "\"https://example.org/ngsi-ld/v1/context.jsonld\"",
        JsonLdContext = "https://example.org/ngsi-ld/v1/context.jsonld",
        Notification = new NotificationParams { Endpoint = new NotificationEndpoint(new Uri("http://receiver.example/n"), "application/json", [], []) },
        CreatedAt = T0,
        ModifiedAt = T0,
    };

    private static ChangePosition At(long sequence) => new("epoch1", sequence);

    [Fact]
    public async Task A_subscription_round_trips_and_a_taken_id_is_refused()
    {
        var store = await CreateAsync();
        var s = Sub("urn:ngsi-ld:Subscription:a") with { Q = "height>10", Throttling = 2, GeoQ = new GeoQuerySpec("near;maxDistance==5", "Point", "[1,2]") };
        Assert.True(await store.CreateAsync(s));
        Assert.False(await store.CreateAsync(s));

        var stored = await store.GetAsync(s.Id);
        Assert.NotNull(stored);
        Assert.Equal(s.Q, stored.Subscription.Q);
        Assert.Equal(s.GeoQ, stored.Subscription.GeoQ);
        Assert.Equal(s.Entities, stored.Subscription.Entities);
        Assert.Equal(s.Notification.Endpoint.Uri, stored.Subscription.Notification.Endpoint.Uri);
        Assert.Equal(DeliveryStatus.None, stored.Status);
        Assert.Null(await store.GetAsync("urn:ngsi-ld:Subscription:none"));
    }

    [Fact]
    public async Task Every_write_moves_the_version()
    {
        var store = await CreateAsync();
        var v0 = await store.VersionAsync();
        await store.CreateAsync(Sub("urn:s:1"));
        var v1 = await store.VersionAsync();
        await store.ReplaceAsync(Sub("urn:s:1") with { IsActive = false });
        var v2 = await store.VersionAsync();
        await store.DeleteAsync("urn:s:1");
        Assert.True(v0 < v1 && v1 < v2 && v2 < await store.VersionAsync());
        Assert.False(await store.ReplaceAsync(Sub("urn:s:1")));
        Assert.False(await store.DeleteAsync("urn:s:1"));
    }

    [Fact]
    public async Task The_cursor_moves_only_from_where_it_is_with_its_notifications()
    {
        var store = await CreateAsync();
        await store.CreateAsync(Sub("urn:s:1"));
        Assert.Null(await store.CursorAsync());
        Assert.True(await store.AdvanceAsync(null, At(5), [new NewNotification("urn:s:1", ["urn:e:1"], T0)]));
        Assert.False(await store.AdvanceAsync(null, At(9), [new NewNotification("urn:s:1", ["urn:e:2"], T0)]));
        Assert.Equal(At(5), await store.CursorAsync());

        var claimed = await store.ClaimDueAsync(T0, 10, 10, Lease);
        Assert.Equal(["urn:e:1"], Assert.Single(claimed).EntityIds);
    }

    [Fact]
    public async Task A_retry_holds_back_the_subscriptions_later_notifications_but_not_others()
    {
        var store = await CreateAsync();
        await store.CreateAsync(Sub("urn:s:1"));
        await store.CreateAsync(Sub("urn:s:2"));
        await store.EnqueueAsync([new NewNotification("urn:s:1", ["a"], T0), new NewNotification("urn:s:1", ["b"], T0), new NewNotification("urn:s:2", ["c"], T0)]);

        var first = (await store.ClaimDueAsync(T0, 1, 10, Lease)).Single();
        Assert.Equal(["a"], first.EntityIds);
        // While "a" is claimed, "b" waits; "c" does not.
        Assert.Equal([["c"]], (await store.ClaimDueAsync(T0, 10, 10, Lease)).Select(n => n.EntityIds));
        await store.CompleteAsync(first, new DeliveryAttempt(T0, "the receiver answered 503"), T0.AddSeconds(10));

        Assert.Empty(await store.ClaimDueAsync(T0.AddSeconds(5), 10, 10, Lease));
        var again = await store.ClaimDueAsync(T0.AddSeconds(10), 10, 10, Lease);
        Assert.Equal([["a"], ["b"]], again.Select(n => n.EntityIds));
        Assert.Equal(1, again[0].Attempts);
        var status = (await store.GetAsync("urn:s:1"))!.Status;
        Assert.Equal((1, 1, 1, "failed"), (status.TimesSent, status.TimesFailed, status.ConsecutiveErrors, status.State));
    }

    [Fact]
    public async Task A_delivery_is_recorded_and_done()
    {
        var store = await CreateAsync();
        await store.CreateAsync(Sub("urn:s:1"));
        await store.EnqueueAsync([new NewNotification("urn:s:1", ["a"], T0)]);
        var n = (await store.ClaimDueAsync(T0, 10, 10, Lease)).Single();
        await store.CompleteAsync(n, new DeliveryAttempt(T0.AddSeconds(1), null), null);

        Assert.Null(await store.NextDueAsync());
        var status = (await store.GetAsync("urn:s:1"))!.Status;
        Assert.Equal(1, status.TimesSent);
        Assert.Equal(T0.AddSeconds(1), status.LastSuccess);
        Assert.Equal("ok", status.State);
    }

    [Fact]
    public async Task Throttled_notifications_merge_into_the_one_waiting_and_claims_are_capped_per_subscription()
    {
        var store = await CreateAsync();
        await store.CreateAsync(Sub("urn:s:1"));
        await store.EnqueueAsync([new NewNotification("urn:s:1", ["a"], T0.AddSeconds(5), Merge: true)]);
        await store.EnqueueAsync([new NewNotification("urn:s:1", ["b"], T0.AddSeconds(5), Merge: true), new NewNotification("urn:s:1", ["a"], T0.AddSeconds(5), Merge: true)]);

        Assert.Equal(T0.AddSeconds(5), await store.NextDueAsync());
        var merged = Assert.Single(await store.ClaimDueAsync(T0.AddSeconds(5), 10, 10, Lease));
        Assert.Equal(["a", "b"], merged.EntityIds!.Order());

        await store.EnqueueAsync([.. Enumerable.Range(0, 5).Select(i => new NewNotification("urn:s:1", [$"e{i}"], T0))]);
        await store.CompleteAsync(merged, new DeliveryAttempt(T0, null), null);
        Assert.Equal(2, (await store.ClaimDueAsync(T0.AddSeconds(6), 10, 2, Lease)).Count);
    }

    [Fact]
    public async Task Released_notifications_are_due_again_no_earlier_than_asked_and_deleting_a_subscription_drops_its_own()
    {
        var store = await CreateAsync();
        await store.CreateAsync(Sub("urn:s:1"));
        await store.CreateAsync(Sub("urn:s:2"));
        await store.EnqueueAsync([new NewNotification("urn:s:1", ["a"], T0), new NewNotification("urn:s:2", ["b"], T0)]);
        var claimed = await store.ClaimDueAsync(T0, 10, 10, Lease);
        await store.ReleaseAsync([claimed.Single(n => n.SubscriptionId == "urn:s:1")], T0.AddSeconds(3));
        await store.ReleaseAsync([claimed.Single(n => n.SubscriptionId == "urn:s:2")]);

        var second = Assert.Single(await store.ClaimDueAsync(T0.AddSeconds(1), 10, 10, Lease));
        Assert.Equal("urn:s:2", second.SubscriptionId);
        await store.CompleteAsync(second, null, null);
        Assert.True(await store.DeleteAsync("urn:s:1"));
        Assert.Empty(await store.ClaimDueAsync(T0.AddSeconds(3), 10, 10, Lease));
        await store.EnqueueAsync([new NewNotification("urn:s:1", ["late"], T0)]); // for a subscription deleted meanwhile
        Assert.Empty(await store.ClaimDueAsync(T0.AddHours(1), 10, 10, Lease));
    }
}

public sealed class MemorySubscriptionStoreTests : SubscriptionStoreContract
{
    protected override Task<ISubscriptionStore> CreateAsync() => Task.FromResult<ISubscriptionStore>(new MemorySubscriptionStore());
}

public sealed class PostgresSubscriptionStoreTests(PostgresClusterFixture fixture) : SubscriptionStoreContract, IClassFixture<PostgresClusterFixture>, IAsyncLifetime
{
    private readonly List<PostgresTwinStore> _stores = [];

    protected override async Task<ISubscriptionStore> CreateAsync()
    {
        var twin = new PostgresTwinStore(await fixture.FreshSchemaAsync());
        _stores.Add(twin);
        await twin.InitializeAsync();
        return new PostgresSubscriptionStore(twin.DataSource);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores) await store.DisposeAsync();
    }
}
