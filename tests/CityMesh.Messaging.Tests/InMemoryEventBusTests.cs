using System.Text.Json;

namespace CityMesh.Messaging.Tests;

/// <summary>What only the in-memory transport promises; the shared promises are in Contract/.</summary>
public sealed class InMemoryEventBusTests
{
    private static CloudEvent Event(int n) => CloudEvent.Create("/test", "io.citymesh.test", new { n });

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
    public async Task Should_Release_A_Waiting_Publisher_When_The_Full_Subscription_Ends()
    {
        await using var bus = new InMemoryEventBus(new InMemoryEventBusOptions { Capacity = 1 });
        var gate = new TaskCompletionSource();
        var s = bus.Subscribe("t", "slow", async (_, _) => await gate.Task);
        await bus.PublishAsync("t", Event(1)); // taken by the handler, which blocks
        await Task.Delay(50);
        await bus.PublishAsync("t", Event(2)); // fills the channel
        var blocked = bus.PublishAsync("t", Event(3));
        var leaving = s.DisposeAsync().AsTask();
        await blocked.WaitAsync(TimeSpan.FromSeconds(5)); // completes instead of throwing ChannelClosedException
        gate.SetResult();
        await leaving.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(blocked.IsCompletedSuccessfully);
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
