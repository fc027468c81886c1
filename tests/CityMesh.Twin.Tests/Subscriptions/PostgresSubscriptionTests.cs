using CityMesh.Twin.Tests.Storage;

namespace CityMesh.Twin.Tests.Subscriptions;

/// <summary>The subscription contract on PostgreSQL, and what only a database gives: nothing lost across a restart.</summary>
public sealed class PostgresSubscriptionTests(PostgresClusterFixture fixture) : SubscriptionContract, IClassFixture<PostgresClusterFixture>
{
    private string? _connectionString;

    protected override async Task<string?> StoreAsync() => _connectionString = await fixture.FreshSchemaAsync();

    [Fact]
    public async Task A_notification_pending_when_the_twin_stops_arrives_from_the_next_twin_on_the_same_database()
    {
        var id = NewId();
        await Host.CreateEntityAsync(Entity(id, 1));
        var subscription = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}]
            """));
        await Receiver.StopAsync(); // the receiver is down: connections are refused

        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 77}}""");
        var failed = await WaitForStatusAsync(subscription, n => n.GetProperty("timesFailed").GetInt64() >= 1);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        await Host.DisposeAsync();

        await Receiver.StartAgainAsync();
        await using var next = await SubscriptionTestHost.StartAsync(_connectionString);

        var delivered = await Receiver.NextAsync();
        Assert.Equal(subscription, delivered.SubscriptionId);
        Assert.Equal(77, Assert.Single(delivered.Data).GetProperty("no2").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task The_next_twin_on_the_database_goes_on_after_what_was_notified_without_repeating_it()
    {
        var id = NewId();
        await Host.CreateEntityAsync(Entity(id, 1));
        var subscription = await Host.SubscribeAsync(Subscription("""
            "entities": [{"type": "AirQualityObserved"}], "watchedAttributes": ["no2"]
            """));
        await Host.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 2}}""");
        Assert.Equal(2, Assert.Single((await Receiver.NextAsync()).Data).GetProperty("no2").GetProperty("value").GetDouble());
        // Recorded as sent (a twin stopped between the receiver's answer and the record sends it again: at least once).
        await WaitForStatusAsync(subscription, n => n.GetProperty("timesSent").GetInt64() == 1);
        await Host.DisposeAsync();

        // The next twin takes the notifier's position from the database: the change notified before is not sent again.
        await using var next = await SubscriptionTestHost.StartAsync(_connectionString);
        await next.PatchAttrsAsync(id, """{"no2": {"type": "Property", "value": 3}}""");

        Assert.Equal(3, Assert.Single((await Receiver.NextAsync()).Data).GetProperty("no2").GetProperty("value").GetDouble());
        Assert.Equal(0, Receiver.Waiting);
    }
}
