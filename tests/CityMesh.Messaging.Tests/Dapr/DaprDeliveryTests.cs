using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using CityMesh.Messaging.Dapr;

namespace CityMesh.Messaging.Tests.Dapr;

/// <summary>The app side: /dapr/subscribe, deliveries and their SUCCESS / RETRY / DROP answers, app token.</summary>
public sealed class DaprDeliveryTests
{
    private static CloudEvent Numbered(int n) => CloudEvent.Create("/test", "io.citymesh.test", new { n }, "urn:s:1");

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(10);
        Assert.True(condition(), what);
    }

    private static Task<FakeDaprSidecar> Sidecar() => FakeDaprSidecar.StartAsync(s =>
    {
        s.ApiToken = "to-sidecar";
        s.AppApiToken = "to-app";
    });

    [Fact]
    public async Task Should_Announce_Subscriptions_In_The_Documented_Shape()
    {
        await using var app = await DaprTestApp.StartAsync(await Sidecar(), bus =>
        {
            bus.Subscribe("transport.events", "a", (_, _) => Task.CompletedTask);
            bus.Subscribe("transport.events", "b", (_, _) => Task.CompletedTask);
            bus.SubscribeBatch("telemetry.raw", "ingest", (_, _) => Task.CompletedTask,
                new BatchOptions { MaxEvents = 200, MaxWait = TimeSpan.FromMilliseconds(40) });
        });
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Add("dapr-api-token", "to-app");
        var json = await http.GetStringAsync(new Uri(app.Address, "/dapr/subscribe"));
        // One subscription per topic (the app's consumer group), as Dapr.AspNetCore's MapSubscribeHandler writes it:
        // camelCase (the runtime matches names case-insensitively), routes without a leading slash, nulls left out.
        Assert.Equal(
            """[{"topic":"telemetry.raw","pubsubName":"citymesh-pubsub","route":"dapr/events/telemetry.raw","deadLetterTopic":"telemetry.raw.dlq","bulkSubscribe":{"enabled":true,"maxMessagesCount":200,"maxAwaitDurationMs":40}},"""
            + """{"topic":"transport.events","pubsubName":"citymesh-pubsub","route":"dapr/events/transport.events","deadLetterTopic":"transport.events.dlq"}]""",
            json);
    }

    [Fact]
    public async Task Should_Refuse_Calls_Without_The_App_Token()
    {
        await using var app = await DaprTestApp.StartAsync(await Sidecar(), bus => bus.Subscribe("t", "a", (_, _) => Task.CompletedTask));
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(app.Address, "/dapr/subscribe"))).StatusCode);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, new Uri(app.Address, "/dapr/events/t"))
        {
            Content = new ByteArrayContent(DaprCloudEventJson.Serialize(Numbered(1))),
        };
        wrong.Headers.Add("dapr-api-token", "to-app-not");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);
    }

    [Fact]
    public async Task Should_Answer_400_To_An_Event_With_Both_Data_And_Data_Base64()
    {
        var handled = 0;
        await using var app = await DaprTestApp.StartAsync(await Sidecar(), bus => bus.Subscribe("t", "a", (_, _) =>
        {
            Interlocked.Increment(ref handled);
            return Task.CompletedTask;
        }));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(app.Address, "/dapr/events/t"))
        {
            Content = new StringContent("""{"specversion":"1.0","id":"x","source":"s","type":"t","data":{"a":1},"data_base64":"AAE="}""",
                Encoding.UTF8, "application/cloudevents+json"),
        };
        request.Headers.Add("dapr-api-token", "to-app");
        var response = await http.SendAsync(request);
        // UseCloudEvents answers it (with no body), so the sidecar retries and then dead-letters it; no handler sees it.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, Volatile.Read(ref handled));
    }

    [Fact]
    public async Task Should_Answer_Retry_While_The_Handler_Fails_Then_Success()
    {
        var attempts = 0;
        var handled = new ConcurrentQueue<int>();
        await using var app = await DaprTestApp.StartAsync(await Sidecar(), bus => bus.Subscribe("t", "flaky", (e, _) =>
        {
            if (Interlocked.Increment(ref attempts) < 3) throw new TimeoutException("store busy");
            handled.Enqueue(e.Data.GetProperty("n").GetInt32());
            return Task.CompletedTask;
        }));
        var e = Numbered(5);
        await app.Bus.PublishAsync("t", e);
        await Eventually(() => !handled.IsEmpty, "handled after two RETRY answers");
        await Eventually(() => app.Sidecar.Deliveries.Count == 3, "three deliveries");
        var answers = app.Sidecar.Deliveries.Select(d => (d.StatusCode, JsonDocument.Parse(d.Answer).RootElement.GetProperty("status").GetString())).ToArray();
        Assert.Equal([(200, "RETRY"), (200, "RETRY"), (200, "SUCCESS")], answers);
        Assert.Empty(app.Sidecar.DeadLettered);
    }

    [Fact]
    public async Task Should_Answer_Drop_And_Dead_Letter_A_Rejected_Event_With_The_Reason()
    {
        var letters = new ConcurrentQueue<CloudEvent>();
        await using var app = await DaprTestApp.StartAsync(await Sidecar(), bus =>
        {
            bus.Subscribe("t", "strict", (_, _) => throw new PoisonEventException("unknown entity urn:x"));
            bus.Subscribe("t.dlq", "ops", (e, _) => { letters.Enqueue(e); return Task.CompletedTask; });
        });
        var e = Numbered(9);
        await app.Bus.PublishAsync("t", e);
        await Eventually(() => !letters.IsEmpty, "the dead letter");
        // We dead-letter before answering DROP, so the sidecar may record the answer after the letter arrives.
        await Eventually(() => app.Sidecar.Deliveries.Any(d => d.Topic == "t") && app.Sidecar.Dropped.Any(d => d.EventId == e.Id), "the sidecar recorded its delivery and drop");
        var delivery = Assert.Single(app.Sidecar.Deliveries, d => d.Topic == "t");
        Assert.Equal("DROP", JsonDocument.Parse(delivery.Answer).RootElement.GetProperty("status").GetString());
        Assert.Contains(app.Sidecar.Dropped, d => d.EventId == e.Id && d.Why == "app answered DROP");
        var letter = Assert.Single(letters).GetData<DeadLetter>();
        Assert.Equal(("t", "strict", nameof(PoisonEventException), "unknown entity urn:x"), (letter.Topic, letter.Subscriber, letter.Error, letter.Reason));
        Assert.Equal(e.Id, letter.Original.Id);
        Assert.Empty(app.Sidecar.DeadLettered);
    }

    [Fact]
    public async Task Should_Let_The_Sidecar_Dead_Letter_When_Its_Retries_Run_Out_First()
    {
        var letters = new ConcurrentQueue<CloudEvent>();
        // The app would give up after 10 deliveries, the sidecar after 1 + 2 retries: the sidecar's DLQ takes the bare event.
        var sidecar = await FakeDaprSidecar.StartAsync(s => s.MaxRetries = 2);
        await using var app = await DaprTestApp.StartAsync(sidecar, bus =>
        {
            bus.Subscribe("t", "down", (_, _) => throw new IOException("database down"));
            bus.Subscribe("t.dlq", "ops", (e, _) => { letters.Enqueue(e); return Task.CompletedTask; });
        }, new Dictionary<string, string?> { [$"{DaprOptions.SectionName}:MaxDeliveryAttempts"] = "10" });
        var e = Numbered(1);
        await app.Bus.PublishAsync("t", e);
        await Eventually(() => !letters.IsEmpty, "the sidecar's dead letter");
        Assert.Equal(3, app.Sidecar.Deliveries.Count(d => d.Topic == "t"));
        Assert.Equal(e.Id, Assert.Single(app.Sidecar.DeadLettered).EventId);
        // DLQ readers see the same DeadLetter shape as when CityMesh dead-letters.
        var letter = Assert.Single(letters).GetData<DeadLetter>();
        Assert.Equal(("t", "dapr-sidecar", e.Id), (letter.Topic, letter.Subscriber, letter.Original.Id));
    }

    [Fact]
    public async Task Should_Answer_Bulk_Deliveries_Per_Entry()
    {
        var handled = new ConcurrentQueue<int>();
        await using var app = await DaprTestApp.StartAsync(await Sidecar(), bus => bus.SubscribeBatch("t", "b", (batch, _) =>
        {
            if (batch.Any(x => x.Data.GetProperty("n").GetInt32() == 2)) throw new PoisonEventException("2 is bad");
            foreach (var x in batch) handled.Enqueue(x.Data.GetProperty("n").GetInt32());
            return Task.CompletedTask;
        }, new BatchOptions { MaxEvents = 10, MaxWait = TimeSpan.FromMilliseconds(50) }));
        await app.Bus.PublishBatchAsync("t", [.. Enumerable.Range(0, 4).Select(Numbered)]);
        await Eventually(() => handled.Count == 3 && app.Sidecar.Dropped.Count == 1, "three handled, one dropped");
        var delivery = Assert.Single(app.Sidecar.Deliveries, d => d.Topic == "t");
        var statuses = JsonDocument.Parse(delivery.Answer).RootElement.GetProperty("statuses").EnumerateArray()
            .Select(s => s.GetProperty("status").GetString()!).ToArray();
        Assert.Equal(["SUCCESS", "SUCCESS", "DROP", "SUCCESS"], statuses);
        Assert.Equal([0, 1, 3], handled.Order());
    }

    [Fact]
    public async Task Should_Not_Get_Events_For_A_Topic_Subscribed_After_The_Sidecar_Read_The_Subscriptions()
    {
        var late = 0;
        await using var app = await DaprTestApp.StartAsync(await Sidecar(), bus => bus.Subscribe("early", "a", (_, _) => Task.CompletedTask));
        await using var s = app.Bus.Subscribe("late", "b", (_, _) => { Interlocked.Increment(ref late); return Task.CompletedTask; });
        await app.Bus.PublishAsync("late", Numbered(1));
        await Task.Delay(300);
        Assert.Equal(0, Volatile.Read(ref late));
        await app.Sidecar.LoadSubscriptionsAsync(app.Address); // a sidecar restart picks it up
        await Eventually(() => Volatile.Read(ref late) == 1, "delivered after the sidecar re-read /dapr/subscribe");
    }

    [Fact]
    public async Task Should_Answer_Retry_While_The_Dead_Letter_Cannot_Be_Published_Then_Drop_Once_It_Is()
    {
        var letters = new ConcurrentQueue<CloudEvent>();
        using var gate = new SemaphoreSlim(0);
        await using var app = await DaprTestApp.StartAsync(await Sidecar(), bus =>
        {
            bus.Subscribe("t", "strict", async (_, ct) =>
            {
                await gate.WaitAsync(ct);
                throw new PoisonEventException("unknown entity urn:x");
            });
            bus.Subscribe("t.dlq", "ops", (e, _) => { letters.Enqueue(e); return Task.CompletedTask; });
        }, new Dictionary<string, string?> { [$"{DaprOptions.SectionName}:PublishAttempts"] = "2" });
        var e = Numbered(3);
        await app.Bus.PublishAsync("t", e);
        // The broker is down for both attempts of the first dead letter, then back.
        Interlocked.Exchange(ref app.Sidecar.FailingPublishes, 2);
        gate.Release(2);
        await Eventually(() => !letters.IsEmpty, "the dead letter, once the broker is back");
        await Eventually(() => app.Sidecar.Dropped.Any(d => d.EventId == e.Id), "the sidecar recorded the drop");
        var answers = app.Sidecar.Deliveries.Where(d => d.Topic == "t")
            .Select(d => JsonDocument.Parse(d.Answer).RootElement.GetProperty("status").GetString()!).ToArray();
        // Never dropped before its dead letter was safe.
        Assert.Equal(["RETRY", "DROP"], answers);
        Assert.Equal(0, Volatile.Read(ref app.Sidecar.FailingPublishes));
        var letter = Assert.Single(letters).GetData<DeadLetter>();
        Assert.Equal(("strict", e.Id), (letter.Subscriber, letter.Original.Id));
        Assert.Empty(app.Sidecar.DeadLettered);
    }

    [Fact]
    public async Task Should_Dead_Letter_Events_Of_A_Topic_Nobody_Subscribes_To_Any_More_Rather_Than_Answer_404()
    {
        var letters = new ConcurrentQueue<CloudEvent>();
        IAsyncDisposable? leaving = null;
        await using var app = await DaprTestApp.StartAsync(await Sidecar(), b =>
        {
            leaving = b.Subscribe("t", "leaving", (_, _) => Task.CompletedTask);
            b.Subscribe("t.dlq", "ops", (e, _) => { letters.Enqueue(e); return Task.CompletedTask; });
        });
        await leaving!.DisposeAsync(); // the sidecar read the subscription already and keeps delivering
        var e = Numbered(4);
        await app.Bus.PublishAsync("t", e);
        await Eventually(() => !letters.IsEmpty, "the dead letter");
        await Eventually(() => app.Sidecar.Deliveries.Any(d => d.Topic == "t"), "the delivery recorded");
        var delivery = Assert.Single(app.Sidecar.Deliveries, d => d.Topic == "t");
        Assert.Equal(200, delivery.StatusCode); // a 404 would make the sidecar drop it unseen
        Assert.Equal("DROP", JsonDocument.Parse(delivery.Answer).RootElement.GetProperty("status").GetString());
        var letter = Assert.Single(letters).GetData<DeadLetter>();
        Assert.Equal(("t", DaprEventBus.NoSubscriberError, e.Id), (letter.Topic, letter.Error, letter.Original.Id));
    }
}
