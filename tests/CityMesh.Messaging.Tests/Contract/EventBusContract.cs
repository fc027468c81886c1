using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CityMesh.Messaging.Idempotency;

namespace CityMesh.Messaging.Tests.Contract;

/// <summary>
/// What every <see cref="IEventBus"/> transport promises (in-memory, Dapr, Kafka). A transport's test class derives
/// from this and supplies <see cref="CreateBusAsync"/>. The bus it returns must retry a failing handler at least 3
/// times, with a backoff short enough for tests (tens of milliseconds), before dead-lettering.
/// </summary>
public abstract class EventBusContract : IAsyncLifetime
{
    private readonly List<object> _buses = [];
    private readonly List<IAsyncDisposable> _subscriptions = [];

    /// <summary>Unique per test, so topics (and consumer groups) of different tests never meet.</summary>
    protected string Scope { get; } = "c" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A bus whose topics for this test start with <paramref name="scope"/>.</summary>
    protected abstract Task<IEventBus> CreateBusAsync(string scope);

    /// <summary>How long a delivery may take at most before the test fails.</summary>
    protected virtual TimeSpan DeliveryTimeout => TimeSpan.FromSeconds(30);

    /// <summary>How long to watch for a delivery that must not happen (after unsubscribing).</summary>
    protected virtual TimeSpan QuietPeriod => TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Some transports only deliver events published after a subscription is in place (a Kafka consumer group
    /// starting at the log end); they wait here until it is.
    /// </summary>
    protected virtual Task WaitUntilSubscribedAsync(IEventBus bus, string topic, string subscriber) => Task.CompletedTask;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var s in _subscriptions) await s.DisposeAsync();
        foreach (var bus in _buses)
        {
            if (bus is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
            else if (bus is IDisposable disposable) disposable.Dispose();
        }
    }

    private async Task<IEventBus> BusAsync()
    {
        var bus = await CreateBusAsync(Scope);
        _buses.Add(bus);
        return bus;
    }

    private string Topic(string name) => $"{Scope}.{name}";

    private async Task<IAsyncDisposable> SubscribeAsync(IEventBus bus, string topic, string subscriber, Func<CloudEvent, CancellationToken, Task> handler)
    {
        var s = bus.Subscribe(topic, subscriber, handler);
        _subscriptions.Add(s);
        await WaitUntilSubscribedAsync(bus, topic, subscriber);
        return s;
    }

    private async Task<IAsyncDisposable> SubscribeBatchAsync(IEventBus bus, string topic, string subscriber,
        Func<IReadOnlyList<CloudEvent>, CancellationToken, Task> handler, BatchOptions options)
    {
        var s = bus.SubscribeBatch(topic, subscriber, handler, options);
        _subscriptions.Add(s);
        await WaitUntilSubscribedAsync(bus, topic, subscriber);
        return s;
    }

    protected static CloudEvent Numbered(int n, string? subject = null) =>
        CloudEvent.Create("/contract", "io.citymesh.contract", new { n }, subject);

    protected static int NumberOf(CloudEvent e) => e.Data.GetProperty("n").GetInt32();

    protected async Task Eventually(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < DeliveryTimeout) await Task.Delay(10);
        Assert.True(condition(), $"{what}: not within {DeliveryTimeout}");
    }

    [Fact]
    public async Task Should_Deliver_Every_Event_To_Every_Subscriber()
    {
        var bus = await BusAsync();
        var topic = Topic("fanout");
        var a = new ConcurrentQueue<int>();
        var b = new ConcurrentQueue<int>();
        await SubscribeAsync(bus, topic, "a", (e, _) => { a.Enqueue(NumberOf(e)); return Task.CompletedTask; });
        await SubscribeAsync(bus, topic, "b", (e, _) => { b.Enqueue(NumberOf(e)); return Task.CompletedTask; });
        await bus.PublishBatchAsync(topic, [.. Enumerable.Range(0, 200).Select(i => Numbered(i))]);
        await Eventually(() => a.Count >= 200 && b.Count >= 200, "200 events to both subscribers");
        Assert.Equal(Enumerable.Range(0, 200), a.Order());
        Assert.Equal(Enumerable.Range(0, 200), b.Order());
    }

    [Fact]
    public async Task Should_Keep_Order_Per_Subject_For_Single_And_Batch_Subscribers()
    {
        var bus = await BusAsync();
        var topic = Topic("ordered");
        string[] subjects = ["urn:s:0", "urn:s:1", "urn:s:2", "urn:s:3"];
        var single = new ConcurrentQueue<CloudEvent>();
        var batched = new ConcurrentQueue<CloudEvent>();
        await SubscribeAsync(bus, topic, "single", (e, _) => { single.Enqueue(e); return Task.CompletedTask; });
        await SubscribeBatchAsync(bus, topic, "batched", (events, _) => { foreach (var e in events) batched.Enqueue(e); return Task.CompletedTask; },
            new BatchOptions { MaxEvents = 64, MaxWait = TimeSpan.FromMilliseconds(20) });
        await bus.PublishBatchAsync(topic, [.. Enumerable.Range(0, 400).Select(i => Numbered(i, subjects[i % subjects.Length]))]);
        await Eventually(() => single.Count >= 400 && batched.Count >= 400, "400 events to both subscribers");
        foreach (var received in new[] { single, batched })
        {
            foreach (var subject in subjects)
            {
                var sequence = received.Where(e => e.Subject == subject).Select(NumberOf).ToArray();
                Assert.Equal(100, sequence.Distinct().Count());
                Assert.True(sequence.SequenceEqual(sequence.Order()), $"events of {subject} out of order: {string.Join(",", sequence)}");
            }
        }
    }

    [Fact]
    public async Task Should_Round_Trip_Json_Data_With_Every_Attribute()
    {
        var bus = await BusAsync();
        var topic = Topic("json");
        var received = new ConcurrentQueue<CloudEvent>();
        await SubscribeAsync(bus, topic, "reader", (e, _) => { received.Enqueue(e); return Task.CompletedTask; });
        var sent = new CloudEvent
        {
            Id = "evt-" + Guid.NewGuid().ToString("N"),
            Source = "/contract/json",
            Type = "io.citymesh.contract.json",
            Subject = "urn:ngsi-ld:RoadSegment:jinan:r1",
            Time = new DateTimeOffset(2026, 11, 21, 8, 30, 15, 123, TimeSpan.Zero),
            DataContentType = "application/json",
            Data = JsonDocument.Parse("""{"speed":42.5,"name":"Jīngshí Lù ✓","tags":["a","b"],"nested":{"ok":true,"none":null}}""").RootElement,
            TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        };
        await bus.PublishAsync(topic, sent);
        await Eventually(() => !received.IsEmpty, "the JSON event");
        var got = Assert.Single(received);
        AssertSameAttributes(sent, got);
        Assert.True(got.HasJsonData);
        Assert.True(JsonElement.DeepEquals(sent.Data, got.Data), $"data changed on the way: {got.Data.GetRawText()}");
    }

    [Fact]
    public async Task Should_Round_Trip_Binary_Data_With_Every_Attribute()
    {
        var bus = await BusAsync();
        var topic = Topic("binary");
        var received = new ConcurrentQueue<CloudEvent>();
        await SubscribeAsync(bus, topic, "reader", (e, _) => { received.Enqueue(e); return Task.CompletedTask; });
        // Every byte value, including ones invalid in UTF-8 and JSON, so no transport may treat the payload as text.
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).Concat(Encoding.UTF8.GetBytes("tail")).ToArray();
        var sent = new CloudEvent
        {
            Id = "bin-" + Guid.NewGuid().ToString("N"),
            Source = "/contract/binary",
            Type = "io.citymesh.contract.binary",
            Subject = "urn:ngsi-ld:AirQualityObserved:jinan:a1",
            Time = new DateTimeOffset(2026, 11, 21, 23, 59, 59, 999, TimeSpan.Zero),
            DataContentType = "application/protobuf; messageType=citymesh.telemetry.v1.ReadingBatch",
            BinaryData = payload,
            TraceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
        };
        await bus.PublishAsync(topic, sent);
        await Eventually(() => !received.IsEmpty, "the binary event");
        var got = Assert.Single(received);
        AssertSameAttributes(sent, got);
        Assert.False(got.HasJsonData);
        Assert.Equal(payload, got.BinaryData.ToArray());
    }

    private static void AssertSameAttributes(CloudEvent sent, CloudEvent got)
    {
        Assert.Equal(sent.Id, got.Id);
        Assert.Equal(sent.Source, got.Source);
        Assert.Equal(sent.Type, got.Type);
        Assert.Equal(sent.Subject, got.Subject);
        Assert.Equal(sent.Time, got.Time);
        Assert.Equal(sent.DataContentType, got.DataContentType);
        Assert.Equal(sent.TraceParent, got.TraceParent);
    }

    [Fact]
    public async Task Should_Deliver_Batches_No_Larger_Than_MaxEvents()
    {
        var bus = await BusAsync();
        var topic = Topic("batches");
        var sizes = new ConcurrentQueue<int>();
        var numbers = new ConcurrentQueue<int>();
        await SubscribeBatchAsync(bus, topic, "batcher", (events, _) =>
        {
            sizes.Enqueue(events.Count);
            foreach (var e in events) numbers.Enqueue(NumberOf(e));
            return Task.CompletedTask;
        }, new BatchOptions { MaxEvents = 50, MaxWait = TimeSpan.FromMilliseconds(200) });
        await bus.PublishBatchAsync(topic, [.. Enumerable.Range(0, 1000).Select(i => Numbered(i))]);
        await Eventually(() => numbers.Count >= 1000, "1000 events in batches");
        Assert.All(sizes, size => Assert.InRange(size, 1, 50));
        Assert.True(sizes.Count < 1000, $"events arrived one by one ({sizes.Count} batches), not batched");
        Assert.Equal(Enumerable.Range(0, 1000), numbers.Order());
    }

    [Fact]
    public async Task Should_Flush_A_Partial_Batch_Within_MaxWait()
    {
        var bus = await BusAsync();
        var topic = Topic("flush");
        var batches = new ConcurrentQueue<IReadOnlyList<CloudEvent>>();
        await SubscribeBatchAsync(bus, topic, "waiter", (events, _) => { batches.Enqueue([.. events]); return Task.CompletedTask; },
            new BatchOptions { MaxEvents = 10_000, MaxWait = TimeSpan.FromMilliseconds(100) });
        await bus.PublishBatchAsync(topic, [Numbered(1), Numbered(2), Numbered(3)]);
        // A batch far from full still arrives: the subscriber does not wait for 10,000 events that never come.
        await Eventually(() => batches.Sum(b => b.Count) >= 3, "a partial batch of 3");
        Assert.Equal([1, 2, 3], batches.SelectMany(b => b).Select(NumberOf).Order());
    }

    [Fact]
    public async Task Should_Retry_A_Throwing_Handler_Until_It_Succeeds()
    {
        var bus = await BusAsync();
        var topic = Topic("flaky");
        var dead = new ConcurrentQueue<CloudEvent>();
        await SubscribeAsync(bus, Topics.DeadLetter(topic), "ops", (e, _) => { dead.Enqueue(e); return Task.CompletedTask; });
        var attempts = 0;
        var handled = new ConcurrentQueue<int>();
        await SubscribeAsync(bus, topic, "flaky", (e, _) =>
        {
            if (Interlocked.Increment(ref attempts) < 3) throw new InvalidOperationException("transient");
            handled.Enqueue(NumberOf(e));
            return Task.CompletedTask;
        });
        await bus.PublishAsync(topic, Numbered(7));
        await Eventually(() => !handled.IsEmpty, "the event after two failures");
        Assert.Equal(7, handled.Distinct().Single());
        Assert.True(Volatile.Read(ref attempts) >= 3);
        await Task.Delay(QuietPeriod);
        Assert.Empty(dead);
    }

    [Fact]
    public async Task Should_Dead_Letter_A_Poison_Event_With_The_Reason_While_The_Rest_Flow()
    {
        var bus = await BusAsync();
        var topic = Topic("poison");
        var dead = new ConcurrentQueue<CloudEvent>();
        var good = new ConcurrentQueue<int>();
        await SubscribeAsync(bus, Topics.DeadLetter(topic), "ops", (e, _) => { dead.Enqueue(e); return Task.CompletedTask; });
        var poison = Numbered(2);
        await SubscribeAsync(bus, topic, "strict", (e, _) =>
        {
            var n = NumberOf(e);
            if (n == 2) throw new FormatException("event 2 is poison");
            good.Enqueue(n);
            return Task.CompletedTask;
        });
        await bus.PublishBatchAsync(topic, [Numbered(1), poison, Numbered(3)]);
        await Eventually(() => good.Distinct().Count() == 2 && !dead.IsEmpty, "two good events and one dead letter");
        Assert.Equal([1, 3], good.Distinct().Order());
        AssertDeadLetter(dead.First(), topic, "strict", poison, "event 2 is poison");
    }

    [Fact]
    public async Task Should_Dead_Letter_Only_The_Poison_Event_Of_A_Batch()
    {
        var bus = await BusAsync();
        var topic = Topic("poisonbatch");
        var dead = new ConcurrentQueue<CloudEvent>();
        var good = new ConcurrentDictionary<int, int>();
        await SubscribeAsync(bus, Topics.DeadLetter(topic), "ops", (e, _) => { dead.Enqueue(e); return Task.CompletedTask; });
        var events = Enumerable.Range(0, 20).Select(i => Numbered(i)).ToArray();
        await SubscribeBatchAsync(bus, topic, "batch-strict", (batch, _) =>
        {
            if (batch.Any(e => NumberOf(e) == 13)) throw new FormatException("event 13 is poison");
            foreach (var e in batch) good.AddOrUpdate(NumberOf(e), 1, (_, c) => c + 1);
            return Task.CompletedTask;
        }, new BatchOptions { MaxEvents = 20, MaxWait = TimeSpan.FromMilliseconds(100) });
        await bus.PublishBatchAsync(topic, events);
        await Eventually(() => good.Count == 19 && !dead.IsEmpty, "19 good events and one dead letter");
        Assert.DoesNotContain(13, good.Keys);
        AssertDeadLetter(dead.First(), topic, "batch-strict", events[13], "event 13 is poison");
        await Task.Delay(QuietPeriod);
        Assert.All(dead, d => Assert.Equal(events[13].Id, d.GetData<DeadLetter>().Original.Id));
    }

    private static void AssertDeadLetter(CloudEvent letterEvent, string topic, string subscriber, CloudEvent original, string reason)
    {
        Assert.Equal(DeadLetter.EventType, letterEvent.Type);
        var letter = letterEvent.GetData<DeadLetter>();
        Assert.Equal(topic, letter.Topic);
        Assert.Equal(subscriber, letter.Subscriber);
        Assert.Equal(nameof(FormatException), letter.Error);
        Assert.Equal(reason, letter.Reason);
        Assert.Equal(original.Id, letter.Original.Id);
        Assert.Equal(original.Subject, letter.Original.Subject);
        Assert.True(JsonElement.DeepEquals(original.Data, letter.Original.Data));
    }

    [Fact]
    public async Task Should_Stop_Delivering_After_Unsubscribe()
    {
        var bus = await BusAsync();
        var topic = Topic("unsubscribe");
        var count = 0;
        var subscription = await SubscribeAsync(bus, topic, "leaver", (_, _) => { Interlocked.Increment(ref count); return Task.CompletedTask; });
        var stays = 0;
        await SubscribeAsync(bus, topic, "stayer", (_, _) => { Interlocked.Increment(ref stays); return Task.CompletedTask; });
        await bus.PublishAsync(topic, Numbered(1));
        await Eventually(() => Volatile.Read(ref count) >= 1 && Volatile.Read(ref stays) >= 1, "the first event");
        await subscription.DisposeAsync();
        var before = Volatile.Read(ref count);
        await bus.PublishAsync(topic, Numbered(2));
        // The other subscriber proves the second event was delivered; the leaver must not have had it.
        await Eventually(() => Volatile.Read(ref stays) >= 2, "the second event to the remaining subscriber");
        await Task.Delay(QuietPeriod);
        Assert.Equal(before, Volatile.Read(ref count));
    }

    [Fact]
    public async Task Should_Have_Effect_Exactly_Once_With_An_Idempotent_Consumer()
    {
        var bus = await BusAsync();
        var topic = Topic("idempotent");
        var seen = new RecentEventIds(10_000);
        var effects = new ConcurrentDictionary<string, int>();
        var failedOnce = 0;
        await SubscribeBatchAsync(bus, topic, "ledger", (batch, _) =>
        {
            foreach (var e in batch)
            {
                // The effect and remembering its id happen together; a failure after them redelivers the batch.
                if (seen.TryAdd(e.Id)) effects.AddOrUpdate(e.Id, 1, (_, c) => c + 1);
                if (NumberOf(e) == 50 && Interlocked.Exchange(ref failedOnce, 1) == 0) throw new IOException("crash mid-batch");
            }
            return Task.CompletedTask;
        }, new BatchOptions { MaxEvents = 25, MaxWait = TimeSpan.FromMilliseconds(50) });
        var events = Enumerable.Range(0, 100).Select(i => Numbered(i)).ToArray();
        await bus.PublishBatchAsync(topic, events);
        // Producers retry too: the same events published again (same ids) must change nothing.
        await bus.PublishBatchAsync(topic, events[..10]);
        await Eventually(() => effects.Count == 100, "100 distinct effects");
        await Task.Delay(QuietPeriod);
        Assert.Equal(1, Volatile.Read(ref failedOnce));
        Assert.Equal(events.Select(e => e.Id).Order(), effects.Keys.Order());
        Assert.All(effects.Values, c => Assert.Equal(1, c));
    }
}
