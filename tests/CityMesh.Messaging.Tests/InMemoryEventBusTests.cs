using System.Collections.Concurrent;
using System.Text.Json;

namespace CityMesh.Messaging.Tests;

public sealed class InMemoryEventBusTests
{
    private static CloudEvent Event(int n) => CloudEvent.Create("/test", "io.citymesh.test", new { n });

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition(), "condition not met within 5 s");
    }

    [Fact]
    public async Task Should_Deliver_Every_Event_To_Every_Subscriber_In_Order()
    {
        await using var bus = new InMemoryEventBus();
        var a = new ConcurrentQueue<int>();
        var b = new ConcurrentQueue<int>();
        await using var s1 = bus.Subscribe("t", "a", (e, _) => { a.Enqueue(e.Data.GetProperty("n").GetInt32()); return Task.CompletedTask; });
        await using var s2 = bus.Subscribe("t", "b", (e, _) => { b.Enqueue(e.Data.GetProperty("n").GetInt32()); return Task.CompletedTask; });
        for (var i = 0; i < 100; i++) await bus.PublishAsync("t", Event(i));
        await Eventually(() => a.Count == 100 && b.Count == 100);
        Assert.Equal(Enumerable.Range(0, 100), a);
        Assert.Equal(Enumerable.Range(0, 100), b);
    }

    [Fact]
    public async Task Should_Retry_A_Failing_Handler_Then_Succeed()
    {
        await using var bus = new InMemoryEventBus(new InMemoryEventBusOptions { RetryBackoff = TimeSpan.FromMilliseconds(1) });
        var attempts = 0;
        var handled = 0;
        await using var s = bus.Subscribe("t", "flaky", (_, _) =>
        {
            if (Interlocked.Increment(ref attempts) < 3) throw new InvalidOperationException("transient");
            Interlocked.Increment(ref handled);
            return Task.CompletedTask;
        });
        await bus.PublishAsync("t", Event(1));
        await Eventually(() => handled == 1);
        Assert.Equal(3, attempts);
        Assert.Equal(0, bus.DeadLetteredCount);
    }

    [Fact]
    public async Task Should_Dead_Letter_A_Poison_Event_With_The_Reason_And_Keep_Flowing()
    {
        await using var bus = new InMemoryEventBus(new InMemoryEventBusOptions { MaxAttempts = 2, RetryBackoff = TimeSpan.FromMilliseconds(1) });
        var dead = new ConcurrentQueue<CloudEvent>();
        var good = new ConcurrentQueue<int>();
        await using var dlq = bus.Subscribe(Topics.DeadLetter("t"), "ops", (e, _) => { dead.Enqueue(e); return Task.CompletedTask; });
        await using var s = bus.Subscribe("t", "strict", (e, _) =>
        {
            var n = e.Data.GetProperty("n").GetInt32();
            if (n == 2) throw new FormatException("event 2 is poison");
            good.Enqueue(n);
            return Task.CompletedTask;
        });
        for (var i = 1; i <= 3; i++) await bus.PublishAsync("t", Event(i));
        await Eventually(() => good.Count == 2 && dead.Count == 1);
        Assert.Equal([1, 3], good);
        var letter = dead.Single().GetData<DeadLetter>();
        Assert.Equal("strict", letter.Subscriber);
        Assert.Equal("FormatException", letter.Error);
        Assert.Equal("event 2 is poison", letter.Reason);
        Assert.Equal(2, letter.Original.Data.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task Should_Make_Publishers_Wait_When_A_Subscriber_Is_Full()
    {
        await using var bus = new InMemoryEventBus(new InMemoryEventBusOptions { Capacity = 2 });
        var gate = new TaskCompletionSource();
        await using var s = bus.Subscribe("t", "slow", async (_, _) => await gate.Task);
        await bus.PublishAsync("t", Event(1)); // taken by the handler, which blocks
        await Task.Delay(50);
        await bus.PublishAsync("t", Event(2));
        await bus.PublishAsync("t", Event(3)); // the channel now holds 2
        var blocked = bus.PublishAsync("t", Event(4));
        await Task.Delay(100);
        Assert.False(blocked.IsCompleted, "a full subscription must hold the publisher back");
        gate.SetResult();
        await blocked.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Should_Stop_Delivering_After_Unsubscribe()
    {
        await using var bus = new InMemoryEventBus();
        var count = 0;
        var s = bus.Subscribe("t", "a", (_, _) => { Interlocked.Increment(ref count); return Task.CompletedTask; });
        await bus.PublishAsync("t", Event(1));
        await Eventually(() => count == 1);
        await s.DisposeAsync();
        await bus.PublishAsync("t", Event(2));
        await Task.Delay(50);
        Assert.Equal(1, count);
    }

    [Fact]
    public void CloudEvent_Should_Carry_Its_Data_As_Json()
    {
        var e = CloudEvent.Create("/src", "io.citymesh.x", new { speed = 42.5 }, subject: "urn:x");
        Assert.Equal(32, e.Id.Length);
        Assert.Equal("urn:x", e.Subject);
        Assert.Equal(42.5, e.Data.GetProperty("speed").GetDouble());
        Assert.Throws<JsonException>(() => (e with { Data = JsonDocument.Parse("null").RootElement }).GetData<DeadLetter>());
    }
}
